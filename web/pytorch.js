// "Copy as PyTorch": the current scene as a script in the chapter's style —
// an nn.Module subclass with __init__ and forward, a Dataset and a
// DataLoader, the loss, backward() and step() — with the same layers and
// activations, the current weights, the same points, loss, optimizer,
// learning rate, regularization and batch size. It runs with
// `python3 script.py` and first checks its predictions against nnplay's.
// Pure: the engine's numbers in, Python text out.

const ACTIVATIONS = {
  linear: 'nn.Identity()', sigmoid: 'nn.Sigmoid()', tanh: 'nn.Tanh()', relu: 'nn.ReLU()', leakyRelu: 'nn.LeakyReLU(0.01)',
};
const FEATURES = {
  x1: 'x1', x2: 'x2', x1Squared: 'x1 * x1', x2Squared: 'x2 * x2', x1X2: 'x1 * x2', sinX1: 'torch.sin(x1)', sinX2: 'torch.sin(x2)',
};

/** A float as Python reads it back exactly (float32 round trip). */
const py = (v) => (Number.isFinite(v) ? String(v) : 'float("nan")');
const list = (values) => `[${Array.from(values, py).join(', ')}]`;
/** Rows of a matrix, `width` values each. */
const rows = (values, width) => {
  const out = [];
  for (let i = 0; i < values.length; i += width) out.push(list(values.slice(i, i + width)));
  return `[${out.join(', ')}]`;
};

/**
 * The script for `playground` (a Playground), checking its first
 * `checks` training points' predictions against nnplay's to 1e-5.
 */
export function pytorchScript(playground, checks = 8) {
  const config = playground.config();
  const task = playground.task();
  const layers = playground.weights();
  const points = playground.points();
  const scaling = playground.inputScaling();
  const classes = task.kind === 'multiclass' ? task.classes : 0;
  const loss = config.loss ?? { binary: 'binaryCrossEntropy', multiclass: 'categoricalCrossEntropy', regression: 'mse' }[task.kind];
  const hidden = layers.slice(0, -1).map((l) => ACTIVATIONS[l.activation] ?? 'nn.Identity()');
  // The network returns logits; the output activation lives where nnplay
  // applies it: inside the cross-entropy losses, or in `probabilities`.
  const output = task.kind === 'binary' ? 'torch.sigmoid(z)' : task.kind === 'multiclass' ? 'torch.softmax(z, dim=1)' : 'z';
  const criterion = {
    binaryCrossEntropy: 'nn.BCEWithLogitsLoss()',
    categoricalCrossEntropy: 'nn.CrossEntropyLoss()',
    mse: 'nn.MSELoss()',
    mae: 'nn.L1Loss()',
    rmse: 'nn.MSELoss()',
  }[loss];
  const onLogits = loss === 'binaryCrossEntropy' || loss === 'categoricalCrossEntropy';
  const n = Math.min(checks, points.train.x.length);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = points.train.x[i];
    xy[2 * i + 1] = points.train.y[i];
  }
  const expected = playground.predictBatch(xy);
  const width = playground.outputs();
  const optimizer = {
    sgd: `torch.optim.SGD(groups, lr=${py(config.learningRate)})`,
    momentum: `torch.optim.SGD(groups, lr=${py(config.learningRate)}, momentum=0.9)`,
    adam: `torch.optim.Adam(groups, lr=${py(config.learningRate)}, betas=(0.9, 0.999), eps=1e-8)`,
  }[config.optimizer];
  const l2 = config.regularization === 'l2' ? config.regularizationRate : 0;
  const l1 = config.regularization === 'l1' ? config.regularizationRate : 0;
  const target = task.kind === 'multiclass' ? 'torch.long' : 'torch.float32';
  return `# The nnplay scene "${config.dataset}" as PyTorch: the same network, weights,
# points, loss, optimizer, learning rate, regularization and batch size.
# Run it with: python3 script.py
import torch
from torch import nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(${config.weightSeed})


class Points(Dataset):
    """The points: inputs x1, x2 and their labels."""

    def __init__(self, x1, x2, labels):
        self.x = torch.tensor([x1, x2], dtype=torch.float32).T
        self.y = torch.tensor(labels, dtype=${target})

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


MEAN = torch.tensor(${list(scaling.mean)})
STD = torch.tensor(${list(scaling.std)})


def features(x):
    """The network's inputs for points x (n × 2): ${config.features.join(', ')}${config.normalize ? ', normalized' : ''}."""
    x1, x2 = x[:, 0], x[:, 1]
    return (torch.stack([${config.features.map((f) => FEATURES[f]).join(', ')}], dim=1) - MEAN) / STD


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([
${layers.map((l) => `            nn.Linear(${l.inputs}, ${l.neurons}),`).join('\n')}
        ])
        self.activations = [${hidden.join(', ')}]

    def forward(self, x):
        """The logits z of the output layer."""
        for layer, f in zip(self.layers, self.activations):
            x = f(layer(x))
        return self.layers[-1](x)


def probabilities(z):
    """What nnplay's output neuron gives: ${output}."""
    return ${output}


net = Net()
with torch.no_grad():
${layers.map((l, i) => `    net.layers[${i}].weight.copy_(torch.tensor(${rows(l.weights, l.inputs)}))\n    net.layers[${i}].bias.copy_(torch.tensor(${list(l.biases)}))`).join('\n')}

train = Points(${list(points.train.x)}, ${list(points.train.y)}, ${task.kind === 'multiclass' ? `[${Array.from(points.train.label, (v) => String(Math.round(v))).join(', ')}]` : list(points.train.label)})
test = Points(${list(points.test.x)}, ${list(points.test.y)}, ${task.kind === 'multiclass' ? `[${Array.from(points.test.label, (v) => String(Math.round(v))).join(', ')}]` : list(points.test.label)})

# The same numbers as nnplay before any training.
expected = torch.tensor(${rows(expected, width)})
with torch.no_grad():
    got = probabilities(net(features(train.x[:${n}]))).reshape(${n}, ${width})
print("predictions match nnplay to 1e-5:", torch.allclose(got, expected, atol=1e-5))

criterion = ${criterion}


def loss_of(z, y):
    """The loss${loss === 'rmse' ? ' (RMSE: the root of MSE)' : ''}, with the L1 penalty if any."""
${onLogits
    ? `    loss = criterion(z${task.kind === 'binary' ? '.squeeze(1)' : ''}, y)`
    : task.kind === 'multiclass'
      ? `    loss = criterion(probabilities(z), nn.functional.one_hot(y, ${classes}).float())`
      : `    loss = criterion(probabilities(z).squeeze(1), y)`}
${loss === 'rmse' ? '    loss = loss.sqrt()\n' : ''}${l1 ? `    loss = loss + ${py(l1)} * sum(layer.weight.abs().sum() for layer in net.layers)\n` : ''}    return loss


# Weight decay (L2) on the weights only, as nnplay does; never on biases.
groups = [
    {"params": [layer.weight for layer in net.layers], "weight_decay": ${py(l2)}},
    {"params": [layer.bias for layer in net.layers], "weight_decay": 0.0},
]
optimizer = ${optimizer}
loader = DataLoader(train, batch_size=${config.batchSize}, shuffle=True)

for epoch in range(1, 101):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_of(net(features(x)), y)
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        with torch.no_grad():
            print(f"epoch {epoch}: train loss {loss_of(net(features(train.x)), train.y).item():.4f}")
`;
}
