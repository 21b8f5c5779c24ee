// "Copy as PyTorch": the current scene as a script in the chapter's style —
// an nn.Module subclass with __init__ and forward, a Dataset and a
// DataLoader, the loss, backward() and step() — with the same layers and
// activations, the current weights, the same points, loss, optimizer,
// learning rate, regularization and batch size. It runs with
// `python3 script.py` and first checks its predictions against nnplay's.
// An image scene's script builds its layers as an nn.Sequential of
// nn.Conv2d, pooling, nn.Flatten and nn.Linear (NCHW, PyTorch's own layout,
// which nnplay's weights already have), with the images as a tensor. A
// sequence scene's script reads its windows with nn.RNN or nn.GRU
// (batch_first, nnplay's four tensors copied into PyTorch's of the same
// names: nnplay's recurrent layers follow PyTorch's equations and gate
// order), then the dense layers on the last state.
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
  if (typeof playground.images === 'function' && ['digits', 'digits38'].includes(playground.config().dataset)) {
    return pytorchImageScript(playground, checks);
  }
  if (typeof playground.sequences === 'function' && ['sines', 'memory'].includes(playground.config().dataset)) {
    return pytorchSequenceScript(playground, checks);
  }
  const config = playground.config();
  const task = playground.task();
  const layers = playground.weights();
  const points = playground.points();
  const scaling = playground.inputScaling();
  const classes = task.kind === 'multiclass' ? task.classes : 0;
  const hidden = layers.slice(0, -1).map((l) => ACTIVATIONS[l.activation] ?? 'nn.Identity()');
  // The network returns logits; the output activation lives where nnplay
  // applies it: inside the cross-entropy losses, or in `probabilities`.
  const output = task.kind === 'binary' ? 'torch.sigmoid(z)' : task.kind === 'multiclass' ? 'torch.softmax(z, dim=1)' : 'z';
  const n = Math.min(checks, points.train.x.length);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = points.train.x[i];
    xy[2 * i + 1] = points.train.y[i];
  }
  const expected = playground.predictBatch(xy);
  const width = playground.outputs();
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
net.weights = [layer.weight for layer in net.layers]
net.biases = [layer.bias for layer in net.layers]
with torch.no_grad():
${layers.map((l, i) => `    net.layers[${i}].weight.copy_(torch.tensor(${rows(l.weights, l.inputs)}))\n    net.layers[${i}].bias.copy_(torch.tensor(${list(l.biases)}))`).join('\n')}

train = Points(${list(points.train.x)}, ${list(points.train.y)}, ${task.kind === 'multiclass' ? `[${Array.from(points.train.label, (v) => String(Math.round(v))).join(', ')}]` : list(points.train.label)})
test = Points(${list(points.test.x)}, ${list(points.test.y)}, ${task.kind === 'multiclass' ? `[${Array.from(points.test.label, (v) => String(Math.round(v))).join(', ')}]` : list(points.test.label)})

# The same numbers as nnplay before any training.
expected = torch.tensor(${rows(expected, width)})
with torch.no_grad():
    got = probabilities(net(features(train.x[:${n}]))).reshape(${n}, ${width})
print("predictions match nnplay to 1e-5:", torch.allclose(got, expected, atol=1e-5))

${training(config, task, classes, 'net')}
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

/** The loss and the optimizer of `config` as PyTorch, shared by both scripts. */
function training(config, task, classes, parameters) {
  const loss = config.loss ?? { binary: 'binaryCrossEntropy', multiclass: 'categoricalCrossEntropy', regression: 'mse' }[task.kind];
  const criterion = {
    binaryCrossEntropy: 'nn.BCEWithLogitsLoss()', categoricalCrossEntropy: 'nn.CrossEntropyLoss()',
    mse: 'nn.MSELoss()', mae: 'nn.L1Loss()', rmse: 'nn.MSELoss()',
  }[loss];
  const onLogits = loss === 'binaryCrossEntropy' || loss === 'categoricalCrossEntropy';
  const l2 = config.regularization === 'l2' ? config.regularizationRate : 0;
  const l1 = config.regularization === 'l1' ? config.regularizationRate : 0;
  const optimizer = {
    sgd: `torch.optim.SGD(groups, lr=${py(config.learningRate)})`,
    momentum: `torch.optim.SGD(groups, lr=${py(config.learningRate)}, momentum=0.9)`,
    adam: `torch.optim.Adam(groups, lr=${py(config.learningRate)}, betas=(0.9, 0.999), eps=1e-8)`,
  }[config.optimizer];
  return `criterion = ${criterion}


def loss_of(z, y):
    """The loss${loss === 'rmse' ? ' (RMSE: the root of MSE)' : ''}, with the L1 penalty if any."""
${onLogits
    ? `    loss = criterion(z${task.kind === 'binary' ? '.squeeze(1)' : ''}, y)`
    : task.kind === 'multiclass'
      ? `    loss = criterion(probabilities(z), nn.functional.one_hot(y, ${classes}).float())`
      : `    loss = criterion(probabilities(z).squeeze(1), y)`}
${loss === 'rmse' ? '    loss = loss.sqrt()\n' : ''}${l1 ? `    loss = loss + ${py(l1)} * sum(p.abs().sum() for p in ${parameters}.weights)\n` : ''}    return loss


# Weight decay (L2) on the weights only, as nnplay does; never on biases.
groups = [
    {"params": ${parameters}.weights, "weight_decay": ${py(l2)}},
    {"params": ${parameters}.biases, "weight_decay": 0.0},
]
optimizer = ${optimizer}`;
}

/** A Python list of whole numbers. */
const ints = (values) => `[${Array.from(values, (v) => String(Math.round(v))).join(', ')}]`;

/**
 * The script of an image scene: the digits as tensors (N × 1 × 8 × 8), the
 * network as an nn.Sequential of the scene's layers with nnplay's weights,
 * a check of the first `checks` test images' predictions, and the loop.
 */
function pytorchImageScript(playground, checks) {
  const config = playground.config();
  const task = playground.task();
  const classes = task.kind === 'multiclass' ? task.classes : 0;
  const weights = playground.weights();
  const train = playground.images('train');
  const test = playground.images('test');
  const width = playground.outputs();
  const stack = Array.isArray(config.layers) ? config.layers
    : config.hiddenLayers.map((units, i) => ({ kind: 'dense', units, activation: config.layerActivations[i] ?? config.activation }));
  // One module (or two: a layer and its activation) per nnplay layer; a
  // dense layer on maps flattens them first, as nnplay's does.
  const modules = [];
  const parametric = [];   // [module index, nnplay layer index]
  let maps = true;
  let channels = 1;
  [...stack, { kind: 'dense', output: true }].forEach((layer, i) => {
    const w = weights[i];
    const activation = ACTIVATIONS[w.activation];
    if (layer.kind === 'conv2d') {
      const pad = (layer.padding ?? 'same') === 'same' ? (layer.size - 1) / 2 : 0;
      parametric.push([modules.length, i]);
      modules.push(`nn.Conv2d(${channels}, ${layer.filters}, ${layer.size}, padding=${pad})`);
      if (activation) modules.push(activation);
      channels = layer.filters;
    } else if (layer.kind === 'maxPool2d' || layer.kind === 'avgPool2d') {
      modules.push(layer.kind === 'maxPool2d' ? 'nn.MaxPool2d(2)' : 'nn.AvgPool2d(2)');
    } else if (layer.kind === 'flatten') {
      modules.push('nn.Flatten()');
      maps = false;
    } else {
      if (maps) modules.push('nn.Flatten()');
      maps = false;
      parametric.push([modules.length, i]);
      modules.push(`nn.Linear(${w.inputs}, ${w.neurons})`);
      if (!layer.output && activation) modules.push(activation);
    }
  });
  const n = Math.min(checks, test.labels.length);
  // (No test images, no check: predictImages takes at least one.)
  const expected = n > 0 ? playground.predictImages(test.pixels.subarray(0, 64 * n)) : [];
  const output = task.kind === 'binary' ? 'torch.sigmoid(z)' : 'torch.softmax(z, dim=1)';
  const target = task.kind === 'multiclass' ? 'torch.long' : 'torch.float32';
  const shapeOf = (module) => module.match(/\(([^)]*)\)/)[1].split(',').slice(0, 3).map((v) => v.trim());
  const copies = parametric.map(([m, i]) => {
    const w = weights[i];
    const shape = modules[m].startsWith('nn.Conv2d') ? (() => {
      const [inC, outC, k] = shapeOf(modules[m]);
      return `${outC}, ${inC}, ${k}, ${k}`;
    })() : `${w.neurons}, ${w.inputs}`;
    return `    net[${m}].weight.copy_(torch.tensor(${list(w.weights)}).reshape(${shape}))\n    net[${m}].bias.copy_(torch.tensor(${list(w.biases)}))`;
  }).join('\n');
  return `# The nnplay scene "${config.dataset}" as PyTorch: the same layers (NCHW),
# weights, images, loss, optimizer, learning rate, regularization and batch size.
# Run it with: python3 script.py${config.augment ? '\n# (nnplay also shifted each training image by a random half pixel: not done here.)' : ''}
import torch
from torch import nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(${config.weightSeed})


class Digits(Dataset):
    """8 × 8 handwritten digits (UCI, CC BY 4.0): each pixel counted 0–16, read as count / 16."""

    def __init__(self, counts, labels):
        self.x = (torch.tensor(counts, dtype=torch.float32) / 16).reshape(-1, 1, 8, 8)
        self.y = torch.tensor(labels, dtype=${target})

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


net = nn.Sequential(
${modules.map((m) => `    ${m},`).join('\n')}
)
net.weights = [net[i].weight for i in ${JSON.stringify(parametric.map(([m]) => m))}]
net.biases = [net[i].bias for i in ${JSON.stringify(parametric.map(([m]) => m))}]
with torch.no_grad():
${copies}


def probabilities(z):
    """What nnplay's output layer gives: ${output}."""
    return ${output}


train = Digits(${ints(Array.from(train.pixels, (v) => v * 16))}, ${task.kind === 'multiclass' ? ints(train.labels) : list(train.labels)})
test = Digits(${ints(Array.from(test.pixels, (v) => v * 16))}, ${task.kind === 'multiclass' ? ints(test.labels) : list(test.labels)})

${n > 0 ? `# The same numbers as nnplay for the first test images.
expected = torch.tensor(${rows(expected, width)})
with torch.no_grad():
    got = probabilities(net(test.x[:${n}])).reshape(${n}, ${width})
print("predictions match nnplay to 1e-5:", torch.allclose(got, expected, atol=1e-5))
` : '# (No test images: the scene holds none out, so there is nothing to check against.)\n'}
${training(config, task, classes, 'net')}
loader = DataLoader(train, batch_size=${config.batchSize}, shuffle=True)

for epoch in range(1, 21):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_of(net(x), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        right = (probabilities(net(test.x))${task.kind === 'binary' ? '.squeeze(1).round()' : '.argmax(dim=1)'} == test.y).float().mean()
    print(f"epoch {epoch}: train loss {loss_of(net(train.x), train.y).item():.4f}, test accuracy {right.item():.3f}")
`;
}

/**
 * The script of a sequence scene: the windows as tensors (N × steps × 1),
 * the recurrent layer as nn.RNN or nn.GRU with nnplay's four tensors, the
 * dense layers on its last state, a check of the first `checks` test
 * sequences' predictions, and the loop.
 */
function pytorchSequenceScript(playground, checks) {
  const config = playground.config();
  const task = playground.task();
  const weights = playground.weights();
  const train = playground.sequences('train');
  const test = playground.sequences('test');
  const steps = train.steps;
  const width = playground.outputs();
  const stack = Array.isArray(config.layers) ? config.layers
    : config.hiddenLayers.map((units, i) => ({ kind: 'dense', units, activation: config.layerActivations[i] ?? config.activation }));
  const first = stack[0];
  const recurrent = first && (first.kind === 'rnn' || first.kind === 'gru') ? first : null;
  // The dense layers (and the output), as an nn.Sequential on the last
  // state, or on the whole window flattened.
  const head = [];
  const linear = [];   // [module index, nnplay layer index]
  if (!recurrent) head.push('nn.Flatten()');
  [...stack, { kind: 'dense', output: true }].forEach((layer, i) => {
    if (layer === recurrent) return;
    const w = weights[i];
    linear.push([head.length, i]);
    head.push(`nn.Linear(${w.inputs}, ${w.neurons})`);
    const activation = ACTIVATIONS[w.activation];
    if (!layer.output && activation) head.push(activation);
  });
  const r = recurrent ? weights[0] : null;
  const module = recurrent
    ? (recurrent.kind === 'gru' ? `nn.GRU(1, ${recurrent.units}, batch_first=True)` : `nn.RNN(1, ${recurrent.units}, nonlinearity="tanh", batch_first=True)`)
    : null;
  const n = Math.min(checks, test.labels.length);
  const expected = n > 0 ? playground.predictSequences(test.values.subarray(0, steps * n)) : [];
  const output = task.kind === 'binary' ? 'torch.sigmoid(z)' : 'z';
  const copies = [
    ...(recurrent ? ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((name) => {
      const shape = name.startsWith('weight') ? `.reshape(${r[name].length / (name === 'weight_ih' ? 1 : recurrent.units)}, ${name === 'weight_ih' ? 1 : recurrent.units})` : '';
      return `    net.recurrent.${name}_l0.copy_(torch.tensor(${list(r[name])})${shape})`;
    }) : []),
    ...linear.map(([m, i]) => `    net.head[${m}].weight.copy_(torch.tensor(${list(weights[i].weights)}).reshape(${weights[i].neurons}, ${weights[i].inputs}))\n    net.head[${m}].bias.copy_(torch.tensor(${list(weights[i].biases)}))`),
  ].join('\n');
  const parameters = recurrent
    ? `net.weights = [net.recurrent.weight_ih_l0, net.recurrent.weight_hh_l0] + [net.head[i].weight for i in ${JSON.stringify(linear.map(([m]) => m))}]
net.biases = [net.recurrent.bias_ih_l0, net.recurrent.bias_hh_l0] + [net.head[i].bias for i in ${JSON.stringify(linear.map(([m]) => m))}]`
    : `net.weights = [net.head[i].weight for i in ${JSON.stringify(linear.map(([m]) => m))}]
net.biases = [net.head[i].bias for i in ${JSON.stringify(linear.map(([m]) => m))}]`;
  return `# The nnplay scene "${config.dataset}" as PyTorch: the same layers, weights,
# sequences (${steps} steps each${config.shuffleSteps ? ', each window shuffled as nnplay shuffled it' : ''}), loss, optimizer, learning rate,
# regularization and batch size.
# Run it with: python3 script.py
import torch
from torch import nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(${config.weightSeed})


class Windows(Dataset):
    """Sequences of ${steps} values, one per time step, and ${task.kind === 'binary' ? 'their classes' : 'the value that comes next'}."""

    def __init__(self, values, labels):
        self.x = torch.tensor(values, dtype=torch.float32).reshape(-1, ${steps}, 1)
        self.y = torch.tensor(labels, dtype=torch.float32)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
${recurrent ? `        self.recurrent = ${module}\n` : ''}        self.head = nn.Sequential(
${head.map((m) => `            ${m},`).join('\n')}
        )

    def forward(self, x):
        """The logits z of the output layer${recurrent ? ', from the last state h_T' : ''}."""
${recurrent ? `        _, h = self.recurrent(x)  # h: (1, n, units), the state after the last step
        return self.head(h[0])` : '        return self.head(x)'}


def probabilities(z):
    """What nnplay's output neuron gives: ${output}."""
    return ${output}


net = Net()
${parameters}
with torch.no_grad():
${copies}

train = Windows(${list(train.values)}, ${list(train.labels)})
test = Windows(${list(test.values)}, ${list(test.labels)})

${n > 0 ? `# The same numbers as nnplay for the first test sequences.
expected = torch.tensor(${rows(expected, width)})
with torch.no_grad():
    got = probabilities(net(test.x[:${n}])).reshape(${n}, ${width})
print("predictions match nnplay to 1e-5:", torch.allclose(got, expected, atol=1e-5))
` : '# (No test sequences: the scene holds none out, so there is nothing to check against.)\n'}
${training(config, task, 0, 'net')}
loader = DataLoader(train, batch_size=${config.batchSize}, shuffle=True)

for epoch in range(1, 21):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_of(net(x), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        print(f"epoch {epoch}: train loss {loss_of(net(train.x), train.y).item():.4f}, test loss {loss_of(net(test.x), test.y).item():.4f}")
`;
}

