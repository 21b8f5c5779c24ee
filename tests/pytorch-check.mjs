// Opt-in, not part of `cargo xtask test`: runs "Copy as PyTorch" scripts in
// real PyTorch and checks that each gives nnplay's own predictions before
// training (the script prints "predictions match nnplay to 1e-5: True").
//
//   python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch
//   cargo xtask build && node tests/pytorch-check.mjs /tmp/torch/bin/python
//
// Scenes: the plane's default, a softmax one with Adam and L2, and the
// digits with convolution (same and valid padding, max and average
// pooling, a dense layer on maps), digits38 (a sigmoid output) and a dense
// net with MSE; the memory task through nn.RNN and nn.GRU, the sines
// through a GRU and a dense layer with L2, and a dense net on shuffled
// windows. Each is trained a few epochs in nnplay first.

import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import * as plane from '../web/pkg/nnplay_wasm.js';
import * as images from '../web/pkg-images/nnplay_wasm.js';
import { pytorchScript } from '../web/pytorch.js';

const python = process.argv[2];
if (!python) {
  console.error('usage: node tests/pytorch-check.mjs PYTHON (a Python with torch installed)');
  process.exit(2);
}
const file = (path) => readFileSync(new URL(path, import.meta.url));
plane.initSync({ module: file('../web/pkg/nnplay_wasm_bg.wasm') });
images.initSync({ module: file('../web/pkg-images/nnplay_wasm_bg.wasm') });
images.loadDigits(gunzipSync(file('../web/data/digits.u8.gz')));

const SCENES = [
  [plane, {}],
  [plane, { dataset: 'spiral3', hiddenLayers: [8], activation: 'relu', optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.01 }],
  [images, {
    dataset: 'digits', points: 500, testRatio: 0.3, optimizer: 'adam', learningRate: 0.01, init: 'he', batchSize: 16,
    layers: [{ kind: 'conv2d', filters: 6, size: 3, padding: 'same', activation: 'relu' }, { kind: 'maxPool2d' }, { kind: 'flatten' }, { kind: 'dense', units: 16, activation: 'tanh' }],
  }],
  [images, {
    dataset: 'digits38', points: 200, testRatio: 0.3, learningRate: 0.1,
    layers: [{ kind: 'conv2d', filters: 4, size: 5, padding: 'valid', activation: 'sigmoid' }, { kind: 'avgPool2d' }, { kind: 'dense', units: 8, activation: 'relu' }],
  }],
  [images, { dataset: 'digits', points: 300, testRatio: 0.3, hiddenLayers: [16], activation: 'relu', optimizer: 'momentum', learningRate: 0.05, loss: 'mse' }],
  [images, { dataset: 'memory', points: 400, testRatio: 0.3, steps: 12, layers: [{ kind: 'rnn', units: 8 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32, init: 'xavierUniform' }],
  [images, { dataset: 'memory', points: 400, testRatio: 0.3, steps: 20, layers: [{ kind: 'gru', units: 16 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32, init: 'xavierUniform' }],
  [images, {
    dataset: 'sines', points: 400, testRatio: 0.3, noise: 0.1, steps: 10, optimizer: 'momentum', learningRate: 0.05, regularization: 'l2', regularizationRate: 0.001,
    layers: [{ kind: 'gru', units: 6 }, { kind: 'dense', units: 4, activation: 'relu' }],
  }],
  [images, { dataset: 'sines', points: 400, testRatio: 0.3, steps: 8, shuffleSteps: true, hiddenLayers: [8], activation: 'tanh', learningRate: 0.05 }],
];

const dir = mkdtempSync(join(tmpdir(), 'nnplay-torch-'));
let failed = 0;
for (const [i, [module, config]] of SCENES.entries()) {
  const p = new module.Playground(config);
  p.trainEpochs(5);
  const path = join(dir, `scene-${i + 1}.py`);
  writeFileSync(path, pytorchScript(p));
  p.free();
  const out = execFileSync(python, [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const line = out.split('\n').find((l) => l.startsWith('predictions match nnplay'));
  const ok = line?.endsWith('True');
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${JSON.stringify(config).slice(0, 90)}: ${line ?? out.slice(0, 200)}`);
}
process.exit(failed ? 1 : 0);
