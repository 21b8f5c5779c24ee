// Opt-in, not part of `cargo xtask test` (PyTorch is gigabytes): runs the
// "Copy as PyTorch" script of each scene below in real PyTorch and checks
//   1. its predictions before training: nnplay's to 1e-5 (the script prints
//      "predictions match nnplay to 1e-5: True");
//   2. the curve it prints while it trains 20 more epochs: nnplay's own
//      curve over the same 20 epochs, each train and test loss to 1e-4
//      relative (a perceptron: the same accuracies and update counts each
//      pass, and the same final weights to 1e-6).
// Each scene first trains a few epochs and a few more steps in nnplay, so
// the script starts mid-epoch with the optimizer's memory full.
//
//   cargo xtask check-pytorch            (sets up its own virtual environment)
//   node tests/pytorch-check.mjs PYTHON  (a Python with torch, after `cargo xtask build`)

import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import * as plane from '../web/pkg/nnplay_wasm.js';
import * as images from '../web/pkg-images/nnplay_wasm.js';
import { pytorchScript, SCRIPT_EPOCHS } from '../web/pytorch.js';

const python = process.argv[2];
if (!python) {
  console.error('usage: node tests/pytorch-check.mjs PYTHON (a Python with torch installed)');
  process.exit(2);
}
const file = (path) => readFileSync(new URL(path, import.meta.url));
plane.initSync({ module: file('../web/pkg/nnplay_wasm_bg.wasm') });
images.initSync({ module: file('../web/pkg-images/nnplay_wasm_bg.wasm') });
images.loadDigits(gunzipSync(file('../web/data/digits.u8.gz')));

const conv = [{ kind: 'conv2d', filters: 4, size: 3, padding: 'same', activation: 'relu' }, { kind: 'maxPool2d' }, { kind: 'flatten' }, { kind: 'dense', units: 12, activation: 'tanh' }];
/** [module, config, [epochs, steps] to train first, and what to do to the run before that] */
export const SCENES = [
  // Points in the plane: every loss, optimizer and regularizer.
  [plane, {}, [5, 3]],
  [plane, { dataset: 'circle', optimizer: 'momentum', learningRate: 0.03, regularization: 'l2', regularizationRate: 0.003 }, [8, 2]],
  [plane, { dataset: 'spiral3', hiddenLayers: [8], activation: 'relu', optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.01 }, [6, 4]],
  [plane, { dataset: 'spiral', hiddenLayers: [8, 8], activation: 'tanh', optimizer: 'adam', learningRate: 0.01, regularization: 'l1', regularizationRate: 0.001, features: ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1X2', 'sinX1', 'sinX2'] }, [4, 1]],
  [plane, { dataset: 'gaussians', loss: 'mse', activation: 'sigmoid', learningRate: 0.5 }, [3, 5]],
  [plane, { dataset: 'moons', loss: 'mae', optimizer: 'momentum', learningRate: 0.01, batchSize: 7 }, [5, 2]],
  [plane, { dataset: 'xor', loss: 'rmse', optimizer: 'adam', learningRate: 0.02, hiddenLayers: [4], activation: 'leakyRelu' }, [5, 1]],
  [plane, { dataset: 'regressionPlane', learningRate: 0.01, regularization: 'l1', regularizationRate: 0.01, normalize: true, features: ['x1', 'x2', 'x1Squared'] }, [5, 3]],
  [plane, { dataset: 'regressionGaussians', loss: 'rmse', optimizer: 'momentum', learningRate: 0.003, batchSize: 30 }, [4, 2]],
  [plane, { dataset: 'regressionGaussians', loss: 'mae', optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.001 }, [4, 4]],
  [plane, { dataset: 'spiral3', loss: 'mse', optimizer: 'sgd', learningRate: 0.1, hiddenLayers: [6], init: 'xavierUniform', normalize: true }, [3, 1]],
  [plane, { dataset: 'regressionPlane', init: 'zeros' }, [0, 0]],
  // RMSE at zero error (every label 0, every weight 0): its slope there is
  // taken as 0, not NaN, in both.
  [plane, { dataset: 'regressionPlane', loss: 'rmse', init: 'zeros', hiddenLayers: [3], batchSize: 2 }, [2, 1], (p) => p.setPoints({
    train: [{ x: 1, y: 2, label: 0 }, { x: -3, y: 0.5, label: 0 }, { x: 2, y: -1, label: 0 }],
    test: [{ x: 0, y: 1, label: 0 }],
  })],
  // The perceptron: its own rule.
  [plane, { mode: 'perceptron', dataset: 'and' }, [1, 0]],
  [plane, { mode: 'perceptron', dataset: 'xor', learningRate: 0.1 }, [2, 0]],
  // Images: convolution and pooling, a sigmoid output, augmentation.
  [images, { dataset: 'digits', points: 300, testRatio: 0.3, optimizer: 'adam', learningRate: 0.01, init: 'he', batchSize: 16, layers: conv }, [2, 3]],
  [images, {
    dataset: 'digits38', points: 200, testRatio: 0.3, learningRate: 0.1, regularization: 'l2', regularizationRate: 0.001,
    layers: [{ kind: 'conv2d', filters: 4, size: 5, padding: 'valid', activation: 'sigmoid' }, { kind: 'avgPool2d' }, { kind: 'dense', units: 8, activation: 'relu' }],
  }, [2, 1]],
  [images, { dataset: 'digits', points: 200, testRatio: 0.3, hiddenLayers: [16], activation: 'relu', optimizer: 'momentum', learningRate: 0.05, loss: 'mse' }, [2, 2]],
  [images, { dataset: 'digits', points: 200, testRatio: 0.3, augment: true, optimizer: 'adam', learningRate: 0.01, batchSize: 20, layers: conv }, [2, 2]],
  // Sequences: nn.RNN, nn.GRU, a dense net on shuffled windows.
  [images, { dataset: 'memory', points: 300, testRatio: 0.3, steps: 12, layers: [{ kind: 'rnn', units: 8 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32, init: 'xavierUniform' }, [3, 2]],
  [images, { dataset: 'memory', points: 300, testRatio: 0.3, steps: 20, layers: [{ kind: 'gru', units: 12 }], optimizer: 'adam', learningRate: 0.01, batchSize: 32, init: 'xavierUniform' }, [3, 2]],
  [images, {
    dataset: 'sines', points: 300, testRatio: 0.3, noise: 0.1, steps: 10, optimizer: 'momentum', learningRate: 0.05, regularization: 'l2', regularizationRate: 0.001,
    layers: [{ kind: 'gru', units: 6 }, { kind: 'dense', units: 4, activation: 'relu' }],
  }, [3, 1]],
  [images, { dataset: 'sines', points: 300, testRatio: 0.3, steps: 8, shuffleSteps: true, hiddenLayers: [8], activation: 'tanh', learningRate: 0.05, loss: 'mae' }, [3, 3]],
];

/** |a − b| within 1e-4 of the larger (and 1e-7 for losses near 0). */
const close = (a, b) => Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b)) + 1e-7;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-torch-'));
  let failed = 0;
  let worst = 0;
  for (const [i, [module, config, [epochs, steps], prepare]] of SCENES.entries()) {
    const p = new module.Playground(config);
    prepare?.(p);
    if (epochs) p.trainEpochs(epochs);
    if (steps) p.trainStep(steps);
    const path = join(dir, `scene-${i + 1}.py`);
    writeFileSync(path, pytorchScript(p));
    const out = execFileSync(python, [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const problems = [];
    const check = out.split('\n').find((l) => l.startsWith('predictions match nnplay'));
    if (!check?.endsWith('True')) problems.push(`predictions: ${check ?? 'no check printed'}`);
    const lines = out.split('\n').filter((l) => l.startsWith('epoch '));
    const perceptron = config.mode === 'perceptron';
    let sceneWorst = 0;
    for (let e = 0; e < SCRIPT_EPOCHS; e++) {
      const before = p.summary();
      p.trainEpochs(1);
      const s = p.summary();
      if (perceptron && s.epoch === before.epoch) break;   // converged
      const line = lines[e];
      if (!line) { problems.push(`epoch ${s.epoch}: no line printed`); break; }
      const read = (name) => Number(line.match(new RegExp(`${name} ([-+0-9.e]+|nan|inf)`))?.[1]);
      if (perceptron) {
        const updates = Number(line.match(/(\d+) updates/)[1]);
        if (read('train accuracy') !== Number(s.trainAccuracy.toFixed(4)) || updates !== s.step) {
          problems.push(`epoch ${s.epoch}: nnplay accuracy ${s.trainAccuracy}, ${s.step} updates; PyTorch: ${line}`);
        }
        continue;
      }
      for (const [name, value] of [['train loss', s.trainLoss], ['test loss', s.testLoss]]) {
        if (value === null || value === undefined) continue;
        const got = read(name);
        sceneWorst = Math.max(sceneWorst, Math.abs(got - value) / Math.max(Math.abs(value), 1e-12));
        if (!close(got, value)) problems.push(`epoch ${s.epoch} ${name}: nnplay ${value}, PyTorch ${got}`);
      }
    }
    if (perceptron) {
      const [neuron] = p.weights();
      const final = out.match(/w = \[([^\]]*)\] b = (\S+)/);
      const w = final ? final[1].split(',').map(Number) : [];
      if (!final || w.some((v, k) => Math.abs(v - neuron.weights[k]) > 1e-6) || Math.abs(Number(final[2]) - neuron.biases[0]) > 1e-6) {
        problems.push(`final neuron: nnplay ${Array.from(neuron.weights)} ${neuron.biases[0]}; PyTorch ${final?.[0]}`);
      }
    }
    worst = Math.max(worst, sceneWorst);
    p.free();
    if (problems.length) failed++;
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${i + 1}. ${JSON.stringify(config).slice(0, 100)}: ${lines.length} epochs, largest relative difference ${sceneWorst.toExponential(1)}`);
    for (const problem of problems.slice(0, 5)) console.log(`       ${problem}`);
  }
  console.log(`${SCENES.length - failed} of ${SCENES.length} scenes match; the largest relative difference of a loss: ${worst.toExponential(2)}`);
  process.exit(failed ? 1 : 0);
}
