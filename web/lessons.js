// The lessons: one declarative table, in the chapter's order. A lesson is
// data: its name (fixed: links and embeds rely on it), its scene (a partial
// state, checked against the engine's schema like any link), the variants
// of a side-by-side comparison if it has one (same data, same initial
// weights, one setting different, trained in step), and the outcome a test
// confirms. Its words are in the message catalogues, under `lessons[name]`.
// No DOM: the page, the tests and embeds read the same table.
//
// A comparison is `{ key, values, with, chart }`: the compared setting, its
// value in each variant, each variant's other settings, and the chart its
// cards show ('loss', the default, or 'gradients').
//
// An outcome is `{ epochs, expect: [...] }`: after `epochs` epochs of each
// variant (or updates, for a perceptron), every expectation holds. An
// expectation names a `variant` (default 0), a `metric` and a bound
// (`atLeast`, `atMost`, `is`); tests/lessons.test.mjs knows the metrics.

/**
 * A small disc of class 1 in a large field of class 0, on a 12 × 12 grid
 * (no randomness): one class is a sixth of the points. Every fourth point
 * of the grid, in a checkerboard pattern, is held out for testing.
 */
function imbalancedCircle() {
  const data = { train: { x: [], y: [], label: [] }, test: { x: [], y: [], label: [] } };
  for (let i = 0; i < 12; i++) {
    for (let j = 0; j < 12; j++) {
      const [x, y] = [i - 5.5, j - 5.5];
      const set = (i + j) % 4 === 0 ? data.test : data.train;
      set.x.push(x);
      set.y.push(y);
      set.label.push(x * x + y * y < 6.76 ? 1 : 0);
    }
  }
  return data;
}

/** The data sets of images (their scenes run on the images module: modules.js). */
export const IMAGE_DATASETS = ['digits', 'digits38'];

/** The names of an image data set's classes (digits38: class 0 is the 3s, 1 the 8s). */
export const classNames = (dataset) => (dataset === 'digits38' ? ['3', '8'] : Array.from({ length: 10 }, (_, k) => String(k)));

/**
 * What an image data set starts with (a link to `?dataset=digits`, or the
 * Digits button): 30 % of the images held out, 500 to train on, 16 ReLUs,
 * Adam at 0.01, He's initial weights, mini-batches of 16. The plane's
 * defaults (6-3 tanh, SGD at 0.3) learn the digits and then fall apart.
 */
export const IMAGE_SCENE = {
  testRatio: 0.3, points: 500, hiddenLayers: [16], activation: 'relu', optimizer: 'adam', learningRate: 0.01, init: 'he', batchSize: 16,
};
/** The data sets of sequences (their scenes run on the images module too). */
export const SEQUENCE_DATASETS = ['sines', 'memory'];

/**
 * What a sequence data set starts with: 1,000 sequences of 20 steps, 30 %
 * held out, a GRU of 16 units, Adam at 0.01, Xavier's initial weights,
 * mini-batches of 32, a little noise on the sines.
 */
export const SEQUENCE_SCENE = {
  testRatio: 0.3, points: 1000, noise: 0.1, steps: 20, layers: [{ kind: 'gru', units: 16 }], optimizer: 'adam', learningRate: 0.01, init: 'xavierUniform', batchSize: 32,
};

/** What a data set's scene is: 'images', 'sequences' or 'plane'. */
export const sceneKind = (dataset) => (IMAGE_DATASETS.includes(dataset) ? 'images' : SEQUENCE_DATASETS.includes(dataset) ? 'sequences' : 'plane');

/** True if a state's network reads its sequences step by step (an RNN or
 * a GRU in its layer list; a dense list is written as hidden layers). */
export const hasRecurrentLayer = (state) => Array.isArray(state.layers) && state.layers.some((l) => l.kind === 'rnn' || l.kind === 'gru');

/** What a data set's kind of scene starts with (its network, its
 * training); null for the plane, whose defaults are the schema's. */
export const sceneStart = (dataset) => ({ images: IMAGE_SCENE, sequences: SEQUENCE_SCENE })[sceneKind(dataset)] ?? null;

/** The image lessons' scenes: the same training, on all ten digits (each
 * lesson says its network). */
const DIGITS = { dataset: 'digits', testRatio: 0.3, optimizer: 'adam', learningRate: 0.01, init: 'he', batchSize: 16 };
/** The sequence lessons' training: the sequence scenes' start, 1,000 sequences. */
const SEQUENCES = { testRatio: 0.3, points: 1000, optimizer: 'adam', learningRate: 0.01, init: 'xavierUniform', batchSize: 32 };
/** Six 3 × 3 filters, ReLU, 2 × 2 max pooling, then the 10 outputs: 1,030 parameters. */
const CONV_NET = [{ kind: 'conv2d', filters: 6, size: 3, padding: 'same', activation: 'relu' }, { kind: 'maxPool2d' }, { kind: 'flatten' }];

export const LESSONS = [
  {
    name: 'perceptron-and',
    scene: { mode: 'perceptron', dataset: 'and', learningRate: 0.1 },
    outcome: { epochs: 20, expect: [{ metric: 'trainAccuracy', is: 1 }, { metric: 'converged', is: true }] },
  },
  {
    name: 'perceptron-xor',
    scene: { mode: 'perceptron', dataset: 'xorTable', learningRate: 0.1 },
    outcome: { epochs: 500, expect: [{ metric: 'bestTrainAccuracy', atMost: 0.75 }, { metric: 'converged', is: false }] },
  },
  {
    name: 'weights-bias',
    scene: { dataset: 'and', hiddenLayers: [], activation: 'tanh', init: 'zeros', learningRate: 0.3, batchSize: 4 },
    outcome: { epochs: 0, expect: [{ metric: 'lineFollowsWeights', is: true }] },
  },
  {
    name: 'xor-hidden-layer',
    scene: { dataset: 'xorTable', hiddenLayers: [2], optimizer: 'adam', learningRate: 0.1, init: 'xavierUniform', batchSize: 4, weightSeed: 2 },
    outcome: { epochs: 200, expect: [{ metric: 'testAccuracy', atLeast: 0.95 }, { metric: 'separatingLines', is: 2 }] },
  },
  {
    name: 'width-depth',
    scene: { dataset: 'circle', activation: 'tanh' },
    compare: { key: 'hiddenLayers', values: [[], [3]] },
    outcome: { epochs: 200, expect: [{ variant: 0, metric: 'testAccuracy', atMost: 0.75 }, { variant: 1, metric: 'testAccuracy', atLeast: 0.95 }] },
  },
  {
    name: 'activations',
    scene: { dataset: 'xor', hiddenLayers: [4] },
    compare: { key: 'activation', values: ['sigmoid', 'tanh', 'relu', 'linear'] },
    outcome: {
      epochs: 200,
      expect: [
        { variant: 0, metric: 'testAccuracy', atLeast: 0.9 },
        { variant: 1, metric: 'testAccuracy', atLeast: 0.9 },
        { variant: 2, metric: 'testAccuracy', atLeast: 0.9 },
        { variant: 3, metric: 'bestTestAccuracy', atMost: 0.75 },
      ],
    },
  },
  {
    name: 'losses',
    // Large initial weights: the output starts saturated, confidently wrong
    // on many points, which is where the losses differ most.
    scene: { dataset: 'xor', hiddenLayers: [4], init: 'xavierUniform', initScale: 3 },
    compare: { key: 'loss', values: ['mse', 'binaryCrossEntropy', 'mae', 'rmse'] },
    outcome: {
      epochs: 40,
      expect: [
        { variant: 1, metric: 'testAccuracy', atLeast: 0.95 },
        { variant: 0, metric: 'testAccuracy', atMost: 0.8 },
        // One confidently wrong point: cross-entropy's gradient on it does
        // not vanish, MSE's does (the sigmoid's slope stays in it).
        { metric: 'wrongPointGradientRatio', atLeast: 10 },
      ],
    },
  },
  {
    name: 'learning-rate-high',
    scene: { dataset: 'regressionPlane', learningRate: 1 },
    outcome: { epochs: 30, expect: [{ metric: 'diverged', is: true }, { metric: 'coach', is: 'lossNotFinite' }] },
  },
  {
    name: 'learning-rate-low',
    scene: { dataset: 'xor', learningRate: 0.0001 },
    outcome: { epochs: 60, expect: [{ metric: 'lossChange', atMost: 0.01 }, { metric: 'coach', is: 'learningTooSlow' }] },
  },
  {
    name: 'backprop',
    scene: { dataset: 'xorTable', hiddenLayers: [2], activation: 'sigmoid', learningRate: 1, batchSize: 1, init: 'xavierUniform', weightSeed: 3 },
    outcome: { epochs: 5, expect: [{ metric: 'explainMatchesGradients', is: true }] },
  },
  {
    name: 'vanishing-gradient',
    scene: { dataset: 'circle', hiddenLayers: [8, 8, 8, 8, 8, 8], normalize: true, activation: 'sigmoid', init: 'xavierUniform' },
    compare: { key: 'activation', values: ['sigmoid', 'relu'], with: [{}, { init: 'he' }], chart: 'gradients' },
    outcome: {
      epochs: 20,
      expect: [
        { variant: 0, metric: 'gradientRatio', atMost: 0.01 },
        { variant: 1, metric: 'gradientRatio', atLeast: 0.1 },
        { variant: 0, metric: 'coach', is: 'vanishingGradients' },
      ],
    },
  },
  {
    name: 'dead-relu',
    scene: { dataset: 'circle', hiddenLayers: [8], learningRate: 3 },
    compare: { key: 'activation', values: ['relu', 'leakyRelu'] },
    outcome: {
      epochs: 30,
      expect: [
        { variant: 0, metric: 'coach', is: 'deadRelus' },
        { variant: 1, metric: 'coachNot', is: 'deadRelus' },
        { variant: 1, metric: 'testAccuracy', atLeast: 0.9 },
      ],
    },
  },
  {
    name: 'initialization',
    scene: { dataset: 'circle', hiddenLayers: [4], init: 'xavierUniform' },
    compare: { key: 'init', values: ['zeros', 'xavierUniform', 'xavierUniform', 'xavierUniform'], with: [{}, { initScale: 0.01 }, { initScale: 10 }, {}] },
    outcome: {
      epochs: 100,
      expect: [
        { variant: 0, metric: 'identicalHiddenUnits', is: true },
        { variant: 0, metric: 'testAccuracy', atMost: 0.75 },
        { variant: 3, metric: 'testAccuracy', atLeast: 0.95 },
      ],
    },
  },
  {
    name: 'overfitting',
    // The L2 strength is set for the learner's own try (choosing L2 at the
    // default strength of 0 would change nothing); without L2 it is unused.
    scene: { dataset: 'gaussians', points: 60, noise: 0.9, dataSeed: 2, optimizer: 'adam', learningRate: 0.03, regularizationRate: 0.03 },
    compare: { key: 'hiddenLayers', values: [[16, 16, 16], [3]] },
    outcome: {
      epochs: 300,
      expect: [
        { variant: 0, metric: 'lossGap', atLeast: 0.5 },
        { variant: 0, metric: 'trainAccuracy', is: 1 },
        { variant: 0, metric: 'coach', is: 'overfitting' },
        { variant: 1, metric: 'lossGapBelowVariant', of: 0, is: true },
        { variant: 1, metric: 'testAccuracyAboveVariant', of: 0, is: true },
      ],
    },
  },
  {
    name: 'softmax',
    scene: { dataset: 'spiral3', hiddenLayers: [16, 16], activation: 'relu', init: 'he', optimizer: 'adam', learningRate: 0.01, testRatio: 0.2 },
    outcome: { epochs: 300, expect: [{ metric: 'trainAccuracy', atLeast: 0.9 }, { metric: 'outputs', is: 3 }] },
  },
  {
    name: 'checklist',
    scene: { dataset: 'circle', data: imbalancedCircle(), features: ['x1Squared', 'x2Squared'], hiddenLayers: [4], learningRate: 3 },
    compare: { key: 'normalize', values: [false, true], with: [{}, { learningRate: 0.03 }] },
    outcome: {
      epochs: 100,
      expect: [
        { variant: 0, metric: 'coach', is: 'inputsNotNormalized' },
        { variant: 0, metric: 'coach', is: 'classImbalance' },
        { variant: 1, metric: 'testAccuracy', atLeast: 0.95 },
      ],
    },
  },
  {
    name: 'convolution',
    // The dense net in the controls' form (64 → 16 ReLUs → 10: 1,210
    // parameters); the convolutional one as a layer list.
    scene: { ...DIGITS, points: 2000, dataSeed: 2, weightSeed: 2, hiddenLayers: [16], activation: 'relu' },
    compare: { key: 'layers', values: ['auto', CONV_NET] },
    outcome: {
      epochs: 20,
      expect: [
        { variant: 1, metric: 'testAccuracyAboveVariant', of: 0, is: true },
        { variant: 1, metric: 'parametersBelowVariant', of: 0, is: true },
        { variant: 1, metric: 'testAccuracy', atLeast: 0.97 },
      ],
    },
  },
  {
    name: 'augmentation',
    scene: { ...DIGITS, points: 100, dataSeed: 2, weightSeed: 2, layers: CONV_NET },
    compare: { key: 'augment', values: [false, true] },
    outcome: {
      epochs: 60,
      expect: [
        { variant: 0, metric: 'trainAccuracy', is: 1 },
        { variant: 1, metric: 'testAccuracyAboveVariant', of: 0, is: true },
        { variant: 1, metric: 'testAccuracyGain', of: 0, atLeast: 0.015 },
      ],
    },
  },
  {
    name: 'class-imbalance',
    // The dense net of the convolution lesson.
    scene: { ...DIGITS, points: 2000, dataSeed: 1, weightSeed: 1, hiddenLayers: [16], activation: 'relu', rareClass: 8 },
    compare: { key: 'rareClassShare', values: [1, 0.05] },
    outcome: {
      epochs: 20,
      expect: [
        { variant: 0, metric: 'recall', class: 8, atLeast: 0.85 },
        { variant: 1, metric: 'testAccuracy', atLeast: 0.9 },
        { variant: 1, metric: 'recall', class: 8, atMost: 0.6 },
        { variant: 1, metric: 'coach', is: 'classImbalance' },
      ],
    },
  },
  {
    name: 'sequence-order',
    // Windows of 10 values of the sines: a GRU reads them in order, a dense
    // layer reads them whole (each position has its own weights), and a
    // dense layer reads each window shuffled into an order of its own.
    scene: { ...SEQUENCES, dataset: 'sines', noise: 0.1, steps: 10 },
    compare: {
      key: 'layers',
      values: [[{ kind: 'gru', units: 16 }], [{ kind: 'dense', units: 16, activation: 'tanh' }], [{ kind: 'dense', units: 16, activation: 'tanh' }]],
      with: [{}, {}, { shuffleSteps: true }],
    },
    outcome: {
      epochs: 20,
      expect: [
        // "About a hundred times": 0.011 and 0.007 measured.
        { variant: 0, metric: 'testLossOverVariant', of: 2, atMost: 0.02 },
        { variant: 1, metric: 'testLossOverVariant', of: 2, atMost: 0.02 },
      ],
    },
  },
  {
    name: 'vanishing-through-time',
    // The memory task at distance 20, the seed the core's test runs.
    scene: { ...SEQUENCES, dataset: 'memory', steps: 20, weightSeed: 5 },
    compare: { key: 'layers', values: [[{ kind: 'rnn', units: 16 }], [{ kind: 'gru', units: 16 }]] },
    outcome: {
      epochs: 30,
      expect: [
        { variant: 0, metric: 'testAccuracy', atMost: 0.6 },
        { variant: 1, metric: 'testAccuracy', atLeast: 0.95 },
        // The first step's gradient over the last step's, over the run:
        // "billions of times smaller" (1.3e-10 measured).
        { variant: 0, metric: 'firstStepGradientRatio', atMost: 1e-9 },
        { variant: 1, metric: 'firstStepGradientRatio', atLeast: 1e-2 },
      ],
    },
  },
];

/** Lesson names in the chapter's order. */
export const LESSON_NAMES = LESSONS.map((l) => l.name);

/** The lesson called `name`, or undefined. */
export function lessonNamed(name) {
  return LESSONS.find((l) => l.name === name);
}

/**
 * The partial states of a lesson's players: one for a plain lesson, one per
 * variant for a comparison (the scene, then the compared key's value, then
 * the variant's own extra settings).
 */
export function lessonScenes(lesson) {
  if (!lesson.compare) return [{ ...lesson.scene }];
  const { key, values, with: extra = [] } = lesson.compare;
  return values.map((v, i) => ({ ...lesson.scene, [key]: v, ...(extra[i] ?? {}) }));
}
