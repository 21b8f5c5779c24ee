// The images module (web/pkg-images, nnplay-wasm with its `images` feature):
// its size, the digits it is handed, a convolutional run on them, its
// confusion matrix, and the scenes in the plane unchanged by it. Node only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as images from '../web/pkg-images/nnplay_wasm.js';
import * as base from '../web/pkg/nnplay_wasm.js';
import { formatNumber, formatPercent, formatRatio } from '../web/format.js';
import en from '../web/messages/en.js';
import ko from '../web/messages/ko.js';
import { HOSTILE, trapped } from './hostile-values.mjs';
import { layerShapes } from '../web/layer-stack.js';
import { GRID, gridToPixels } from '../web/draw-pad.js';
import { confusionOf, predictedClass } from '../web/metrics.js';

const file = (path) => readFileSync(new URL(path, import.meta.url));
images.initSync({ module: file('../web/pkg-images/nnplay_wasm_bg.wasm') });
base.initSync({ module: file('../web/pkg/nnplay_wasm_bg.wasm') });
const digits = new Uint8Array(gunzipSync(file('../web/data/digits.u8.gz')));

const CONV = {
  dataset: 'digits',
  points: 300,
  testRatio: 0.3,
  layers: [
    { kind: 'conv2d', filters: 6, size: 3, padding: 'same', activation: 'relu' },
    { kind: 'maxPool2d' },
  ],
  init: 'he',
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 16,
};

test('the images module (image and sequence scenes) stays within its own budget: 185,000 bytes gzipped', () => {
  const size = gzipSync(file('../web/pkg-images/nnplay_wasm_bg.wasm'), { level: 9 }).length;
  assert.ok(size <= 185_000, `the images module is ${size} bytes gzipped`);
});

test('a digits run before the digits are loaded is refused with what to do', () => {
  assert.throws(() => new images.Playground(CONV), /call loadDigits\(bytes\)/);
  assert.throws(() => new base.Playground(CONV), /dataset must be one of/);
});

test('loadDigits takes the unzipped file and refuses anything else by name', () => {
  for (const bad of [undefined, null, 'digits', 42, [1, 2, 3], new Float32Array(65), {}]) {
    assert.throws(() => images.loadDigits(bad), /loadDigits needs the digits file's bytes as a Uint8Array/);
  }
  assert.throws(() => images.loadDigits(new Uint8Array(64)), /a whole number of images of 65 bytes/);
  const broken = digits.slice();
  broken[0] = 12;
  assert.throws(() => images.loadDigits(broken), /the label of digit image 0/);
  assert.equal(images.loadDigits(digits), 1797);
});

test('a convolutional net learns the digits, and its confusion matrix adds up', () => {
  images.loadDigits(digits);
  const run = new images.Playground(CONV);
  const before = run.summary().testAccuracy;
  run.trainEpochs(15);
  const after = run.summary().testAccuracy;
  assert.ok(before < 0.3 && after > 0.85, `test accuracy ${before} → ${after}`);
  const c = run.confusion();
  assert.equal(c.classes, 10);
  assert.ok(c.counts instanceof Uint32Array && c.counts.length === 100);
  const total = c.counts.reduce((a, b) => a + b, 0);
  assert.equal(total, 539, 'every test image counted once');
  const diagonal = [...Array(10).keys()].reduce((a, k) => a + c.counts[k * 11], 0);
  assert.ok(Math.abs(c.accuracy - diagonal / total) < 1e-6);
  assert.ok(Math.abs(c.accuracy - after) < 1e-6, 'the summary and the matrix agree');
  assert.equal(c.perClass.length, 10);
  assert.equal(c.perClass.reduce((a, m) => a + m.support, 0), 539);
  assert.equal(run.confusion('train').counts.reduce((a, b) => a + b, 0), 300);
  assert.throws(() => run.confusion('validation'), /confusion's set must be 'test' or 'train'/);
  // What needs points in the plane says so instead of drawing nonsense.
  assert.throws(() => run.decisionGrid(8, 0, 1, 0, 1), /needs points in the plane/);
  assert.throws(() => run.predict(0.5, 0.5), /needs points in the plane/);
  assert.throws(() => run.neuronGrids(256, 0, 1, 0, 1), /needs points in the plane/);
  assert.throws(() => run.separatingLines(), /needs points in the plane/);
});

test('predictImages reads images given as pixels, and refuses what is not 64 finite values each', () => {
  images.loadDigits(digits);
  const run = new images.Playground(CONV);
  run.trainEpochs(15);
  // Every image of the file, as the README says: 64 values from 0 to 1.
  const count = 1797;
  const pixels = Float32Array.from(digits.subarray(count), (v) => v / 16);
  const out = run.predictImages(pixels);
  assert.equal(out.length, count * 10);
  let right = 0;
  for (let i = 0; i < count; i += 1) {
    const p = out.subarray(i * 10, i * 10 + 10);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-4, `image ${i} sums to 1`);
    const best = p.indexOf(Math.max(...p));
    if (best === digits[i]) right += 1;
  }
  assert.ok(right / count > 0.85, `${right} of ${count} read right`);
  assert.throws(() => run.predictImages(new Float32Array(63)), /64 values each/);
  assert.throws(() => run.predictImages([...new Array(63).fill(0), NaN]), /predictImages' pixels\[63\] must be a finite number, got NaN/);
  assert.throws(() => run.predictImages('pixels'), /predictImages' pixels must be a Float32Array or an array of numbers/);
  assert.throws(() => new images.Playground({ dataset: 'xor' }).predictImages(new Float32Array(64)), /needs a run of images/);
  assert.throws(() => images.loadDigits(new Uint8Array(file('../web/data/digits.u8.gz'))), /still gzip-compressed: unzip it first/);
});

test('a conv run on the digits goes through a model file and back, bit for bit', () => {
  images.loadDigits(digits);
  const run = new images.Playground(CONV);
  run.trainEpochs(3);
  const json = run.exportModel();
  const copy = images.Playground.fromModel(json);
  assert.equal(copy.exportModel(), json);
  assert.deepEqual([...copy.confusion().counts], [...run.confusion().counts]);
  assert.throws(() => base.Playground.fromModel(json), /dataset must be one of/);
  // A run in the plane exported by either module reads the same.
  const plane = new images.Playground({ dataset: 'circle', hiddenLayers: [3] });
  assert.equal(plane.exportModel(), new base.Playground({ dataset: 'circle', hiddenLayers: [3] }).exportModel());
  assert.throws(() => run.addPoint(0.5, 0.5, 1), /needs points in the plane/);
});

test('the coach names a thinned class with its recall beside accuracy, in both languages', () => {
  images.loadDigits(digits);
  const run = new images.Playground({
    dataset: 'digits', points: 2000, testRatio: 0.3, hiddenLayers: [16], activation: 'relu',
    init: 'he', optimizer: 'adam', learningRate: 0.01, batchSize: 16, rareClass: 8, rareClassShare: 0.1,
  });
  run.trainEpochs(20);
  const finding = run.coach().find((x) => x.code === 'classImbalance');
  assert.ok(finding, 'the coach sees the thinned 8s');
  const c = run.confusion();
  assert.equal(finding.class, 8);
  assert.equal(finding.recall, c.perClass[8].recall);
  assert.ok(finding.recall < 0.8 && finding.accuracy > 0.9, JSON.stringify(finding));
  const f = { number: formatNumber, percent: formatPercent, ratio: formatRatio };
  for (const m of [en, ko]) {
    const text = m.coach.findings.classImbalance(finding, f, m);
    assert.ok(text.includes(formatPercent(finding.recall)) && text.includes(formatPercent(finding.accuracy)), text);
  }
  // A run in the plane has no recall to show, and says what it said before.
  const plane = new images.Playground({ dataset: 'circle' });
  const words = en.coach.findings.classImbalance({ code: 'classImbalance', class: 1, share: 0.1, majorityShare: 0.9 }, f, en);
  assert.ok(!words.includes('recall') && !plane.coach().some((x) => 'recall' in x));
});

test('every image setting and layer field, given every wrong value, is refused with an Error and the module goes on', () => {
  images.loadDigits(digits);
  const conv = (fields) => ({ ...CONV, layers: [{ kind: 'conv2d', filters: 4, size: 3, ...fields }, { kind: 'maxPool2d' }] });
  let refused = 0;
  let taken = 0;
  const attempt = (config) => {
    try {
      new images.Playground(config).free();
      taken += 1;
    } catch (e) {
      assert.ok(e instanceof Error && e.message.length > 0, String(e));
      refused += 1;
    }
  };
  for (const v of HOSTILE) {
    attempt({ ...CONV, augment: v });
    attempt({ ...CONV, rareClass: v });
    attempt({ ...CONV, rareClassShare: v });
    attempt(conv({ filters: v }));
    attempt(conv({ size: v }));
    attempt(conv({ padding: v }));
    attempt({ ...CONV, layers: [{ kind: 'maxPool2d', units: v }] });
    try {
      images.loadDigits(v);
    } catch (e) {
      assert.ok(e instanceof Error, String(e));
    }
    const run = new images.Playground({ ...CONV, points: 20 });
    for (const call of [() => run.confusion(v), () => run.predict(v, v), () => run.addPoint(v, v, v), () => run.predictImages(v)]) {
      try { call(); } catch (e) { assert.ok(e instanceof Error, String(e)); }
    }
    run.trainEpochs(1);
    run.free();
  }
  for (const v of trapped()) attempt(conv({ filters: v }));
  // Refusals name the field and what it allows.
  assert.throws(() => new images.Playground({ ...CONV, rareClassShare: 0 }), /rareClassShare must be a finite number from 0.05 to 1, got 0/);
  assert.throws(() => new images.Playground({ ...CONV, rareClass: 10 }), /rareClass must be a whole number from 0 to 9, got 10/);
  assert.throws(() => new images.Playground(conv({ filters: 17 })), /layers\[0\]\.filters must be a whole number from 1 to 16, got 17/);
  assert.throws(() => new images.Playground(conv({ size: 2 })), /needs an odd size/);
  assert.throws(() => new images.Playground(conv({ padding: 'full' })), /padding "same" or "valid"/);
  assert.throws(() => new images.Playground({ ...CONV, layers: [{ kind: 'maxPool2d', units: 3 }] }), /pooling and flatten only their kind/);
  assert.throws(() => new images.Playground({ ...CONV, augment: 'yes' }), /augment must be/);
  // A field no layer has is named, in either module.
  assert.throws(() => new images.Playground(conv({ kernelSize: 3 })), /config\.layers\[0\] has no field "kernelSize": a layer takes kind, units, filters, size, padding, activation/);
  assert.throws(() => new base.Playground({ layers: [{ kind: 'dense', units: 3, colour: 'red' }] }), /config\.layers\[0\] has no field "colour": a layer takes kind, units, activation/);
  // And after all of it, the module trains as before.
  const after = new images.Playground(CONV);
  after.trainEpochs(5);
  assert.ok(after.summary().testAccuracy > 0.7, String(after.summary().testAccuracy));
  console.log(`image settings: ${taken} taken, ${refused} refused`);
  assert.ok(refused > 5 * HOSTILE.length, `${refused} refused`);
});

test('a scene in the plane trains to the same bits in either module', () => {
  const config = { dataset: 'spiral', hiddenLayers: [8, 8], optimizer: 'adam', learningRate: 0.03 };
  const [a, b] = [new images.Playground(config), new base.Playground(config)];
  a.trainEpochs(50);
  b.trainEpochs(50);
  assert.deepEqual(a.summary(), b.summary());
  assert.deepEqual(a.lossHistory(), b.lossHistory());
  assert.equal(a.exportModel(), b.exportModel(), 'every weight, bit for bit');
});

test('images() hands over the images as the network reads them, beside their labels', () => {
  const p = new images.Playground(CONV);
  const { pixels, labels } = p.images('test');
  const train = p.images('train');
  assert.ok(pixels instanceof Float32Array && labels instanceof Uint8Array);
  assert.equal(pixels.length, 64 * labels.length);
  assert.equal(train.labels.length, 300);
  assert.ok(pixels.every((v) => v >= 0 && v <= 1) && labels.every((k) => k <= 9));
  // The same images the confusion matrix counts: its rows' sums are the labels' counts.
  const c = p.confusion('test');
  for (let k = 0; k < 10; k++) assert.equal(c.perClass[k].support, labels.filter((l) => l === k).length);
  // And the predictions of their pixels are the ones the run's accuracy counts.
  const outputs = p.predictImages(pixels);
  const right = labels.filter((l, i) => predictedClass(outputs, i, 10) === l).length;
  assert.equal(Math.fround(right / labels.length), p.summary().testAccuracy);
  assert.throws(() => p.images('validation'), /images's set must be 'test' or 'train', got the string "validation"/);
  p.free();
  const plane = new images.Playground({ dataset: 'circle' });
  assert.throws(() => plane.images(), /images/);
  plane.free();
});

test('the network editor counts each layer\'s output and parameters as the engine builds them', () => {
  const stacks = [
    [],
    [{ kind: 'dense', units: 16, activation: 'relu' }],
    CONV.layers,
    [{ kind: 'conv2d', filters: 4, size: 5, padding: 'valid', activation: 'tanh' }, { kind: 'avgPool2d' }, { kind: 'flatten' }, { kind: 'dense', units: 8 }],
    [{ kind: 'conv2d', filters: 3, size: 3, padding: 'same' }, { kind: 'conv2d', filters: 5, size: 3, padding: 'valid' }, { kind: 'maxPool2d' }],
  ];
  for (const [dataset, outputs] of [['digits', 10], ['digits38', 1]]) {
    for (const layers of stacks) {
      const p = new images.Playground({ ...CONV, dataset, layers });
      const engine = p.weights();
      const rows = layerShapes([1, 8, 8], layers, outputs);
      assert.equal(rows.length, engine.length, JSON.stringify(layers));
      rows.forEach((row, i) => {
        const where = `${dataset} ${JSON.stringify(layers)} layer ${i}`;
        assert.equal(row.shape.reduce((a, b) => a * b, 1), engine[i].neurons, where);
        assert.equal(row.parameters, (engine[i].weights?.length ?? 0) + (engine[i].biases?.length ?? 0), where);
      });
      p.free();
    }
  }
  // A stack the engine refuses has no shape from the layer that cannot fit.
  const rows = layerShapes([1, 8, 8], [{ kind: 'maxPool2d' }, { kind: 'maxPool2d' }, { kind: 'maxPool2d' }, { kind: 'maxPool2d' }], 10);
  assert.deepEqual(rows.map((r) => r.shape), [[1, 4, 4], [1, 2, 2], [1, 1, 1], null, null]);
});

test('the drawing pad counts each 4 × 4 block of its 32 × 32 cells into one pixel of 0 to 16, divided by 16', () => {
  const grid = new Uint8Array(GRID * GRID);
  // A whole block at the top left, 3 cells of the block at row 2, column 5, one cell at the bottom right.
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) grid[r * GRID + c] = 1;
  for (const [r, c] of [[8, 20], [9, 21], [11, 23]]) grid[r * GRID + c] = 1;
  grid[GRID * GRID - 1] = 1;
  const pixels = gridToPixels(grid);
  assert.equal(pixels.length, 64);
  assert.equal(pixels[0], 1);
  assert.equal(pixels[2 * 8 + 5], 3 / 16);
  assert.equal(pixels[63], 1 / 16);
  assert.equal(pixels.reduce((a, b) => a + b, 0), 1 + 3 / 16 + 1 / 16);
});

test('addImage puts a drawing into the training set and the run starts again; wrong pixels or labels are refused by name', () => {
  const p = new images.Playground(CONV);
  p.trainEpochs(2);
  const before = p.images('train');
  const drawing = new Float32Array(64).map((_, i) => (i % 8 === 3 || i % 8 === 4 ? 1 : 0));
  assert.equal(p.addImage(drawing, 1), 301);
  const after = p.images('train');
  assert.deepEqual(Array.from(after.pixels.subarray(0, before.pixels.length)), Array.from(before.pixels));
  assert.deepEqual(Array.from(after.pixels.subarray(before.pixels.length)), Array.from(drawing));
  assert.equal(after.labels[300], 1);
  assert.equal(p.summary().epoch, 0, 'the run starts again');
  assert.throws(() => p.addImage(drawing.subarray(0, 63), 1), /an image's pixels must be 64 values, got 63/);
  assert.throws(() => p.addImage(drawing.map(() => 2), 1), /a pixel must be a number from 0 to 1, got 2/);
  assert.throws(() => p.addImage(drawing, 10), /label/);
  assert.throws(() => p.addImage(drawing, '3'), /addImage's label must be a class number, got the string "3"/);
  assert.throws(() => p.addImage(drawing, 2.5), /label/);
  assert.equal(p.images('train').labels.length, 301, 'a refusal changes nothing');
  p.free();
  const plane = new images.Playground({ dataset: 'circle' });
  assert.throws(() => plane.addImage(drawing, 1), /adding an image needs a run of images/);
  plane.free();
});

test('the page module\'s confusion matrix (web/metrics.js) is the core\'s, figure for figure', () => {
  for (const [config, epochs] of [
    [{ dataset: 'spiral3', hiddenLayers: [8, 8], activation: 'relu', testRatio: 0.5 }, 30],
    [{ dataset: 'circle', testRatio: 0.4 }, 0],
    [{ dataset: 'xor', noise: 0.3, testRatio: 0.5, hiddenLayers: [4] }, 20],
    [{ dataset: 'gaussians', testRatio: 0.3 }, 5],
    [{ ...CONV, rareClass: 8, rareClassShare: 0.1 }, 3],
  ]) {
    const p = new images.Playground(config);
    p.trainEpochs(Math.max(1, epochs));
    const core = p.confusion('test');
    let truth;
    let outputs;
    if (config.dataset === 'digits') {
      const set = p.images('test');
      truth = Array.from(set.labels);
      outputs = p.predictImages(set.pixels);
    } else {
      const test = p.points().test;
      truth = Array.from(test.label);
      const xy = new Float32Array(2 * truth.length);
      truth.forEach((_, i) => { xy[2 * i] = test.x[i]; xy[2 * i + 1] = test.y[i]; });
      outputs = p.predictBatch(xy);
    }
    const width = outputs.length / truth.length;
    const page = confusionOf(truth, truth.map((_, i) => predictedClass(outputs, i, width)), core.classes);
    assert.deepEqual({ ...page, counts: Array.from(page.counts) }, { ...core, counts: Array.from(core.counts) }, config.dataset);
    assert.equal(page.accuracy, p.summary().testAccuracy, config.dataset);
    p.free();
  }
});

test('the README\'s sequence example trains as it says: a GRU carries the first value 19 steps', () => {
  const memory = new images.Playground({ dataset: 'memory', steps: 20, points: 1000, testRatio: 0.3,
    layers: [{ kind: 'gru', units: 16 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32 });
  memory.trainEpochs(30);
  assert.equal(memory.summary().testAccuracy, 1);
  // Its views refuse what has no sequence to read, saying why.
  const dense = new images.Playground({ dataset: 'memory', steps: 5, hiddenLayers: [4] });
  assert.throws(() => dense.unrolled([1, -1, 1, 1, -1]), /no recurrent layer to unroll/);
  assert.throws(() => memory.forecast(0, 10), /needs dataset sines/);
  assert.throws(() => memory.unrolled([1, 2]), /one sequence of a run of sequences: 20 values, got 2/);
  memory.free();
  dense.free();
});
