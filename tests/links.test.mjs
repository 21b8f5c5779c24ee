// Hand-placed points in a link (web/points-link.js), in Node: compact enough
// that 1,000 points stay under 8 KB and 5,000 fit any server, exact to the
// 0.01 the link promises, compressed for Share, and unreadable text refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressLink, decodePoints, encodePoints, expandLink } from '../web/points-link.js';

function points(n, seed, labels = (i) => i % 2) {
  let s = seed;
  const random = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const set = () => ({ x: [], y: [], label: [] });
  const data = { train: set(), test: set() };
  for (let i = 0; i < n; i++) {
    const target = i % 5 === 4 ? data.test : data.train;
    target.x.push(Math.round((random() * 12 - 6) * 100) / 100 + 0);
    target.y.push(Math.round((random() * 12 - 6) * 100) / 100 + 0);
    target.label.push(labels(i, random));
  }
  return data;
}

test('points round-trip exactly, and a link stays short', () => {
  for (const n of [1, 1000, 4000, 5000]) {
    const data = points(n, n);
    const text = encodePoints(data);
    assert.deepEqual(decodePoints(text, 5000), data);
    const link = `?${new URLSearchParams({ data: text })}`;
    console.log(`${n} points: ${link.length} characters`);
    if (n === 1000) assert.ok(link.length < 8000, `1000 points take ${link.length} characters`);
    assert.ok(link.length < 40_000, `${n} points take ${link.length} characters; servers stop near 65,500`);
  }
  // Regression labels (not whole) and coordinates far out keep 0.01.
  const wide = points(300, 7, (i, random) => Math.round((random() * 2 - 1) * 100) / 100 + 0);
  wide.train.x[0] = -999.99;
  wide.train.y[0] = 1000;
  assert.deepEqual(decodePoints(encodePoints(wide), 5000), wide);
});

test('Share compresses the points and the page expands them back', async () => {
  // Hand-placed points cluster; a grid of clicks compresses well.
  const grid = { train: { x: [], y: [], label: [] }, test: { x: [], y: [], label: [] } };
  for (let i = 0; i < 1000; i++) {
    grid.train.x.push((i % 40) / 4 - 5);
    grid.train.y.push(Math.floor(i / 40) / 4 - 3);
    grid.train.label.push(Number(i % 40 > 20));
  }
  const search = `?dataset=xor&${new URLSearchParams({ data: encodePoints(grid) })}`;
  const short = await compressLink(search);
  console.log(`1000 grid points: ${search.length} → ${short.length} characters`);
  assert.ok(short.length < search.length / 2);
  assert.match(short, /data=z/);
  assert.match(short, /dataset=xor/);
  const back = await expandLink(short);
  assert.deepEqual(decodePoints(new URLSearchParams(back).get('data'), 5000), grid);
  // Text that is not ours inflates to nothing readable.
  assert.equal(new URLSearchParams(await expandLink('?data=zAAAA')).get('data'), 'unreadable');
});

test('unreadable, truncated or oversized point text is refused, never thrown', () => {
  const text = encodePoints(points(50, 3));
  for (const bad of ['', 'b', 'b!!', 'bAAAA', text.slice(0, -3), `${text}AA`, 'z', 'x,y,1', '1,2;3,4,5']) {
    assert.equal(decodePoints(bad, 5000), undefined, bad);
  }
  assert.equal(decodePoints(text, 10), undefined, 'more points than allowed');
  // Links made before the compact form still open.
  assert.deepEqual(decodePoints('1,2,1;-0.5,0.25,0|3,4,1', 5000), {
    train: { x: [1, -0.5], y: [2, 0.25], label: [1, 0] },
    test: { x: [3], y: [4], label: [1] },
  });
});
