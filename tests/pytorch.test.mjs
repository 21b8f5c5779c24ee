// "Copy as PyTorch": the script has the chapter's structure and carries the
// scene's own numbers (checked here without PyTorch; the note of the issue
// reports a run of it under PyTorch itself).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, Playground } from '../web/pkg/nnplay_wasm.js';
import { pytorchScript } from '../web/pytorch.js';

initSync({ module: readFileSync(new URL('../web/pkg/nnplay_wasm_bg.wasm', import.meta.url)) });

function scriptOf(config) {
  const p = new Playground(config);
  p.trainEpochs(2);
  const script = pytorchScript(p);
  return { p, script };
}

test('the script is the chapter\'s PyTorch: a Module, a Dataset, a DataLoader, a loss, backward and step', () => {
  const { p, script } = scriptOf({});
  for (const part of ['class Net(nn.Module):', 'def __init__(self):', 'def forward(self, x):', 'class Points(Dataset):',
    'DataLoader(train, batch_size=10, shuffle=True)', 'loss.backward()', 'optimizer.step()', 'nn.BCEWithLogitsLoss()',
    'torch.optim.SGD(groups, lr=0.30000001192092896)', 'nn.Linear(2, 6)', 'nn.Linear(6, 3)', 'nn.Linear(3, 1)', 'nn.Tanh(), nn.Tanh()']) {
    assert.ok(script.includes(part), part);
  }
  // Every weight and bias, and every point, as numbers Python reads back exactly.
  for (const layer of p.weights()) {
    for (const v of [...layer.weights, ...layer.biases]) assert.ok(script.includes(String(v)), String(v));
  }
  const points = p.points();
  assert.ok(script.includes(`${points.train.x[0]}, ${points.train.x[1]}`));
  assert.equal((script.match(/predictions match nnplay/g) ?? []).length, 1);
  p.free();
});

test('each loss, optimizer and regularization is the one of the scene', () => {
  const multi = scriptOf({ dataset: 'spiral3', hiddenLayers: [8], activation: 'relu', optimizer: 'adam', learningRate: 0.01, regularization: 'l2', regularizationRate: 0.01 });
  assert.ok(multi.script.includes('nn.CrossEntropyLoss()'));
  assert.ok(multi.script.includes('dtype=torch.long'));
  assert.ok(multi.script.includes('torch.optim.Adam(groups, lr=0.009999999776482582, betas=(0.9, 0.999), eps=1e-8)'));
  assert.ok(multi.script.includes('"weight_decay": 0.009999999776482582'));
  assert.ok(multi.script.includes('nn.ReLU()'));
  const regression = scriptOf({ dataset: 'regressionPlane', loss: 'rmse', optimizer: 'momentum', regularization: 'l1', regularizationRate: 0.001, features: ['x1', 'x2', 'x1Squared'], normalize: true });
  assert.ok(regression.script.includes('loss = loss.sqrt()'));
  assert.ok(regression.script.includes('momentum=0.9'));
  assert.ok(regression.script.includes('layer.weight.abs().sum()'));
  assert.ok(regression.script.includes('x1 * x1'));
  const scaling = regression.p.inputScaling();
  assert.ok(regression.script.includes(`MEAN = torch.tensor([${Array.from(scaling.mean).join(', ')}])`));
  assert.ok(scaling.std.every((s) => s > 0) && scaling.std.some((s) => s !== 1), 'normalized inputs have their own deviations');
  const mse = scriptOf({ loss: 'mse' });
  assert.ok(mse.script.includes('nn.MSELoss()') && mse.script.includes('criterion(probabilities(z).squeeze(1), y)'));
  for (const s of [multi, regression, mse]) s.p.free();
});
