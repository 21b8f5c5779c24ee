// The page's state and its URL form. This module touches no DOM.
//
// The engine's fields (their names, kinds, allowed values, ranges and
// defaults) come from the wasm module's `schema()`, written once in the
// core; only the view's own fields are declared here. One table of fields
// drives parsing, serializing and the engine config.
//
// Only values that differ from the defaults go into the URL, so a shared
// link stays short; anything unreadable in a URL falls back to its default
// and is reported as a problem `{ key, text }`, never thrown.

import { decodePoints, encodePoints } from './points-link.js';
import { CATALOGUES } from './messages/index.js';
import { LESSON_NAMES, lessonNamed, lessonScenes, sceneStart } from './lessons.js';

/** The controls a compact player can be asked to show (`controls=`); Play,
 * Reset, the figures and the output are always there. */
export const CONTROL_NAMES = [
  'step', 'share', 'embed', 'language', 'lessons', 'learning-rate', 'activation', 'loss', 'optimizer', 'regularization',
  'regularization-rate', 'batch-size', 'view', 'points', 'loss-chart', 'coach', 'network', 'data', 'training',
];

/** The fields that only the page has: display options and hand-placed points. */
const VIEW_FIELDS = [
  { key: 'epochsPerFrame', kind: 'integer', min: 1, max: 100, default: 1, view: true },
  { key: 'showTest', kind: 'boolean', default: true, view: true },
  { key: 'discretize', kind: 'boolean', default: false, view: true },
  { key: 'showLines', kind: 'boolean', default: true, view: true },
  { key: 'gradientLinks', kind: 'boolean', default: false, view: true },
  { key: 'logScale', kind: 'boolean', default: false, view: true },
  { key: 'data', kind: 'points', default: null, view: true },
  // The language; null: the browser's (see messages/index.js).
  { key: 'lang', kind: 'enum', values: Object.keys(CATALOGUES), default: null, view: true },
  // The lesson being followed: its scene is the base the link's other
  // settings change (see lessons.js).
  { key: 'preset', kind: 'enum', values: LESSON_NAMES, default: null, view: true },
  // The page as an iframe player: just the player, with the controls named.
  { key: 'embed', kind: 'boolean', default: false, view: true },
  { key: 'controls', kind: 'set', values: CONTROL_NAMES, minLength: 1, maxLength: CONTROL_NAMES.length, default: null, view: true },
];

/** Engine fields applied to a running playground without rebuilding it. */
export const LIVE = new Set(['learningRate', 'regularization', 'regularizationRate']);

/** Settings that regenerate the data: hand-placed points give way. */
export const DATA_KEYS = ['dataset', 'points', 'noise', 'testRatio', 'dataSeed'];

/** The most points a link may carry. */
const MAX_LINK_TEXT = 200_000;

/**
 * The state model for `schema` (from the wasm `schema()`): `{ fields, byKey,
 * defaults(), parse(search), serialize(state), toConfig(state), isLive(key),
 * viewRefusal(key, value),
 * datasets, module }`. A nullable engine field (the loss) reads 'auto' for
 * `null`. `module` is the wasm module the schema came from (its
 * `Playground` builds the runs of these states; see modules.js).
 */
export function createStateModel(schema, module = null) {
  const engine = schema.fields.map((f) => ({
    key: f.name,
    kind: f.kind,
    values: f.nullable ? ['auto', ...f.values] : f.values,
    min: f.min,
    minExclusive: Boolean(f.minExclusive),
    max: f.max,
    minLength: f.minLength ?? 0,
    maxLength: f.maxLength,
    nullable: Boolean(f.nullable),
    default: f.nullable && f.default === null ? 'auto' : f.default,
    live: LIVE.has(f.name),
  }));
  // A layer list's activations are the hidden activations.
  const hiddenActivations = schema.fields.find((f) => f.name === 'activation')?.values ?? [];
  for (const f of engine) if (f.kind === 'layerList') f.activations = hiddenActivations;
  const view = VIEW_FIELDS.map((f) => ({ ...f }));
  const fields = [...engine, ...view];
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
  byKey.data.max = byKey.points.max;
  const datasets = Object.fromEntries(schema.datasets.map((d) => [d.name, d]));

  function defaults() {
    return Object.fromEntries(fields.map((f) => [f.key, structuredClone(f.default)]));
  }

  /** The defaults with lesson `name`'s scene (its first player's) on top. */
  function lessonState(name) {
    const lesson = lessonNamed(name);
    return lesson ? { ...defaults(), ...structuredClone(lessonScenes(lesson)[0]), preset: name } : defaults();
  }

  /** What a state's link is written against: its lesson's scene, an image
   * or sequence data set's starting scene, or the defaults. */
  function baseOf(preset, dataset) {
    if (preset) return lessonState(preset);
    const start = sceneStart(dataset);
    return start ? { ...defaults(), ...structuredClone(start) } : defaults();
  }

  function parse(search) {
    const params = new URLSearchParams(search);
    // A lesson's scene first (or an image data set's): the link's other settings change it.
    const preset = params.get('preset');
    const state = baseOf(preset !== null && LESSON_NAMES.includes(preset) ? preset : null, params.get('dataset'));
    const problems = [];
    const taken = new Set(); // the keys this link set
    for (const [key, text] of params) {
      if (key === 'preset' && state.preset === text) continue;
      const field = byKey[key];
      if (!field) {
        problems.push({ key: key.slice(0, 40), text: null });
        continue;
      }
      const value = read(field, text.slice(0, MAX_LINK_TEXT));
      if (value === undefined) problems.push({ key, text: text.slice(0, 40) });
      else {
        state[key] = value;
        taken.add(key);
      }
    }
    // Dense layers given as a layer list are shown, and edited, in the
    // older form the controls use (the engine reads both alike). If the
    // link also gives that form for another network, the list gives way,
    // and the learner is told.
    if (Array.isArray(state.layers) && state.layers.every((l) => l.kind === 'dense')) {
      const activations = state.layers.map((l) => l.activation ?? state.activation);
      const older = {
        hiddenLayers: state.layers.map((l) => l.units),
        layerActivations: activations.every((a) => a === state.activation) ? [] : activations,
      };
      const clash = Object.keys(older).some((key) => taken.has(key) && !same(state[key], older[key]));
      if (clash) problems.push({ key: 'layers', text: (params.get('layers') ?? '').slice(0, 40), twice: true });
      else Object.assign(state, older);
      state.layers = 'auto';
    }
    // One activation per hidden layer, or none: a list of another length is
    // not used, and the learner is told so.
    const { layerActivations: given, hiddenLayers: layers } = state;
    if (given.length > 0 && given.length !== layers.length) {
      problems.push({ key: 'layerActivations', text: given.join(','), given: given.length, layers: layers.length });
      state.layerActivations = [];
    }
    return { state, problems };
  }

  function serialize(state) {
    const params = new URLSearchParams();
    const base = baseOf(state.preset, state.dataset);
    for (const field of fields) {
      const value = state[field.key];
      if (field.kind === 'points' && value === null && base[field.key] !== null) {
        // A lesson's own points, given up for generated data.
        params.set(field.key, 'none');
      } else if (value !== undefined && value !== null && (field.key === 'preset' || !same(value, base[field.key]))) {
        params.set(field.key, write(field, value));
      }
    }
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  function toConfig(state) {
    const config = {};
    for (const field of engine) {
      const value = structuredClone(state[field.key]);
      config[field.key] = field.nullable && value === 'auto' ? null : value;
    }
    // A per-layer list of the wrong length would be refused: the shared
    // activation applies instead (the controls keep the two in step).
    if (config.layerActivations.length !== config.hiddenLayers.length) config.layerActivations = [];
    // A layer list says the network: the older form goes as "not given"
    // (the engine takes one or the other).
    if (Array.isArray(config.layers)) {
      config.hiddenLayers = structuredClone(byKey.hiddenLayers.default);
      config.layerActivations = [];
    }
    return config;
  }

  /**
   * The state of a playground's `config()` (a loaded model), keeping the view
   * fields of `base`: numbers read as the decimals they were written as
   * (0.03, not the f32 widened to 0.029999999329447746).
   */
  function fromConfig(config, base) {
    const next = { ...base, preset: null };
    for (const field of engine) {
      let value = config[field.key];
      if (value === undefined) continue;
      if (field.nullable && value === null) value = 'auto';
      if (field.kind === 'number') value = shortFloat(value);
      next[field.key] = structuredClone(value);
    }
    return next;
  }

  return {
    module,
    fields,
    byKey,
    datasets,
    defaults,
    lessonState,
    /** The state a link of `state` is written against. */
    baseOf: (state) => baseOf(state.preset, state.dataset),
    parse,
    serialize,
    toConfig,
    fromConfig,
    /** True for keys applied without rebuilding the network (live setters,
     * view options); hand-placed points are data, so they rebuild. */
    isLive: (key) => Boolean(byKey[key]?.live || (byKey[key]?.view && byKey[key].kind !== 'points')),
    /** The allowed values of an enum, set or list field. */
    values: (key) => byKey[key]?.values ?? [],
    /** For a view field given `value` it does not allow, what it allows
     * (a phrase for a refusal); null otherwise. The engine's own fields
     * are checked by the engine. */
    viewRefusal(key, value) {
      const field = byKey[key];
      return field?.view && !viewAllows(field, value) ? viewAllowed(field) : null;
    },
  };
}

/** Whether `value` is one the view field `field` allows. */
function viewAllows(field, value) {
  switch (field.kind) {
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value) && value >= field.min && value <= field.max;
    case 'enum': return value === null || field.values.includes(value);
    case 'set': return value === null || (Array.isArray(value) && value.every((v) => field.values.includes(v)));
    case 'points': return value === null || (typeof value === 'object' && ['train', 'test'].every((k) => typeof value[k] === 'object' && value[k] !== null));
    default: return false;
  }
}

/** What the view field `field` allows, in words. */
function viewAllowed(field) {
  switch (field.kind) {
    case 'boolean': return 'true or false';
    case 'integer': return `a whole number from ${field.min} to ${field.max}`;
    case 'enum': return `null or one of ${field.values.join(', ')}`;
    case 'set': return `null or a list of ${field.values.join(', ')}`;
    default: return 'null or { train: { x, y, label }, test: { x, y, label } }';
  }
}

/** The shortest decimal that is the same f32 as `v`. */
function shortFloat(v) {
  for (let digits = 1; digits <= 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === Math.fround(v)) return d;
  }
  return v;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function inRange(f, n) {
  return Number.isFinite(n) && (f.minExclusive ? n > f.min : n >= f.min) && n <= f.max;
}

// Reading one URL value; `undefined` means "not valid".
function read(f, text) {
  switch (f.kind) {
    case 'enum':
      return f.values.includes(text) ? text : undefined;
    case 'integer': {
      const n = Number(text);
      return text !== '' && Number.isInteger(n) && inRange(f, n) ? n : undefined;
    }
    case 'number': {
      const n = Number(text);
      return text !== '' && inRange(f, n) ? n : undefined;
    }
    case 'boolean':
      return { 1: true, true: true, 0: false, false: false }[text];
    case 'set': {
      const items = text.split(',').filter((s) => s !== '');
      const ok = items.length >= Math.max(1, f.minLength) && items.length <= f.maxLength
        && items.every((s) => f.values.includes(s)) && new Set(items).size === items.length;
      return ok ? items : undefined;
    }
    case 'integerList': {
      if (text === '') return [];
      const items = text.split(',').map(Number);
      return items.length <= f.maxLength && items.every((n) => Number.isInteger(n) && inRange(f, n)) ? items : undefined;
    }
    case 'enumList': {
      if (text === '') return [];
      const items = text.split(',');
      return items.length <= f.maxLength && items.every((s) => f.values.includes(s)) ? items : undefined;
    }
    case 'layerList': {
      // Comma-separated layers: dense:units[:activation],
      // conv2d:filters:size[:padding][:activation], maxPool2d, avgPool2d,
      // flatten, rnn:units, gru:units (dense:8:relu,dense:4;
      // conv2d:8:3:same:relu,maxPool2d,flatten; gru:16,dense:8:tanh);
      // empty: no hidden layers; auto: not given. The engine checks what a
      // stack allows (a filter's size, where a convolution may go).
      if (text === 'auto') return 'auto';
      if (text === '') return [];
      const items = text.split(',').map((item) => readLayer(f, item.split(':')));
      return items.length <= f.maxLength && items.every(Boolean) ? items : undefined;
    }
    case 'points':
      return text === 'none' ? null : decodePoints(text, f.max);
    default:
      return undefined;
  }
}

/** One layer of a link's layer list, from its `:`-separated words; undefined if unreadable. */
function readLayer(f, [kind, ...words]) {
  if (kind === 'auto' || !f.values.includes(kind)) return undefined;
  const count = (text) => {
    const n = Number(text);
    return text !== '' && Number.isInteger(n) && inRange(f, n) ? n : undefined;
  };
  const activation = (text) => (text === undefined || f.activations.includes(text) ? text : null);
  const withActivation = (layer, a) => (a === undefined ? layer : { ...layer, activation: a });
  if (kind === 'dense') {
    const [units, a, ...rest] = words;
    const n = count(units ?? '');
    return rest.length === 0 && n !== undefined && activation(a) !== null ? withActivation({ kind, units: n }, a) : undefined;
  }
  if (kind === 'rnn' || kind === 'gru') {
    const [units, ...rest] = words;
    const n = count(units ?? '');
    return rest.length === 0 && n !== undefined ? { kind, units: n } : undefined;
  }
  if (kind === 'conv2d') {
    const [filters, size, ...rest] = words;
    const padding = rest[0] === 'same' || rest[0] === 'valid' ? rest.shift() : undefined;
    const [a, ...extra] = rest;
    const [n, k] = [count(filters ?? ''), count(size ?? '')];
    if (extra.length || n === undefined || k === undefined || activation(a) === null) return undefined;
    return withActivation({ kind, filters: n, size: k, ...(padding ? { padding } : {}) }, a);
  }
  return words.length === 0 ? { kind } : undefined;
}

function write(f, value) {
  switch (f.kind) {
    case 'boolean':
      return value ? '1' : '0';
    case 'set':
    case 'integerList':
    case 'enumList':
      return value.join(',');
    case 'layerList':
      return value === 'auto' ? value : listText(value);
    case 'points':
      return encodePoints(value);
    default:
      return String(value);
  }
}

/**
 * A list as a link writes it: items comma-separated, a layer as its kind
 * and fields (`dense:8:relu,dense:4`, `conv2d:8:3:same:relu,maxPool2d,flatten`).
 */
export function listText(list) {
  const words = (v) => [v.kind, v.units, v.filters, v.size, v.padding, v.activation].filter((x) => x !== undefined && x !== null);
  const item = (v) => (v !== null && typeof v === 'object' ? words(v).join(':') : v);
  return list.map(item).join(',');
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
