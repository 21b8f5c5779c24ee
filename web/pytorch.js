// "Copy as PyTorch": the current scene as a script in the chapter's style,
// which goes on training exactly where nnplay stands.
//
// The script has the chapter's parts: an nn.Module subclass whose
// __init__ defines the layers (as modules, so `print(net)` shows them all)
// and whose forward runs them, a Dataset and a DataLoader, and the loop
// prediction → loss → backward() → step(). It carries the scene's weights,
// data, loss, optimizer, learning rate, regularization and batch size, and
// what a fresh PyTorch run would lack (nnplay's `continuation()`):
// - the mini-batch order: a few lines of Python give nnplay's own seeded
//   generator (xoshiro256++) and shuffle, from the generator's state, so
//   the DataLoader takes the batches nnplay would take;
// - the optimizer's memory (momentum's velocities, Adam's moments and step
//   count), loaded into torch.optim's state;
// - for augmented images, the generator of the shifts and the shift itself.
// So training on gives nnplay's curve to float precision: the loss is
// printed as nnplay shows it (the data term; a penalty apart), with the
// test set's each epoch. A perceptron is exported as its own rule.
// An image scene's layers are nn.Conv2d, pooling, nn.Flatten and nn.Linear
// (NCHW, PyTorch's own layout, which nnplay's weights already have); a
// sequence scene's recurrent layer is nn.RNN or nn.GRU (batch_first, with
// nnplay's four tensors: nnplay follows PyTorch's equations and gate order).
// Pure: the engine's numbers in, Python text out.

/** Epochs the script trains on. */
export const SCRIPT_EPOCHS = 20;

/** The two methods every scene's Dataset shares: its size and one (x, y) pair. */
const TENSOR_PAIRS = `    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i], self.y[i]`;

const ACTIVATIONS = {
  linear: null, sigmoid: 'nn.Sigmoid()', tanh: 'nn.Tanh()', relu: 'nn.ReLU()', leakyRelu: 'nn.LeakyReLU(0.01)',
};
const FEATURES = {
  x1: 'x1', x2: 'x2', x1Squared: 'x1 * x1', x2Squared: 'x2 * x2', x1X2: 'x1 * x2', sinX1: 'torch.sin(x1)', sinX2: 'torch.sin(x2)',
};

/**
 * A float32 as the shortest Python literal that reads back to the same
 * float32 (`0.3`, not `0.30000001192092896`); non-finite values by the
 * names the script defines (`nan`, `inf`, `-inf`).
 */
export function py(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const f = Math.fround(v);
  for (let digits = 1; digits < 9; digits++) {
    const s = Number(f.toPrecision(digits));
    if (Math.fround(s) === f) return String(s);
  }
  return String(f);
}
const list = (values) => `[${Array.from(values, py).join(', ')}]`;
/** A Python list of whole numbers. */
const ints = (values) => `[${Array.from(values, (v) => String(Math.round(v))).join(', ')}]`;
/** Rows of a matrix, `width` values each. */
const rows = (values, width) => {
  const out = [];
  for (let i = 0; i < values.length; i += width) out.push(list(values.slice(i, i + width)));
  return `[${out.join(', ')}]`;
};
const indent = (text, spaces) => text.split('\n').map((l) => (l ? ' '.repeat(spaces) + l : l)).join('\n');

/**
 * The script for `playground` (a Playground), checking its first
 * `checks` predictions against nnplay's to 1e-5, then training
 * `SCRIPT_EPOCHS` more epochs.
 */
export function pytorchScript(playground, checks = 8) {
  const config = playground.config();
  if (config.mode === 'perceptron') return perceptronScript(playground, checks);
  const kind = typeof playground.images === 'function' && ['digits', 'digits38'].includes(config.dataset) ? imageScene
    : typeof playground.sequences === 'function' && ['sines', 'memory'].includes(config.dataset) ? sequenceScene : planeScene;
  return networkScript(playground, kind(playground, checks), config);
}

/** The parts of a network scene every kind shares. */
function networkScript(playground, scene, config) {
  const task = playground.task();
  const summary = playground.summary();
  const state = playground.continuation();
  const classes = task.kind === 'multiclass' ? task.classes : 0;
  const augment = scene.augment ?? false;
  return `# nnplay.py: the nnplay scene "${config.dataset}" as PyTorch, going on from where
# nnplay stands (epoch ${summary.epoch}, step ${summary.step}): the same ${scene.what},
# loss, optimizer and its memory, learning rate, regularization, batch size
# and batch order${augment ? ' (and the same half-pixel shifts of the training images)' : ''}.
# So the curve it prints is the one nnplay would draw.
# Run it with: python3 nnplay.py
import torch
from torch import nn
from torch.utils.data import Dataset, DataLoader

nan, inf = float("nan"), float("inf")


${scene.dataset}


${scene.net}


net = Net()
print(net)
with torch.no_grad():
${scene.copies}
weights = [p for name, p in net.named_parameters() if "weight" in name]
biases = [p for name, p in net.named_parameters() if "bias" in name]


def outputs(z):
    """What nnplay's output layer gives for the logits z: ${task.kind === 'regression' ? 'the value itself (a linear output)' : task.kind === 'binary' ? 'the probability of class 1' : "each class's probability"}."""
    return ${outputOf(task)}


${scene.data}

${scene.check}
${lossAndOptimizer(config, task, classes)}
${memory(playground, state, config)}


${sampler(state, config.batchSize)}${scene.shifts ?? ''}
loader = DataLoader(${augment ? 'Shifted(train, augment_rng)' : 'train'}, batch_sampler=order)


def evaluate(data):
    """The data term of the loss on a whole set${task.kind === 'regression' ? '' : ', and the share classified right'}."""
    with torch.no_grad():
        z = net(data.x)
        loss = data_loss(z, data.y).item()
${task.kind === 'regression' ? '        return loss, None' : `        right = (${task.kind === 'binary' ? '(outputs(z).squeeze(1) >= 0.5).float()' : 'outputs(z).argmax(dim=1)'} == data.y).float().mean().item()
        return loss, right`}


def report(epoch):
    train_loss, train_right = evaluate(train)
    line = f"epoch {epoch}: train loss {train_loss:.6g}"
    if len(test):
        test_loss, test_right = evaluate(test)
        line += f", test loss {test_loss:.6g}"
${task.kind === 'regression' ? '' : `        line += f", test accuracy {test_right:.4f}"
`}    if penalty_rate:
        line += f" (+ ${config.regularization === 'l1' ? 'L1' : 'L2'} penalty {penalty().item():.6g})"
    print(line)


for epoch in range(${summary.epoch + 1}, ${summary.epoch + 1 + SCRIPT_EPOCHS}):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_of(net(x), y)
        loss.backward()
        optimizer.step()
    report(epoch)
`;
}

const outputOf = (task) => (task.kind === 'binary' ? 'torch.sigmoid(z)' : task.kind === 'multiclass' ? 'torch.softmax(z, dim=1)' : 'z');

/**
 * The loss (the data term as nnplay measures it, and the L1 penalty
 * added for training) and the optimizer, L2 as weight decay on the
 * weights only.
 */
function lossAndOptimizer(config, task, classes) {
  const loss = config.loss ?? { binary: 'binaryCrossEntropy', multiclass: 'categoricalCrossEntropy', regression: 'mse' }[task.kind];
  const criterion = {
    binaryCrossEntropy: 'nn.BCEWithLogitsLoss()', categoricalCrossEntropy: 'nn.CrossEntropyLoss()',
    mse: 'nn.MSELoss()', mae: 'nn.L1Loss()', rmse: 'nn.MSELoss()',
  }[loss];
  const onLogits = loss === 'binaryCrossEntropy' || loss === 'categoricalCrossEntropy';
  const rate = config.regularization === 'none' ? 0 : config.regularizationRate;
  const l2 = config.regularization === 'l2' ? rate : 0;
  const optimizer = {
    sgd: `torch.optim.SGD(groups, lr=${py(config.learningRate)})`,
    momentum: `torch.optim.SGD(groups, lr=${py(config.learningRate)}, momentum=0.9)`,
    adam: `torch.optim.Adam(groups, lr=${py(config.learningRate)}, betas=(0.9, 0.999), eps=1e-8)`,
  }[config.optimizer];
  const term = onLogits
    ? `criterion(z${task.kind === 'binary' ? '.squeeze(1)' : ''}, y)`
    : task.kind === 'multiclass'
      ? `criterion(outputs(z), nn.functional.one_hot(y, ${classes}).float())`
      : 'criterion(outputs(z).squeeze(1), y)';
  return `criterion = ${criterion}
penalty_rate = ${py(rate)}


def data_loss(z, y):
    """The loss nnplay shows: ${loss === 'rmse' ? 'RMSE, the root of MSE' : loss}, without the penalty."""
${loss === 'rmse' ? `    mse = ${term}
    # (The root's slope at 0 is infinite; nnplay takes 0 there, and so does this.)
    return mse.sqrt() if mse.item() > 0 else mse * 0` : `    return ${term}`}


def penalty():
    """${config.regularization === 'l1' ? 'L1: λ Σ |w|' : 'L2: λ/2 Σ w²'} over the weights (never the biases)."""
    return penalty_rate * ${config.regularization === 'l1' ? 'sum(w.abs().sum() for w in weights)' : 'sum((w * w).sum() for w in weights) / 2'}


def loss_of(z, y):
    """What training minimizes: the data term${config.regularization === 'l1' ? ' and the L1 penalty' : config.regularization === 'l2' ? ' (L2 acts as weight decay in the optimizer: the same gradient, λ w)' : ''}."""
    return data_loss(z, y)${config.regularization === 'l1' ? ' + penalty()' : ''}


groups = [
    {"params": weights, "weight_decay": ${py(l2)}},
    {"params": biases, "weight_decay": 0.0},
]
optimizer = ${optimizer}`;
}

/**
 * nnplay's optimizer memory as torch.optim's state, tensor by tensor
 * (`weights` then `biases`, as the groups list them).
 */
function memory(playground, state, config) {
  const steps = state.optimizerSteps;
  if (config.optimizer === 'sgd') return '# (Plain SGD remembers nothing between steps.)';
  if (steps === 0) return '# (The optimizer has not moved yet: it starts with empty memory, as nnplay\'s did.)';
  // nnplay's tensors in its order, each with its offset in first/second.
  const tensors = [];
  let at = 0;
  for (const layer of playground.weights()) {
    for (const [name, values] of Object.entries(layer)) {
      if (!(values instanceof Float32Array)) continue;
      tensors.push({ weight: name.startsWith('weight'), from: at, to: at + values.length });
      at += values.length;
    }
  }
  const ordered = [...tensors.filter((t) => t.weight), ...tensors.filter((t) => !t.weight)];
  const adam = config.optimizer === 'adam';
  const entries = ordered.map((t) => (adam
    ? `    (${list(state.first.subarray(t.from, t.to))}, ${list(state.second.subarray(t.from, t.to))}),`
    : `    ${list(state.first.subarray(t.from, t.to))},`));
  return `# nnplay's optimizer has made ${steps} steps; its memory goes on here, tensor by
# tensor (${adam ? "Adam's first and second moments" : "momentum's velocities"}).
MEMORY = [
${entries.join('\n')}
]
for p, remembered in zip(weights + biases, MEMORY):
${adam ? `    first, second = remembered
    optimizer.state[p] = {
        "step": torch.tensor(${steps}.0),
        "exp_avg": torch.tensor(first, dtype=torch.float32).reshape_as(p),
        "exp_avg_sq": torch.tensor(second, dtype=torch.float32).reshape_as(p),
    }` : '    optimizer.state[p] = {"momentum_buffer": torch.tensor(remembered, dtype=torch.float32).reshape_as(p)}'}`;
}

/** A generator's 16 quarters (16 bits each, lowest first) as its four words. */
function words(quarters) {
  return Array.from({ length: 4 }, (_, w) => {
    let word = 0n;
    for (let q = 3; q >= 0; q--) word = (word << 16n) | BigInt(quarters[4 * w + q]);
    return `0x${word.toString(16).padStart(16, '0')}`;
  });
}

/** nnplay's batch order in Python, from where it stands. */
function sampler(state, batchSize) {
  return `class Xoshiro256pp:
    """nnplay's seeded generator (xoshiro256++), from its four 64-bit words."""

    MASK = (1 << 64) - 1

    def __init__(self, state):
        self.s = list(state)

    def next(self):
        s, mask = self.s, self.MASK
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & mask
        out = (rotl((s[0] + s[3]) & mask, 23) + s[0]) & mask
        t = (s[1] << 17) & mask
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return out

    def below(self, n):
        """Uniform over 0..n-1, as nnplay draws it."""
        return ((self.next() >> 32) * n) >> 32


class NnplayOrder:
    """nnplay's mini-batches: consecutive slices of this epoch's order; when
    the order runs out, it is shuffled in place (Fisher-Yates) for the next."""

    def __init__(self, order, cursor, rng, batch_size):
        self.order, self.cursor, self.rng, self.batch_size = list(order), cursor, rng, batch_size

    def __iter__(self):
        n = len(self.order)
        while self.cursor < n:
            end = min(self.cursor + self.batch_size, n)
            batch = self.order[self.cursor:end]
            self.cursor = end
            yield batch
        self.cursor = 0
        for i in range(n - 1, 0, -1):
            j = self.rng.below(i + 1)
            self.order[i], self.order[j] = self.order[j], self.order[i]

    def __len__(self):
        return -(-(len(self.order) - self.cursor) // self.batch_size)


# Where nnplay's order stands: this epoch's order, the next batch's place in
# it, and the generator that shuffles the next epochs.
order = NnplayOrder(
    ${ints(state.order)},
    ${state.cursor},
    Xoshiro256pp([${words(state.orderRng).join(', ')}]),
    ${batchSize},
)`;
}

/** A points-in-the-plane scene. */
function planeScene(playground, checks) {
  const config = playground.config();
  const task = playground.task();
  const layers = playground.weights();
  const points = playground.points();
  const scaling = playground.inputScaling();
  const n = Math.min(checks, points.train.x.length);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = points.train.x[i];
    xy[2 * i + 1] = points.train.y[i];
  }
  const expected = playground.predictBatch(xy);
  const width = playground.outputs();
  const labels = (set) => (task.kind === 'multiclass' ? ints(set.label) : list(set.label));
  const modules = layers.flatMap((l, i) => {
    const f = i < layers.length - 1 ? ACTIVATIONS[l.activation] : null;
    return [`nn.Linear(${l.inputs}, ${l.neurons}),`, ...(f ? [`${f},`] : [])];
  });
  let m = 0;
  const copies = layers.map((l, i) => {
    const at = m;
    m += i < layers.length - 1 && ACTIVATIONS[l.activation] ? 2 : 1;
    return `    net.layers[${at}].weight.copy_(torch.tensor(${rows(l.weights, l.inputs)}))\n    net.layers[${at}].bias.copy_(torch.tensor(${list(l.biases)}))`;
  });
  return {
    what: 'network, weights, points',
    dataset: `MEAN = torch.tensor(${list(scaling.mean)}, dtype=torch.float32)
STD = torch.tensor(${list(scaling.std)}, dtype=torch.float32)


def features(x1, x2):
    """The network's inputs for the points (x1, x2): ${config.features.join(', ')}${config.normalize ? ', normalized' : ''}."""
    return (torch.stack([${config.features.map((f) => FEATURES[f]).join(', ')}], dim=1) - MEAN) / STD


class Points(Dataset):
    """Points in the plane: the network's inputs for each, and its label."""

    def __init__(self, x1, x2, labels):
        x1, x2 = torch.tensor(x1, dtype=torch.float32), torch.tensor(x2, dtype=torch.float32)
        self.x = features(x1, x2)
        self.y = torch.tensor(labels, dtype=${task.kind === 'multiclass' ? 'torch.long' : 'torch.float32'})

${TENSOR_PAIRS}`,
    net: `class Net(nn.Module):
    """${layers.map((l) => l.inputs).concat(width).join(' → ')}: the logits of the output layer."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
${modules.map((s) => `            ${s}`).join('\n')}
        )

    def forward(self, x):
        return self.layers(x)`,
    copies: copies.join('\n'),
    data: `train = Points(${list(points.train.x)}, ${list(points.train.y)}, ${labels(points.train)})
test = Points(${list(points.test.x)}, ${list(points.test.y)}, ${labels(points.test)})`,
    check: checkBlock(expected, n, width, 'train.x', 'training points'),
  };
}

/** The check of the first predictions against nnplay's. */
function checkBlock(expected, n, width, inputs, what) {
  if (n === 0) return `# (No ${what}: there is nothing to check against nnplay.)\n`;
  return `# The same numbers as nnplay for the first ${what}.
expected = torch.tensor(${rows(expected, width)}, dtype=torch.float32)
with torch.no_grad():
    got = outputs(net(${inputs}[:${n}])).reshape(${n}, ${width})
print("predictions match nnplay to 1e-5:", torch.allclose(got, expected, atol=1e-5, equal_nan=True))
`;
}

/** An image scene: the digits as N × 1 × 8 × 8 tensors. */
function imageScene(playground, checks) {
  const config = playground.config();
  const task = playground.task();
  const weights = playground.weights();
  const train = playground.images('train');
  const test = playground.images('test');
  const width = playground.outputs();
  const stack = Array.isArray(config.layers) ? config.layers
    : config.hiddenLayers.map((units, i) => ({ kind: 'dense', units, activation: config.layerActivations[i] ?? config.activation }));
  // One module (or two: a layer and its activation) per nnplay layer; a
  // dense layer on maps flattens them first, as nnplay's does.
  const modules = [];
  const copies = [];
  let maps = true;
  let channels = 1;
  [...stack, { kind: 'dense', output: true }].forEach((layer, i) => {
    const w = weights[i];
    const activation = layer.output ? null : ACTIVATIONS[w.activation];
    if (layer.kind === 'conv2d') {
      const pad = (layer.padding ?? 'same') === 'same' ? (layer.size - 1) / 2 : 0;
      copies.push(`    net.layers[${modules.length}].weight.copy_(torch.tensor(${list(w.weights)}).reshape(${layer.filters}, ${channels}, ${layer.size}, ${layer.size}))`,
        `    net.layers[${modules.length}].bias.copy_(torch.tensor(${list(w.biases)}))`);
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
      copies.push(`    net.layers[${modules.length}].weight.copy_(torch.tensor(${list(w.weights)}).reshape(${w.neurons}, ${w.inputs}))`,
        `    net.layers[${modules.length}].bias.copy_(torch.tensor(${list(w.biases)}))`);
      modules.push(`nn.Linear(${w.inputs}, ${w.neurons})`);
      if (activation) modules.push(activation);
    }
  });
  const n = Math.min(checks, test.labels.length);
  // (No test images, no check: predictImages takes at least one.)
  const expected = n > 0 ? playground.predictImages(test.pixels.subarray(0, 64 * n)) : [];
  const labels = (set) => (task.kind === 'multiclass' ? ints(set.labels) : list(set.labels));
  const augment = Boolean(config.augment);
  const state = playground.continuation();
  return {
    what: 'layers (NCHW), weights, images',
    augment,
    dataset: `class Digits(Dataset):
    """8 × 8 handwritten digits (UCI, CC BY 4.0): each pixel counted 0-16, read as count / 16."""

    def __init__(self, counts, labels):
        self.x = (torch.tensor(counts, dtype=torch.float32) / 16).reshape(-1, 1, 8, 8)
        self.y = torch.tensor(labels, dtype=${task.kind === 'multiclass' ? 'torch.long' : 'torch.float32'})

${TENSOR_PAIRS}${augment ? `


def shifted(image, down, across):
    """The image moved by (down, across) half-pixels: a half pixel is the mean
    of two neighbours, zeros come in at the edges (nnplay's augmentation)."""
    split = lambda half: ((-half) // 2, (-half) // 2 + (-half) % 2)
    padded = nn.functional.pad(image, (1, 1, 1, 1))
    (y0, y1), (x0, x1) = split(down), split(across)
    at = lambda dy, dx: padded[:, 1 + dy:9 + dy, 1 + dx:9 + dx]
    return (at(y0, x0) + at(y0, x1) + at(y1, x0) + at(y1, x1)) * 0.25


class Shifted(Dataset):
    """The training images, each shifted by a seeded -1, 0 or +1 half-pixel
    down and across every time a batch takes it (nnplay's generator)."""

    def __init__(self, data, rng):
        self.data, self.rng = data, rng

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        # Each call draws the next shift: samples must be fetched in batch
        # order, one process (the DataLoader's default num_workers=0).
        image, label = self.data[i]
        down, across = self.rng.below(3) - 1, self.rng.below(3) - 1
        return shifted(image, down, across), label` : ''}`,
    net: `class Net(nn.Module):
    """8 × 8 images → ${width} output${width > 1 ? 's' : ''}: the logits of the output layer."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
${modules.map((s) => `            ${s},`).join('\n')}
        )

    def forward(self, x):
        return self.layers(x)`,
    copies: copies.join('\n'),
    data: `train = Digits(${ints(Array.from(train.pixels, (v) => v * 16))}, ${labels(train)})
test = Digits(${ints(Array.from(test.pixels, (v) => v * 16))}, ${labels(test)})`,
    shifts: augment ? `
# The generator of the shifts, where nnplay's stands.
augment_rng = Xoshiro256pp([${words(state.augmentRng).join(', ')}])` : '',
    check: checkBlock(expected, n, width, 'test.x', 'test images'),
  };
}

/** A sequence scene: the windows as N × steps × 1 tensors. */
function sequenceScene(playground, checks) {
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
  const copies = [];
  if (!recurrent) head.push('nn.Flatten()');
  if (recurrent) {
    const r = weights[0];
    for (const name of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']) {
      const shape = name.startsWith('weight') ? `.reshape(${r[name].length / (name === 'weight_ih' ? 1 : recurrent.units)}, ${name === 'weight_ih' ? 1 : recurrent.units})` : '';
      copies.push(`    net.recurrent.${name}_l0.copy_(torch.tensor(${list(r[name])})${shape})`);
    }
  }
  [...stack, { kind: 'dense', output: true }].forEach((layer, i) => {
    if (layer === recurrent) return;
    const w = weights[i];
    copies.push(`    net.head[${head.length}].weight.copy_(torch.tensor(${list(w.weights)}).reshape(${w.neurons}, ${w.inputs}))`,
      `    net.head[${head.length}].bias.copy_(torch.tensor(${list(w.biases)}))`);
    head.push(`nn.Linear(${w.inputs}, ${w.neurons})`);
    const activation = layer.output ? null : ACTIVATIONS[w.activation];
    if (activation) head.push(activation);
  });
  const module = recurrent
    ? (recurrent.kind === 'gru' ? `nn.GRU(1, ${recurrent.units}, batch_first=True)` : `nn.RNN(1, ${recurrent.units}, nonlinearity="tanh", batch_first=True)`)
    : null;
  const n = Math.min(checks, test.labels.length);
  const expected = n > 0 ? playground.predictSequences(test.values.subarray(0, steps * n)) : [];
  return {
    what: `layers, weights, sequences (${steps} steps each${config.shuffleSteps ? ', each window shuffled as nnplay shuffled it' : ''})`,
    dataset: `class Windows(Dataset):
    """Sequences of ${steps} values, one per time step, and ${task.kind === 'binary' ? 'their classes' : 'the value that comes next'}."""

    def __init__(self, values, labels):
        self.x = torch.tensor(values, dtype=torch.float32).reshape(-1, ${steps}, 1)
        self.y = torch.tensor(labels, dtype=torch.float32)

${TENSOR_PAIRS}`,
    net: `class Net(nn.Module):
    """Windows of ${steps} steps → ${recurrent ? `${recurrent.kind.toUpperCase()} of ${recurrent.units} → ` : ''}the logits of the output layer."""

    def __init__(self):
        super().__init__()
${recurrent ? `        self.recurrent = ${module}\n` : ''}        self.head = nn.Sequential(
${head.map((s) => `            ${s},`).join('\n')}
        )

    def forward(self, x):
${recurrent ? `        _, h = self.recurrent(x)  # h: (1, n, units), the state after the last step
        return self.head(h[0])` : '        return self.head(x)'}`,
    copies: copies.join('\n'),
    data: `train = Windows(${list(train.values)}, ${list(train.labels)})
test = Windows(${list(test.values)}, ${list(test.labels)})`,
    check: checkBlock(expected, n, width, 'test.x', 'test sequences'),
  };
}

/**
 * A perceptron's script: Rosenblatt's rule is not gradient descent (a step
 * has no slope), so there is no loss, backward() or optimizer: the script
 * runs the rule itself, on tensors, going round the training set in order
 * from where nnplay stands.
 */
function perceptronScript(playground, checks) {
  const config = playground.config();
  const [neuron] = playground.weights();
  const points = playground.points();
  const scaling = playground.inputScaling();
  const summary = playground.summary();
  const state = playground.continuation();
  const n = Math.min(checks, points.train.x.length);
  const xy = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = points.train.x[i];
    xy[2 * i + 1] = points.train.y[i];
  }
  const expected = n > 0 ? playground.predictBatch(xy) : [];
  return `# nnplay.py: the nnplay scene "${config.dataset}" as a perceptron in PyTorch, going on
# from where nnplay stands (pass ${summary.epoch}, ${summary.step} updates): the same neuron, points and
# learning rate, and Rosenblatt's rule going round the training set in order.
# A step has no slope, so this is not gradient descent: no loss.backward(),
# no optimizer; the rule moves the neuron only when it gets a point wrong:
#     w <- w + lr (y - prediction) x        b <- b + lr (y - prediction)
# Run it with: python3 nnplay.py
import torch

nan, inf = float("nan"), float("inf")

MEAN = torch.tensor(${list(scaling.mean)}, dtype=torch.float32)
STD = torch.tensor(${list(scaling.std)}, dtype=torch.float32)


def features(x1, x2):
    """The neuron's inputs for the points (x1, x2): ${config.features.join(', ')}${config.normalize ? ', normalized' : ''}."""
    return (torch.stack([${config.features.map((f) => FEATURES[f]).join(', ')}], dim=1) - MEAN) / STD


def points(x1, x2, labels):
    x1, x2 = torch.tensor(x1, dtype=torch.float32), torch.tensor(x2, dtype=torch.float32)
    return features(x1, x2), torch.tensor(labels, dtype=torch.float32)


train_x, train_y = points(${list(points.train.x)}, ${list(points.train.y)}, ${list(points.train.label)})
test_x, test_y = points(${list(points.test.x)}, ${list(points.test.y)}, ${list(points.test.label)})

w = torch.tensor(${list(neuron.weights)}, dtype=torch.float32)
b = torch.tensor(${py(neuron.biases[0])}, dtype=torch.float32)
lr = torch.tensor(${py(config.learningRate)}, dtype=torch.float32)


def predict(x):
    """The step neuron: 1 where w·x + b >= 0, else 0 (the sum taken in nnplay's order)."""
    z = torch.zeros(len(x), dtype=torch.float32)
    for k in range(len(w)):
        z = z + w[k] * x[:, k]
    return ((z + b) >= 0).float()

${n > 0 ? `
# The same numbers as nnplay for the first training points.
expected = torch.tensor(${list(expected)}, dtype=torch.float32)
print("predictions match nnplay to 1e-5:", torch.allclose(predict(train_x[:${n}]), expected, atol=1e-5))
` : ''}
cursor, clean_run, updates = ${state.cursor}, ${state.cleanRun}, ${summary.step}
n = len(train_y)
for epoch in range(${summary.epoch + 1}, ${summary.epoch + 1 + SCRIPT_EPOCHS}):
    if clean_run >= n:
        break
    # Visit each point in turn to the end of the pass, then on to the next
    # mistake (nnplay's step is "find the next mistake and fix it"); stop
    # once a whole pass is right.
    pass_ended = False
    while clean_run < n:
        x, y = train_x[cursor:cursor + 1], train_y[cursor]
        error = y - predict(x)[0]
        if error != 0:
            w = w + lr * error * x[0]
            b = b + lr * error
            clean_run, updates = 0, updates + 1
        else:
            clean_run += 1
        cursor = (cursor + 1) % n
        pass_ended = pass_ended or cursor == 0
        if pass_ended and error != 0:
            break
    if not pass_ended:
        break  # converged before the pass ended
    right = (predict(train_x) == train_y).float().mean().item()
    line = f"epoch {epoch}: train accuracy {right:.4f}, {updates} updates"
    if len(test_y):
        line += f", test accuracy {(predict(test_x) == test_y).float().mean().item():.4f}"
    print(line)
if clean_run >= n:
    print("converged: a whole pass without a mistake")
print("w =", w.tolist(), "b =", b.item())
`;
}
