// Every kind of wrong value a page, a URL or a console can hand over, for
// the hostile-input tests (hostile.test.mjs: the wasm API; engine-host.test.mjs:
// the engine's calls).

/** Deeply nested arrays: a parser that recurses would overflow its stack. */
export function nested(depth) {
  let v = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Values whose reading runs code that throws: getters, Proxy traps,
 * iterators, a revoked Proxy, typed-array look-alikes, a detached array. */
export function trapped() {
  const boom = () => { throw new Error('the caller\'s code ran and threw'); };
  const getter = { get x() { return boom(); }, get length() { return boom(); } };
  const traps = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const indexGetter = [1, 2];
  Object.defineProperty(indexGetter, 0, { get: boom });
  const iterator = [1, 2];
  iterator[Symbol.iterator] = boom;
  const detached = new Float32Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const lyingLength = new Float32Array(8);
  Object.defineProperty(lyingLength, 'length', { value: 2 });
  return [getter, traps, revoked, indexGetter, iterator, detached, lyingLength,
    new Proxy(new Float32Array(4), {}), new Proxy([1, 2, 3, 4], { get: boom }),
    Object.create(Float32Array.prototype), { length: 2 ** 32 + 1 }, [traps], { x: traps }];
}

/** Every kind of wrong value a page, a URL or a console can hand over. */
export const HOSTILE = [...trapped(), 
  NaN, Infinity, -Infinity, -1, 0, -0, 1e9, -1e9, 1.5, 2 ** 53 + 2, Number.MIN_VALUE,
  '', 'x', '1', '<img src=x onerror=alert(1)>', ' '.repeat(100_000),
  null, undefined, true, false, {}, { length: 1e9 }, [], [1, 2], [NaN], ['a'],
  new Float32Array(0), new Float32Array(3), new Array(200_000).fill(0.5),
  nested(100_000), () => 1, Symbol('s'), 10n, new Date(0), /x/,
  { valueOf() { throw new Error('valueOf ran'); }, toString() { throw new Error('toString ran'); } },
];

