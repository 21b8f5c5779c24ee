// "Copy as PyTorch": the script has the chapter's structure and carries the
// scene's own numbers (checked here without PyTorch; the note of the issue
// reports a run of it under PyTorch itself).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, Playground } from '../web/pkg/nnplay_wasm.js';
import { pytorchScript, py } from '../web/pytorch.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import * as images from '../web/pkg-images/nnplay_wasm.js';

initSync({ module: readFileSync(new URL('../web/pkg/nnplay_wasm_bg.wasm', import.meta.url)) });
images.initSync({ module: readFileSync(new URL('../web/pkg-images/nnplay_wasm_bg.wasm', import.meta.url)) });
images.loadDigits(gunzipSync(readFileSync(new URL('../web/data/digits.u8.gz', import.meta.url))));
const ImagesPlayground = images.Playground;

function scriptOf(config) {
  const p = new Playground(config);
  p.trainEpochs(2);
  const script = pytorchScript(p);
  return { p, script };
}

test('the script is the chapter\'s PyTorch: a Module, a Dataset, a DataLoader, a loss, backward and step', () => {
  const { p, script } = scriptOf({});
  for (const part of ['class Net(nn.Module):', 'def __init__(self):', 'def forward(self, x):', 'class Points(Dataset):',
    'DataLoader(train, batch_sampler=order)', 'loss.backward()', 'optimizer.step()', 'nn.BCEWithLogitsLoss()',
    'torch.optim.SGD(groups, lr=0.3)', 'nn.Linear(2, 6),\n            nn.Tanh(),\n            nn.Linear(6, 3),\n            nn.Tanh(),\n            nn.Linear(3, 1)',
    'print(net)', 'class NnplayOrder:', 'for epoch in range(3, 23):', 'test_loss, test_right = evaluate(test)']) {
    assert.ok(script.includes(part), part);
  }
  // Every weight and bias, and every point, as numbers Python reads back exactly.
  for (const layer of p.weights()) {
    for (const v of [...layer.weights, ...layer.biases]) assert.ok(script.includes(py(v)), py(v));
  }
  const points = p.points();
  assert.ok(script.includes(`${py(points.train.x[0])}, ${py(points.train.x[1])}`));
  assert.equal((script.match(/predictions match nnplay/g) ?? []).length, 1);
  p.free();
});

test('each loss, optimizer and regularization is the one of the scene', () => {
  const multi = scriptOf({ dataset: 'spiral3', hiddenLayers: [8], activation: 'relu', optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.01 });
  assert.ok(multi.script.includes('nn.CrossEntropyLoss()'));
  assert.ok(multi.script.includes('dtype=torch.long'));
  assert.ok(multi.script.includes('torch.optim.Adam(groups, lr=0.01, betas=(0.9, 0.999), eps=1e-8)'));
  assert.ok(multi.script.includes('"weight_decay": 0.01'));
  assert.ok(multi.script.includes('nn.ReLU()'));
  const regression = scriptOf({ dataset: 'regressionPlane', loss: 'rmse', optimizer: 'momentum', regularization: 'l1', regularizationRate: 0.001, features: ['x1', 'x2', 'x1Squared'], normalize: true });
  assert.ok(regression.script.includes('return mse.sqrt() if mse.item() > 0 else mse * 0'));
  assert.ok(regression.script.includes('momentum=0.9'));
  assert.ok(regression.script.includes('w.abs().sum() for w in weights'));
  assert.ok(regression.script.includes('x1 * x1'));
  const scaling = regression.p.inputScaling();
  assert.ok(regression.script.includes(`MEAN = torch.tensor([${Array.from(scaling.mean, py).join(', ')}], dtype=torch.float32)`));
  assert.ok(scaling.std.every((s) => s > 0) && scaling.std.some((s) => s !== 1), 'normalized inputs have their own deviations');
  const mse = scriptOf({ loss: 'mse' });
  assert.ok(mse.script.includes('nn.MSELoss()') && mse.script.includes('criterion(outputs(z).squeeze(1), y)'));
  for (const s of [multi, regression, mse]) s.p.free();
});

test('an image scene\'s script builds its convolution, pooling and dense layers in NCHW with nnplay\'s weights, and is valid Python', () => {
  const images = new ImagesPlayground({
    dataset: 'digits', points: 100, testRatio: 0.3, optimizer: 'adam', learningRate: 0.01, batchSize: 16, init: 'he',
    layers: [{ kind: 'conv2d', filters: 4, size: 3, padding: 'same', activation: 'relu' }, { kind: 'avgPool2d' }, { kind: 'dense', units: 8, activation: 'tanh' }],
  });
  images.trainEpochs(2);
  const script = pytorchScript(images);
  for (const part of ['nn.Conv2d(1, 4, 3, padding=1)', 'nn.ReLU()', 'nn.AvgPool2d(2)', 'nn.Flatten()', 'nn.Linear(64, 8)', 'nn.Tanh()',
    'nn.Linear(8, 10)', 'reshape(4, 1, 3, 3)', 'reshape(8, 64)', 'nn.CrossEntropyLoss()', '.reshape(-1, 1, 8, 8)', 'class Digits(Dataset):',
    'DataLoader(train, batch_sampler=order)', 'loss.backward()', 'optimizer.step()']) {
    assert.ok(script.includes(part), part);
  }
  // Every weight, and the images as the data set's own counts (0–16).
  for (const layer of images.weights()) for (const v of layer.weights ?? []) assert.ok(script.includes(py(v)), py(v));
  const { pixels } = images.images('test');
  assert.ok(script.includes(`test = Digits([${Array.from(pixels.subarray(0, 64), (v) => Math.round(v * 16)).join(', ')}`));
  assert.ok(Array.from(pixels).every((v) => Number.isInteger(v * 16)), 'pixels are counts / 16');
  // Python reads it (no PyTorch needed to parse it).
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-'));
  writeFileSync(join(dir, 'script.py'), script);
  execFileSync('python3', ['-c', `import ast, sys; ast.parse(open(sys.argv[1]).read())`, join(dir, 'script.py')]);
  images.free();
});

test('a sequence scene\'s script reads its windows with nn.RNN or nn.GRU, nnplay\'s four tensors copied, and is valid Python', () => {
  for (const kind of ['rnn', 'gru']) {
    const p = new ImagesPlayground({
      dataset: 'memory', points: 80, testRatio: 0.3, steps: 6, optimizer: 'adam', learningRate: 0.01, batchSize: 16,
      layers: [{ kind, units: 4 }, { kind: 'dense', units: 3, activation: 'tanh' }],
    });
    p.trainEpochs(2);
    const script = pytorchScript(p);
    const module = kind === 'gru' ? 'nn.GRU(1, 4, batch_first=True)' : 'nn.RNN(1, 4, nonlinearity="tanh", batch_first=True)';
    const gates = kind === 'gru' ? 3 : 1;
    for (const part of [module, 'class Windows(Dataset):', '.reshape(-1, 6, 1)', '_, h = self.recurrent(x)', 'return self.head(h[0])',
      'nn.Linear(4, 3)', 'nn.Tanh()', 'nn.Linear(3, 1)', `.reshape(${4 * gates}, 1)`, `.reshape(${4 * gates}, 4)`, 'nn.BCEWithLogitsLoss()',
      'net.recurrent.weight_ih_l0.copy_', 'net.recurrent.bias_hh_l0.copy_', 'DataLoader(train, batch_sampler=order)']) {
      assert.ok(script.includes(part), `${kind}: ${part}`);
    }
    // Every value of the four recurrent tensors, and the test windows.
    const [recurrent] = p.weights();
    for (const name of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) {
      assert.equal(recurrent[name].length, (name.startsWith('weight') && name.endsWith('hh') ? 4 : 1) * 4 * gates, name);
      for (const v of recurrent[name]) assert.ok(script.includes(py(v)), `${kind} ${name}: ${v}`);
    }
    const { values } = p.sequences('test');
    assert.ok(script.includes(`test = Windows([${Array.from(values.subarray(0, 6), py).join(', ')}`));
    const dir = mkdtempSync(join(tmpdir(), 'nnplay-'));
    writeFileSync(join(dir, 'script.py'), script);
    execFileSync('python3', ['-c', `import ast, sys; ast.parse(open(sys.argv[1]).read())`, join(dir, 'script.py')]);
    p.free();
  }
  // A dense net on the window flattens it first.
  const dense = new ImagesPlayground({ dataset: 'sines', points: 60, steps: 5, hiddenLayers: [4] });
  const script = pytorchScript(dense);
  assert.ok(script.includes('nn.Flatten()') && script.includes('nn.Linear(5, 4)') && !script.includes('self.recurrent'));
  assert.ok(script.includes('nn.MSELoss()'));
  dense.free();
});

test('floats are written as the shortest literal that reads back to the same float32, and non-finite ones by name', () => {
  assert.equal(py(Math.fround(0.3)), '0.3');
  assert.equal(py(Math.fround(1e-7)), '1e-7');
  assert.equal(py(2), '2');
  assert.deepEqual([py(NaN), py(Infinity), py(-Infinity)], ['nan', 'inf', '-inf']);
  // Every float32 comes back: random bit patterns of every magnitude.
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  let state = 12345;
  for (let i = 0; i < 20000; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bits[0] = state;
    if (!Number.isFinite(f[0])) continue;
    assert.equal(Math.fround(Number(py(f[0]))), f[0], `${f[0]} → ${py(f[0])}`);
  }
});

/** The script's own sampler (plain Python, no torch), run for `epochs` epochs. */
function pythonBatches(script, epochs) {
  const from = script.indexOf('class Xoshiro256pp:');
  const to = script.indexOf('\n)\n', script.indexOf('order = NnplayOrder(')) + 3;
  assert.ok(from > 0 && to > from, 'the script holds the sampler');
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-'));
  writeFileSync(join(dir, 'order.py'), `${script.slice(from, to)}
import json
print(json.dumps([list(order) for _ in range(${epochs})]))
`);
  return JSON.parse(execFileSync('python3', [join(dir, 'order.py')], { encoding: 'utf8' }));
}

test('the script\'s batch order, in plain Python from nnplay\'s generator state, is the order nnplay trains in', () => {
  for (const config of [{ batchSize: 7 }, { dataset: 'spiral3', points: 150, batchSize: 32, optimizer: 'adam' }]) {
    const p = new Playground(config);
    p.trainEpochs(3);
    p.trainStep(2);
    const start = p.continuation();
    assert.equal(start.cursor, 2 * config.batchSize);
    const epochs = pythonBatches(pytorchScript(p), 4);
    // The rest of this epoch, in batches of the batch size...
    assert.deepEqual(epochs[0].flat(), Array.from(start.order.subarray(start.cursor)));
    assert.ok(epochs[0].slice(0, -1).every((b) => b.length === config.batchSize));
    // ...then each next epoch's order, as nnplay shuffles it.
    for (let e = 1; e < 4; e++) {
      p.trainEpochs(1);
      const now = p.continuation();
      assert.equal(now.cursor, 0);
      assert.deepEqual(epochs[e].flat(), Array.from(now.order), `epoch ${e}`);
    }
    p.free();
  }
});

/** The script's MEMORY list, read by Python: [[first, second] | first, …]. */
function pythonMemory(script) {
  const from = script.indexOf('MEMORY = [');
  const to = script.indexOf('\n]\n', from) + 3;
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-'));
  writeFileSync(join(dir, 'memory.py'), `nan, inf = float("nan"), float("inf")\n${script.slice(from, to)}\nimport json\nprint(json.dumps(MEMORY))\n`);
  // (Python reads each literal as a double: back to float32 to compare.)
  const f32 = (v) => (Array.isArray(v) ? v.map(f32) : Math.fround(v));
  return f32(JSON.parse(execFileSync('python3', [join(dir, 'memory.py')], { encoding: 'utf8' })));
}

test('the optimizer\'s memory goes into torch.optim\'s state, tensor by tensor, weights then biases', () => {
  for (const [module, config] of [
    [{ Playground }, { optimizer: 'adam', learningRate: 0.01 }],
    [{ Playground }, { optimizer: 'momentum', hiddenLayers: [4, 2] }],
    [images, { dataset: 'memory', points: 60, steps: 5, optimizer: 'adam', batchSize: 16, layers: [{ kind: 'gru', units: 3 }, { kind: 'dense', units: 2, activation: 'tanh' }] }],
  ]) {
    const p = new module.Playground(config);
    p.trainStep(5);
    const script = pytorchScript(p);
    const state = p.continuation();
    assert.equal(state.optimizerSteps, 5);
    // nnplay's tensors in its order, each a slice of first/second.
    const tensors = [];
    let at = 0;
    for (const layer of p.weights()) {
      for (const [name, values] of Object.entries(layer)) {
        if (!(values instanceof Float32Array)) continue;
        tensors.push({ weight: name.startsWith('weight'), first: Array.from(state.first.subarray(at, at + values.length)), second: Array.from(state.second.subarray(at, at + values.length)) });
        at += values.length;
      }
    }
    assert.equal(at, state.first.length);
    const expected = [...tensors.filter((t) => t.weight), ...tensors.filter((t) => !t.weight)];
    const adam = config.optimizer === 'adam';
    assert.deepEqual(pythonMemory(script), expected.map((t) => (adam ? [t.first, t.second] : t.first)), JSON.stringify(config));
    assert.ok(script.includes(adam ? '"step": torch.tensor(5.0)' : '"momentum_buffer"'));
    p.free();
  }
  const sgd = new Playground({});
  sgd.trainStep(3);
  assert.ok(!pytorchScript(sgd).includes('MEMORY'));
  sgd.free();
});

test('the sampler handles a batch larger than the data set and a scene without test points', () => {
  const p = new Playground({ dataset: 'xor', points: 12, testRatio: 0, batchSize: 50 });
  p.trainEpochs(2);
  const script = pytorchScript(p);
  assert.ok(script.includes('test = Points([], [], [])'));
  const epochs = pythonBatches(script, 3);
  for (let e = 0; e < 3; e++) {
    // One batch an epoch: the whole order nnplay trains that epoch in.
    assert.deepEqual(epochs[e], [Array.from(p.continuation().order)], `epoch ${e}`);
    p.trainEpochs(1);
  }
  p.free();
});

test('whole-number and non-finite numbers stay float32 tensors Python reads', () => {
  const zeros = new Playground({ dataset: 'regressionPlane', init: 'zeros' });
  const script = pytorchScript(zeros);
  assert.match(script, /expected = torch\.tensor\(\[\[0\], \[0\], [^\n]*\]\], dtype=torch\.float32\)\n/);
  zeros.free();
  // A diverged run: its weights are infinite or NaN.
  const diverged = new Playground({ dataset: 'regressionPlane', learningRate: 10, hiddenLayers: [8, 8] });
  diverged.trainEpochs(30);
  assert.ok(diverged.summary().diverged, 'the run diverged');
  const wild = pytorchScript(diverged);
  assert.match(wild, /\b(nan|inf)\b/);
  assert.ok(wild.includes('nan, inf = float("nan"), float("inf")'));
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-'));
  writeFileSync(join(dir, 'script.py'), wild);
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', join(dir, 'script.py')]);
  diverged.free();
});

test('a perceptron is exported as Rosenblatt\'s rule, not as gradient descent', () => {
  const p = new Playground({ mode: 'perceptron', dataset: 'and' });
  p.trainEpochs(1);
  const script = pytorchScript(p);
  for (const part of ['w = w + lr * error * x[0]', 'b = b + lr * error', '((z + b) >= 0).float()', `cursor, clean_run, updates = ${p.continuation().cursor}, `]) {
    assert.ok(script.includes(part), part);
  }
  assert.ok(!/^\s*loss\.backward\(\)/m.test(script) && !script.includes('torch.optim'), 'no gradient descent');
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-'));
  writeFileSync(join(dir, 'script.py'), script);
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', join(dir, 'script.py')]);
  p.free();
});
