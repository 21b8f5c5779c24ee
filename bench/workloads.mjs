// The benchmark's workloads and their fixtures: the same points and the
// same initial weights for every contender, generated once from a seed and
// written as nnplay model files (which the other contenders read too).
//
// W1 xor-to-converge: the 4 XOR points, 2-4-1 (tanh, sigmoid output), full
//    batch, SGD lr 0.5, MSE; time until the epoch's MSE < 0.01.
// W2 spiral-throughput: a 500-point two-arm spiral, 2-8-8-8-1 tanh, SGD
//    lr 0.03, MSE, at batch 1, 10 and 100; samples per second.
// W3 heatmap: the W2 network over a 100×100 grid on [-6, 6]², 20 frames,
//    read back into JavaScript; cells per second (nnplay's grid is a
//    picture, its tanh and sigmoid within 1e-4; the peers' are exact).
// Scaling: W2 at batch 10 with 500, 5,000 and 50,000 points, and with
//    widths 8, 16, 32 and 64.
// W4 digits conv: see `imageWorkloads`.
// W5 memory: the memory task at distance 20 (sequences of 20 values, the
//    class the first), a simple RNN or a GRU of 16 units, then one sigmoid
//    output, SGD lr 0.1, batch 32; samples per second.
// Agreement: full-batch runs (every contender sums the same points each
//    step, if in its own order) whose losses after the same epochs must
//    agree within 1e-3 (they do within 1e-6).

/** A small seeded generator (mulberry32), so fixtures are the same everywhere. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two interleaved spiral arms of `n` points (labels 0 and 1) in about [-5, 5]². */
export function spiral(n, seed) {
  const random = rng(seed);
  const set = { x: [], y: [], label: [] };
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const k = Math.floor(i / 2);
    const r = (5 * k) / (n / 2);
    const t = (1.75 * k * 2 * Math.PI) / (n / 2) + label * Math.PI;
    set.x.push(Math.fround(r * Math.sin(t) + (random() - 0.5) * 0.2));
    set.y.push(Math.fround(r * Math.cos(t) + (random() - 0.5) * 0.2));
    set.label.push(label);
  }
  return set;
}

/** XOR's four points, labels 0 and 1. */
export function xor() {
  return { x: [-1, -1, 1, 1], y: [-1, 1, -1, 1], label: [0, 1, 1, 0] };
}

/** Initial weights, uniform ±√(6 / (fan-in + fan-out)) (Glorot), layer by layer. */
export function weights(sizes, seed) {
  const random = rng(seed);
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1];
    const neurons = sizes[l];
    const bound = Math.sqrt(6 / (inputs + neurons));
    const w = Array.from({ length: inputs * neurons }, () => Math.fround((random() * 2 - 1) * bound));
    layers.push({ inputs, neurons, weights: w, biases: new Array(neurons).fill(0) });
  }
  return layers;
}

/**
 * One fixture: an nnplay model file (config, weights, points) plus the
 * plain facts the other contenders need.
 */
export function fixture({ name, points, hidden, activation, learningRate, batchSize, seed = 1 }) {
  const sizes = [2, ...hidden, 1];
  const layers = weights(sizes, seed);
  const list = points.x.map((x, i) => ({ x, y: points.y[i], label: points.label[i] }));
  const model = {
    format: 'nnplay-model',
    version: 1,
    config: {
      mode: 'network',
      dataset: 'xor',
      points: Math.max(4, list.length),
      noise: 0,
      testRatio: 0,
      features: ['x1', 'x2'],
      normalize: false,
      hiddenLayers: hidden,
      activation,
      layerActivations: [],
      loss: 'mse',
      optimizer: 'sgd',
      learningRate,
      regularization: 'none',
      regularizationRate: 0,
      batchSize,
      weightSeed: seed,
      dataSeed: seed,
    },
    layers,
    points: { train: list, test: [] },
  };
  return { name, model: JSON.stringify(model), points, hidden, activation, learningRate, batchSize, sizes, layers };
}

/** The limits the larger fixtures need (the page keeps its own). */
export const LIMITS = { maxPoints: 50_000, maxNeurons: 64 };

/**
 * Every workload. `smoke` makes each one tiny, so `cargo xtask test` can run
 * the whole bench once and it cannot rot.
 */
export function workloads(smoke = false) {
  const spiral500 = spiral(500, 7);
  const w2 = (batchSize) => ({
    kind: 'throughput',
    ...fixture({ name: `W2 spiral batch ${batchSize}`, points: spiral500, hidden: [8, 8, 8], activation: 'tanh', learningRate: 0.03, batchSize }),
    epochs: smoke ? 1 : 200,
  });
  const list = [
    {
      kind: 'converge',
      ...fixture({ name: 'W1 xor to converge', points: xor(), hidden: [4], activation: 'tanh', learningRate: 0.5, batchSize: 4, seed: 3 }),
      target: 0.01,
      maxEpochs: smoke ? 50 : 20_000,
    },
    w2(1),
    w2(10),
    w2(100),
    {
      kind: 'grid',
      ...fixture({ name: 'W3 heatmap 100x100', points: spiral500, hidden: [8, 8, 8], activation: 'tanh', learningRate: 0.03, batchSize: 10 }),
      trainEpochs: smoke ? 1 : 50,
      resolution: 100,
      frames: smoke ? 2 : 20,
    },
  ];
  for (const n of smoke ? [500] : [500, 5_000, 50_000]) {
    list.push({
      kind: 'throughput',
      scaling: true,
      ...fixture({ name: `scaling points ${n}`, points: spiral(n, 11), hidden: [8, 8, 8], activation: 'tanh', learningRate: 0.03, batchSize: 10 }),
      epochs: smoke ? 1 : Math.max(2, Math.round(100_000 / n)),
    });
  }
  for (const width of smoke ? [8] : [8, 16, 32, 64]) {
    list.push({
      kind: 'throughput',
      scaling: true,
      ...fixture({ name: `scaling width ${width}`, points: spiral500, hidden: [width, width, width], activation: 'tanh', learningRate: 0.03, batchSize: 10 }),
      epochs: smoke ? 1 : 40,
    });
  }
  // Agreement: full batch, so no contender's shuffling matters.
  list.push({
    kind: 'agree',
    ...fixture({ name: 'agree xor full batch', points: xor(), hidden: [4], activation: 'tanh', learningRate: 0.5, batchSize: 4, seed: 3 }),
    epochs: smoke ? 5 : 100,
  });
  list.push({
    kind: 'agree',
    ...fixture({ name: 'agree spiral full batch', points: spiral500, hidden: [8, 8, 8], activation: 'tanh', learningRate: 0.03, batchSize: 500 }),
    epochs: smoke ? 5 : 30,
  });
  return list;
}

/**
 * An image fixture (W4): an nnplay model file of the digits with the conv
 * net's initial weights (Glorot, seeded) in PyTorch's layout (conv
 * `[f][c][i][j]`, dense `[out][in]` over the maps channel by channel), and
 * the same weights for the peers. `digits` is `{ pixels, labels }` (the
 * data file's images in its order, pixels as count / 16): nnplay reads the
 * file itself, every image for training.
 */
export function imageFixture({ name, digits, learningRate, batchSize, points = 2000, seed = 5 }) {
  const random = rng(seed);
  const glorot = (count, fanIn, fanOut) => Array.from({ length: count }, () => Math.fround((random() * 2 - 1) * Math.sqrt(6 / (fanIn + fanOut))));
  const conv = { filters: 8, size: 3, weights: glorot(8 * 9, 9, 8 * 9), biases: new Array(8).fill(0) };
  const dense = { inputs: 128, neurons: 10, weights: glorot(10 * 128, 128, 10), biases: new Array(10).fill(0) };
  const model = {
    format: 'nnplay-model',
    version: 2,
    config: {
      mode: 'network', dataset: 'digits', points, noise: 0, testRatio: 0, dataSeed: seed,
      features: ['x1', 'x2'], normalize: false, hiddenLayers: [6, 3], activation: 'tanh', layerActivations: [],
      layers: [{ kind: 'conv2d', filters: 8, size: 3, padding: 'same', activation: 'relu' }, { kind: 'maxPool2d' }, { kind: 'flatten' }],
      loss: 'categoricalCrossEntropy', optimizer: 'sgd', learningRate, regularization: 'none', regularizationRate: 0,
      batchSize, init: 'uniform', initScale: 1, weightSeed: seed,
    },
    layers: [
      { kind: 'conv2d', inputs: 64, units: 512, weights: conv.weights, biases: conv.biases },
      { kind: 'maxPool2d', inputs: 512, units: 128, weights: [], biases: [] },
      { kind: 'flatten', inputs: 128, units: 128, weights: [], biases: [] },
      { kind: 'dense', inputs: 128, units: 10, weights: dense.weights, biases: dense.biases },
    ],
    points: null,
  };
  return { name, images: true, samples: digits.labels.length, model: JSON.stringify(model), digits, learningRate, batchSize, conv, dense };
}

/**
 * W4 and its agreement run, on `digits` (run.mjs reads the data file). The
 * agreement takes 900 images in one batch (a batch holds at most 1,000):
 * run.mjs hands the peers nnplay's own choice of them (`images('train')`).
 */
export function imageWorkloads(digits, smoke = false) {
  return [
    { kind: 'throughput', ...imageFixture({ name: 'W4 digits conv batch 32', digits, learningRate: 0.03, batchSize: 32 }), epochs: smoke ? 1 : 10 },
    { kind: 'agree', ...imageFixture({ name: 'agree digits conv full batch', digits, learningRate: 0.03, batchSize: 900, points: 900 }), epochs: smoke ? 2 : 10 },
  ];
}

/**
 * A sequence fixture (W5): an nnplay model file of the memory task with a
 * recurrent layer of `units` (`kind` 'rnn' or 'gru') and one sigmoid
 * output, its initial weights (Glorot, seeded) in PyTorch's layout
 * (`weight_ih` [gates·units][1], `weight_hh` [gates·units][units], biases
 * 0; a GRU's gates r, z, n). nnplay generates the sequences from the data
 * seed; run.mjs hands the peers the same ones (`sequences('train')`).
 */
export function sequenceFixture({ name, kind, learningRate, batchSize, points, steps = 20, units = 16, seed = 7 }) {
  const random = rng(seed);
  const gates = kind === 'gru' ? 3 : 1;
  const glorot = (count, fanIn, fanOut) => Array.from({ length: count }, () => Math.fround((random() * 2 - 1) * Math.sqrt(6 / (fanIn + fanOut))));
  const recurrent = {
    weightIh: glorot(gates * units, 1, units),
    weightHh: glorot(gates * units * units, units, units),
    biasIh: new Array(gates * units).fill(0),
    biasHh: new Array(gates * units).fill(0),
  };
  const dense = { inputs: units, neurons: 1, weights: glorot(units, units, 1), biases: [0] };
  const model = {
    format: 'nnplay-model',
    version: 2,
    config: {
      mode: 'network', dataset: 'memory', points, noise: 0, testRatio: 0, dataSeed: seed, steps,
      features: ['x1', 'x2'], normalize: false, hiddenLayers: [6, 3], activation: 'tanh', layerActivations: [],
      layers: [{ kind, units }],
      loss: 'binaryCrossEntropy', optimizer: 'sgd', learningRate, regularization: 'none', regularizationRate: 0,
      batchSize, init: 'uniform', initScale: 1, weightSeed: seed,
    },
    layers: [
      { kind, inputs: steps, units, weights: [], biases: [], ...recurrent },
      { kind: 'dense', inputs: units, units: 1, weights: dense.weights, biases: dense.biases },
    ],
    points: null,
  };
  return { name, sequences: true, recurrentKind: kind, samples: points, steps, units, model: JSON.stringify(model), learningRate, batchSize, recurrent, dense };
}

/**
 * W5 and its agreement run (a simple RNN over 800 sequences in one batch:
 * TensorFlow.js's simpleRNN computes the same cell; its GRU puts the reset
 * gate before the product, Keras' reset_after=False, so the GRU is timed
 * but not compared).
 */
export function sequenceWorkloads(smoke = false) {
  return [
    { kind: 'throughput', ...sequenceFixture({ name: 'W5 memory RNN 16 batch 32', kind: 'rnn', learningRate: 0.1, batchSize: 32, points: 1000 }), epochs: smoke ? 1 : 5 },
    { kind: 'throughput', ...sequenceFixture({ name: 'W5 memory GRU 16 batch 32', kind: 'gru', learningRate: 0.1, batchSize: 32, points: 1000 }), epochs: smoke ? 1 : 5 },
    { kind: 'agree', ...sequenceFixture({ name: 'agree memory RNN full batch', kind: 'rnn', learningRate: 0.1, batchSize: 800, points: 800 }), epochs: smoke ? 2 : 10 },
  ];
}

/** Median, min and max of `values`. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}
