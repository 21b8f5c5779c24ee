// The digits data file (web/data/digits.u8.gz) is what its README says:
// 1,797 labelled 8×8 images from UCI's handwritten digits, unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

const COUNT = 1797;
const PIXELS = 64;
const bytes = gunzipSync(readFileSync(new URL('../web/data/digits.u8.gz', import.meta.url)));

test('the digits file holds 1,797 labels and 1,797 images of 64 pixels, byte for byte as converted', () => {
  assert.equal(bytes.length, COUNT * (1 + PIXELS));
  assert.equal(
    createHash('sha256').update(bytes).digest('hex'),
    'e1d88a0854e29e01d16358d2cd026aa8fc20dfc4cdb3fce004300857ea82aa70',
  );
});

test('labels are the ten digits, 174 to 183 images each; pixels count ink from 0 to 16', () => {
  const counts = new Array(10).fill(0);
  for (const label of bytes.subarray(0, COUNT)) {
    assert.ok(label <= 9, `label ${label}`);
    counts[label] += 1;
  }
  assert.deepEqual([Math.min(...counts), Math.max(...counts)], [174, 183]);
  const pixels = bytes.subarray(COUNT);
  assert.equal(Math.max(...pixels), 16);
  // Most images touch the top of the scale somewhere, none is blank.
  for (let i = 0; i < COUNT; i += 1) {
    const image = pixels.subarray(i * PIXELS, (i + 1) * PIXELS);
    assert.ok(image.some((v) => v > 0), `image ${i} is blank`);
  }
});

test('the first image is the zero scikit-learn\'s load_digits starts with, row by row', () => {
  assert.equal(bytes[0], 0);
  const first = [...bytes.subarray(COUNT, COUNT + 16)];
  assert.deepEqual(first, [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]);
});
