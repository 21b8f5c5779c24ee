// The page's state and its URL form. One declarative table drives both
// parsing and serializing; this module touches no DOM.
//
// The state holds every setting (the engine's config plus view options).
// Only values that differ from the defaults go into the URL, so a shared
// link stays short; anything unreadable in a URL falls back to its default
// and is reported, never thrown.

export const DATASETS = ['xor', 'xorTable', 'and', 'or', 'circle', 'gaussians', 'spiral', 'spiral3', 'moons', 'regressionPlane', 'regressionGaussians'];
export const DATASET_NAMES = {
  xor: 'XOR', xorTable: 'XOR table', and: 'AND', or: 'OR', circle: 'Circle', gaussians: 'Gaussians',
  spiral: 'Spiral', spiral3: '3 spirals', moons: 'Moons', regressionPlane: 'Plane (regr.)', regressionGaussians: 'Bumps (regr.)',
};
export const FEATURES = ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1X2', 'sinX1', 'sinX2'];
export const FEATURE_NAMES = { x1: 'x₁', x2: 'x₂', x1Squared: 'x₁²', x2Squared: 'x₂²', x1X2: 'x₁x₂', sinX1: 'sin x₁', sinX2: 'sin x₂' };
export const HIDDEN_ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'leakyRelu', 'linear'];
export const LOSSES = ['auto', 'mse', 'binaryCrossEntropy', 'categoricalCrossEntropy', 'mae', 'rmse'];
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const MAX_LAYERS = 8;
export const MAX_NEURONS = 16;

// kind: how the value reads and writes; live: applied without rebuilding the
// network; view: a display option, not part of the engine's config.
export const FIELDS = [
  { key: 'mode', kind: 'enum', values: ['network', 'perceptron'], default: 'network' },
  { key: 'dataset', kind: 'enum', values: DATASETS, default: 'xor' },
  { key: 'points', kind: 'int', min: 4, max: 5000, default: 200 },
  { key: 'noise', kind: 'number', min: 0, max: 1, default: 0 },
  { key: 'testRatio', kind: 'number', min: 0, max: 0.9, default: 0.5 },
  { key: 'dataSeed', kind: 'int', min: 0, max: 4294967295, default: 1 },
  { key: 'features', kind: 'set', values: FEATURES, default: ['x1', 'x2'] },
  { key: 'normalize', kind: 'bool', default: false },
  { key: 'hiddenLayers', kind: 'intList', min: 1, max: MAX_NEURONS, maxLength: MAX_LAYERS, default: [6, 3] },
  { key: 'activation', kind: 'enum', values: HIDDEN_ACTIVATIONS, default: 'tanh' },
  { key: 'layerActivations', kind: 'enumList', values: HIDDEN_ACTIVATIONS, maxLength: MAX_LAYERS, default: [] },
  { key: 'loss', kind: 'enum', values: LOSSES, default: 'auto' },
  { key: 'optimizer', kind: 'enum', values: ['sgd', 'momentum', 'adam'], default: 'sgd' },
  { key: 'learningRate', kind: 'choice', values: LEARNING_RATES, default: 0.3, live: true },
  { key: 'regularization', kind: 'enum', values: ['none', 'l1', 'l2'], default: 'none', live: true },
  { key: 'regularizationRate', kind: 'choice', values: REGULARIZATION_RATES, default: 0, live: true },
  { key: 'batchSize', kind: 'int', min: 1, max: 1000, default: 10 },
  { key: 'init', kind: 'enum', values: ['uniform', 'xavierUniform', 'xavierNormal', 'he', 'zeros'], default: 'uniform' },
  { key: 'initScale', kind: 'number', min: 0, max: 100, default: 1 },
  { key: 'weightSeed', kind: 'int', min: 0, max: 4294967295, default: 1 },
  { key: 'epochsPerFrame', kind: 'int', min: 1, max: 100, default: 1, view: true },
  { key: 'showTest', kind: 'bool', default: true, view: true },
  { key: 'discretize', kind: 'bool', default: false, view: true },
  { key: 'showLines', kind: 'bool', default: true, view: true },
  { key: 'gradientLinks', kind: 'bool', default: false, view: true },
  { key: 'logScale', kind: 'bool', default: false, view: true },
  { key: 'data', kind: 'points', default: null },
];

const byKey = Object.fromEntries(FIELDS.map((f) => [f.key, f]));

/** A fresh copy of the default state. */
export function defaults() {
  return Object.fromEntries(FIELDS.map((f) => [f.key, structuredClone(f.default)]));
}

/** True for keys that change the run only through live setters. */
export function isLive(key) {
  return Boolean(byKey[key]?.live || byKey[key]?.view);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Reading one URL value; `undefined` means "not valid".
const readers = {
  enum: (f, text) => (f.values.includes(text) ? text : undefined),
  choice: (f, text) => {
    const n = Number(text);
    return f.values.includes(n) ? n : undefined;
  },
  int: (f, text) => {
    const n = Number(text);
    return text !== '' && Number.isInteger(n) && n >= f.min && n <= f.max ? n : undefined;
  },
  number: (f, text) => {
    const n = Number(text);
    return text !== '' && Number.isFinite(n) && n >= f.min && n <= f.max ? n : undefined;
  },
  bool: (_f, text) => (text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : undefined),
  set: (f, text) => {
    const items = text.split(',').filter((s) => s !== '');
    const ok = items.length > 0 && items.every((s) => f.values.includes(s)) && new Set(items).size === items.length;
    return ok ? items : undefined;
  },
  intList: (f, text) => {
    if (text === '') return [];
    const items = text.split(',').map(Number);
    const ok = items.length <= f.maxLength && items.every((n) => Number.isInteger(n) && n >= f.min && n <= f.max);
    return ok ? items : undefined;
  },
  enumList: (f, text) => {
    if (text === '') return [];
    const items = text.split(',');
    return items.length <= f.maxLength && items.every((s) => f.values.includes(s)) ? items : undefined;
  },
  points: (_f, text) => decodePoints(text),
};

const writers = {
  enum: (v) => v,
  choice: (v) => String(v),
  int: (v) => String(v),
  number: (v) => String(v),
  bool: (v) => (v ? '1' : '0'),
  set: (v) => v.join(','),
  intList: (v) => v.join(','),
  enumList: (v) => v.join(','),
  points: (v) => encodePoints(v),
};

/**
 * Reads a state from a URL query string. Returns `{ state, problems }`:
 * each problem names a parameter that was ignored and why.
 */
export function parseState(search) {
  const state = defaults();
  const problems = [];
  const params = new URLSearchParams(search);
  for (const [key, text] of params) {
    const field = byKey[key];
    if (!field) {
      problems.push(`unknown setting "${key.slice(0, 40)}" was ignored`);
      continue;
    }
    const value = readers[field.kind](field, text.slice(0, 200_000));
    if (value === undefined) {
      problems.push(`"${key}=${text.slice(0, 40)}" is not allowed; the default was used`);
    } else {
      state[key] = value;
    }
  }
  return { state, problems };
}

/** The query string of `state`: only what differs from the defaults. */
export function serializeState(state) {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = state[field.key];
    if (value !== undefined && value !== null && !same(value, field.default)) {
      params.set(field.key, writers[field.kind](value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The engine's config (a `PlaygroundConfig`) for `state`. */
export function toConfig(state) {
  const config = {};
  for (const field of FIELDS) {
    if (field.view || field.kind === 'points') continue;
    config[field.key] = structuredClone(state[field.key]);
  }
  config.loss = state.loss === 'auto' ? null : state.loss;
  if (config.layerActivations.length !== config.hiddenLayers.length) config.layerActivations = [];
  return config;
}

// Hand-placed points travel in the URL as "x,y,label;…|x,y,label;…" (train,
// then test), coordinates to two decimals.
function encodePoints(data) {
  const part = (set) => {
    const out = [];
    for (let i = 0; i < set.x.length; i++) {
      out.push(`${round(set.x[i])},${round(set.y[i])},${round(set.label[i])}`);
    }
    return out.join(';');
  };
  return `${part(data.train)}|${part(data.test)}`;
}

function round(v) {
  return Math.round(v * 100) / 100;
}

function decodePoints(text) {
  const [trainText = '', testText = ''] = text.split('|');
  const part = (t) => {
    const set = { x: [], y: [], label: [] };
    if (t === '') return set;
    for (const item of t.split(';')) {
      const numbers = item.split(',').map(Number);
      if (numbers.length !== 3 || !numbers.every(Number.isFinite)) return undefined;
      set.x.push(numbers[0]);
      set.y.push(numbers[1]);
      set.label.push(numbers[2]);
    }
    return set;
  };
  const train = part(trainText);
  const test = part(testText);
  if (!train || !test || train.x.length === 0 || train.x.length + test.x.length > 5000) return undefined;
  return { train, test };
}

/** `{ train, test }` of typed arrays (from `points()`) as plain arrays. */
export function plainPoints(points) {
  const copy = (s) => ({ x: Array.from(s.x), y: Array.from(s.y), label: Array.from(s.label) });
  return { train: copy(points.train), test: copy(points.test) };
}

/** The argument of `setPoints` for stored points. */
export function pointsInput(data) {
  const list = (s) => s.x.map((x, i) => ({ x, y: s.y[i], label: s.label[i] }));
  return { train: list(data.train), test: list(data.test) };
}
