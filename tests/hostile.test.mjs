// Hostile input at every entry of the JavaScript API (in Node, no browser),
// and long runs. Every exported method gets every kind of wrong value in
// every argument; every config field, model file and CSV is broken in every
// way a hand edit can break it. Each call must either work or throw an
// `Error` with a message — never trap the module, never leave the handle
// unusable — and a refused call must leave the playground exactly as it was
// (`exportModel()` and `summary()` before and after). The figures (inputs
// per entry point, outcomes, memory) are printed as test diagnostics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, schema, Playground } from '../web/pkg/nnplay_wasm.js';
import { HOSTILE, nested } from './hostile-values.mjs';

const wasm = initSync({ module: readFileSync(new URL('../web/pkg/nnplay_wasm_bg.wasm', import.meta.url)) });

/** A valid argument list for each method, so one argument at a time is wrong. */
const VALID = {
  addPoint: [0.1, 0.2, 1],
  coach: [],
  config: [],
  decisionGrid: [8, -1, 1, -1, 1],
  domain: [],
  drawBoundary: [null, null],
  drawGradientHeatmap: [null, null],
  drawLossChart: [null, null],
  drawNeuronThumbnails: [[], null],
  explain: [0.1, 0.2, 1],
  exportModel: [],
  continuation: [],
  gradientHistory: [],
  hiddenNeurons: [],
  inputScaling: [],
  lossHistory: [],
  neuronGrids: [8, -1, 1, -1, 1],
  outputs: [],
  perceptronStep: [],
  pointsCsv: [],
  points: [],
  predictBatch: [[0, 0, 1, 1]],
  predict: [0.5, -0.5],
  removeNearest: [9, 9, 0.01],
  reseed: [2],
  reset: [],
  separatingLines: [],
  setBias: [0, 0, 0.25],
  setLearningRate: [0.1],
  setPointsCsv: ['x,y,label\n1,1,0\n-1,1,1\n'],
  setPoints: [{ train: [{ x: 1, y: 1, label: 0 }, { x: -1, y: 1, label: 1 }] }],
  setRegularization: ['l2', 0.01],
  setWeight: [0, 0, 0, 0.25],
  summary: [],
  task: [],
  trainEpochs: [1],
  trainOn: [0.1, 0.2, 1],
  trainStep: [1],
  unitHealth: [],
  weightGradients: [],
  weights: [],
};

const BASE = { points: 40, hiddenLayers: [4, 2], weightSeed: 3 };

/** The playground's whole observable state. */
const snapshot = (p) => p.exportModel() + JSON.stringify(p.summary());

/** A trap (a Rust panic or an out-of-bounds access) or a bricked handle. */
function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError || /unreachable|panicked|recursive use|null pointer/i.test(String(error?.message));
}

/**
 * Calls `call(p)` on a fresh playground and classifies the outcome; throws
 * (failing the test) on a trap, a non-Error throw, a refused call that
 * changed the playground, or a playground that cannot train afterwards.
 */
function probe(what, call, make = () => new Playground(BASE)) {
  const p = make();
  const before = snapshot(p);
  let outcome = 'accepted';
  try {
    call(p);
  } catch (error) {
    assert.ok(!isTrap(error), `${what}: trapped: ${error?.message}`);
    assert.ok(error instanceof Error && error.message.length > 10, `${what}: threw ${String(error)}, not an Error with a message`);
    let after;
    try {
      after = snapshot(p);
    } catch (later) {
      assert.fail(`${what}: refused ("${error.message}"), then the playground was unusable: ${later.message}`);
    }
    assert.equal(after, before, `${what}: refused ("${error.message}") but changed the playground`);
    outcome = 'refused';
  }
  // Still usable: it trains, predicts and exports.
  try {
    if (p.config().mode === 'network') p.trainStep(1);
    assert.ok(typeof p.predict(0.5, 0.5) !== 'undefined');
    assert.ok(p.exportModel().startsWith('{'));
  } catch (error) {
    assert.fail(`${what}: the playground is unusable afterwards: ${error.message}`);
  }
  p.free();
  return outcome;
}

function tally(t, name, outcomes) {
  const count = (o) => outcomes.filter((x) => x === o).length;
  t.diagnostic(`${name}: ${outcomes.length} inputs, ${count('accepted')} accepted, ${count('refused')} refused with an Error, 0 traps, 0 bricked handles`);
}

test('every method, every wrong value in every argument: an answer or an Error, never a trap, and a refusal changes nothing', (t) => {
  const methods = Object.getOwnPropertyNames(Playground.prototype).filter((m) => !['constructor', 'free', '__destroy_into_raw'].includes(m) && typeof Playground.prototype[m] === 'function');
  // Every exported method is swept: a new one must be added to VALID.
  assert.deepEqual(methods.filter((m) => !(m in VALID)), [], 'methods missing from VALID');
  let total = 0;
  for (const method of methods) {
    const valid = VALID[method];
    const outcomes = [];
    for (let arg = 0; arg < Math.max(valid.length, 1); arg++) {
      for (const bad of HOSTILE) {
        const args = [...valid];
        args[arg] = bad;
        outcomes.push(probe(`${method} argument ${arg} = ${describe(bad)}`, (p) => p[method](...args)));
      }
    }
    total += outcomes.length;
    tally(t, method, outcomes);
  }
  t.diagnostic(`methods: ${methods.length} swept, ${total} calls`);
});

test('every config field, every wrong value: a Playground or an Error naming the field', (t) => {
  const outcomes = [];
  const fields = schema().fields.map((f) => f.name);
  for (const field of fields) {
    for (const bad of HOSTILE) {
      if (typeof bad === 'symbol' || typeof bad === 'function') continue;
      try {
        new Playground({ ...BASE, [field]: bad }).free();
        outcomes.push('accepted');
      } catch (error) {
        assert.ok(!isTrap(error), `${field} = ${describe(bad)} trapped: ${error.message}`);
        // undefined is "not given"; anything refused names its field.
        // The field by its name (`config.noise must be …`) or in words (`the number of features …`).
        const words = field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
        assert.ok(error.message.includes(field) || error.message.includes(words), `${field} = ${describe(bad)}: "${error.message}" names the field`);
        assert.ok(error.message.length < 400, `${field} = ${describe(bad)}: a readable message, not ${error.message.length} characters`);
        outcomes.push('refused');
      }
    }
  }
  // Whole configs of the wrong kind, unknown and duplicate-looking keys.
  for (const config of [...HOSTILE, { colour: 'red' }, { learningrate: 0.1 }, { ...BASE, hiddenLayers: nested(1000) }]) {
    outcomes.push(probe(`config ${describe(config)}`, () => new Playground(config).free()));
  }
  tally(t, `constructor (${fields.length} fields)`, outcomes);
});

/** Every path into a parsed JSON value: [path, container, key]. */
function* paths(value, path = []) {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      yield [[...path, key], value, key];
      yield* paths(value[key], [...path, key]);
    }
  }
}

test('model files broken at every place: a Playground or "cannot read the model file: …"', (t) => {
  const source = new Playground({ ...BASE, hiddenLayers: [3], points: 6 });
  source.addPoint(0.5, 0.5, 1); // edited points travel in the file
  const text = source.exportModel();
  source.free();
  const outcomes = [];
  const load = (variant, what) => {
    outcomes.push(probe(what, () => {
      const p = Playground.fromModel(variant);
      assert.ok(p.exportModel().length > 0);
      p.free();
    }));
    try {
      Playground.fromModel(variant).free();
    } catch (error) {
      assert.match(error.message, /^cannot read the model file|^fromModel/, `${what}: "${error.message}"`);
    }
  };
  const replacements = [null, 'x', -1, 0, 1.5, 1e9, [], {}, true, '1e999', nested(50)];
  const count = [...paths(JSON.parse(text))].length;
  for (let i = 0; i < count; i++) {
    for (const r of replacements) {
      const doc = JSON.parse(text);
      const [path, container, key] = [...paths(doc)][i];
      container[key] = r;
      load(JSON.stringify(doc).replace('"1e999"', '1e999'), `${path.join('.')} = ${describe(r)}`);
    }
    const doc = JSON.parse(text);
    const [path, container, key] = [...paths(doc)][i];
    if (Array.isArray(container)) container.length = 0; else delete container[key];
    load(JSON.stringify(doc), `without ${path.join('.')}`);
    if (container[key] && typeof container[key] === 'object' && !Array.isArray(container[key])) {
      container[key].extra = 1;
      load(JSON.stringify(doc), `extra field in ${path.join('.')}`);
    }
  }
  for (let cut = 0; cut < text.length; cut += 7) load(text.slice(0, cut), `truncated at ${cut}`);
  for (const junk of [...HOSTILE.filter((v) => typeof v !== 'symbol'), '{', '[]', '"text"', text + text, text.replace('"version":2', '"version":3'), text.replace('nnplay-model', 'keras'), `[${'['.repeat(100_000)}`, '['.repeat(50_000) + ']'.repeat(50_000), text.replace('"layers":', `"layers":${'['.repeat(50_000)}${']'.repeat(50_000)},"x":`), '\u0000', '\ufeff' + text]) {
    load(junk, `whole file ${describe(junk)}`);
  }
  tally(t, 'fromModel', outcomes);
});

/** mulberry32: seeded, so a failure can be replayed. */
function generator(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

test('CSV text broken in every way: points or an Error, the old points kept', (t) => {
  const outcomes = [];
  const good = 'x,y,label,set\n1,1,0,train\n-1,1,1,train\n1,-1,1,test\n';
  const cases = [
    '', '\n', 'x,y,label', 'x,y\n1,2', '1,1,0', 'x,y,label\n1,1', 'x,y,label\nNaN,1,0', 'x,y,label\n1e999,1,0',
    'x,y,label\n1,1,2', 'x,y,label\n1,1,-1', 'x,y,label\n1,1,0.5', 'x,y,label\n"1",1,0', 'x;y;label\n1;1;0',
    'x,y,label,set\n1,1,0,validation', '\ufeffx,y,label\n1,1,0\n', 'x,y,label\r\n1,1,0\r\n', 'x,y,label\n1,1,0,,,,,',
    'x,y,label\n' + '1,1,0\n'.repeat(6000), 'x,y,label\n' + '9'.repeat(400) + ',1,0', good.repeat(2),
    'x,y,label\n<script>alert(1)</script>,1,0', 'x,y,label\n' + ','.repeat(100_000), '\u0000\u0001', good + 'garbage',
  ];
  for (let cut = 0; cut < good.length; cut += 3) cases.push(good.slice(0, cut));
  const random = generator(11);
  const alphabet = 'xylabelsettraintest,0123456789.-e+\n\r "NaNInfinity';
  for (let i = 0; i < 400; i++) {
    let s = random() < 0.5 ? 'x,y,label\n' : '';
    const n = Math.floor(random() * 60);
    for (let k = 0; k < n; k++) s += alphabet[Math.floor(random() * alphabet.length)];
    cases.push(s);
  }
  for (const text of cases) outcomes.push(probe(`setPointsCsv(${describe(text)})`, (p) => p.setPointsCsv(text)));
  tally(t, 'setPointsCsv', outcomes);
  assert.ok(outcomes.includes('accepted') && outcomes.includes('refused'), 'both outcomes occur');
});

test('1,000,000 training steps: the wasm memory is flat after warm-up', (t) => {
  const p = new Playground({ ...BASE, batchSize: 1 });
  p.trainStep(10_000);
  const warm = wasm.memory.buffer.byteLength;
  for (let i = 0; i < 100; i++) p.trainStep(10_000);
  const after = wasm.memory.buffer.byteLength;
  t.diagnostic(`1,000,000 steps (step ${p.summary().step}): wasm memory ${warm} bytes after warm-up, ${after} after`);
  assert.equal(p.summary().step, 1_010_000);
  assert.equal(after, warm);
  p.free();
});

test('1,000 playgrounds created and freed: memory and the handle table flat', (t) => {
  const configs = [BASE, { dataset: 'spiral3', points: 300, hiddenLayers: [8, 8] }, { dataset: 'circle', points: 500, features: ['x1', 'x2', 'x1Squared'] }, { mode: 'perceptron', dataset: 'and' }];
  const cycle = (n) => {
    for (let i = 0; i < n; i++) {
      const p = new Playground(configs[i % configs.length]);
      p.trainEpochs(1);
      p.lossHistory();
      p.free();
    }
  };
  cycle(100);
  const memory = wasm.memory.buffer.byteLength;
  const handles = wasm.__wbindgen_externrefs.length;
  cycle(1000);
  t.diagnostic(`1,000 playgrounds: wasm memory ${memory} → ${wasm.memory.buffer.byteLength} bytes, handle table ${handles} → ${wasm.__wbindgen_externrefs.length} slots`);
  assert.equal(wasm.memory.buffer.byteLength, memory);
  assert.equal(wasm.__wbindgen_externrefs.length, handles);
});

function describe(value) {
  try {
    return describeOrThrow(value);
  } catch {
    return 'a value whose reading throws';
  }
}

function describeOrThrow(value) {
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length > 30 ? `a string of ${value.length}` : JSON.stringify(value);
  if (value && typeof value === 'object') return value.constructor?.name ?? 'an object';
  return String(value);
}
