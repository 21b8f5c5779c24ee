// The one schema, checked from JavaScript (in Node, no browser): the wasm
// module's schema() against what the engine accepts and refuses, against
// config(), against the TypeScript types it ships, and against the message
// catalogue's findings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, schema, Playground } from '../web/pkg/nnplay_wasm.js';
import en from '../web/messages/en.js';
import { createStateModel, DATA_KEYS, LIVE } from '../web/state.js';
import { DATA_FIRST } from '../web/run.js';
import { NOT_FOR_PERCEPTRON } from '../web/controls.js';

const pkg = new URL('../web/pkg/', import.meta.url);
initSync({ module: readFileSync(new URL('nnplay_wasm_bg.wasm', pkg)) });
const s = schema();
const field = (name) => s.fields.find((f) => f.name === name);

/** The engine's answer to a config: 'ok' or the error's message. */
function verdict(config) {
  try {
    new Playground(config).free();
    return 'ok';
  } catch (error) {
    return error.message;
  }
}

test('schema() names exactly the keys of config(), with config()\'s defaults', () => {
  const p = new Playground();
  const config = p.config();
  p.free();
  // In order: the schema lists the fields as the config writes them.
  assert.deepEqual(s.fields.map((f) => f.name), Object.keys(config));
  for (const f of s.fields) {
    if (f.kind === 'number') assert.ok(Math.abs(f.default - config[f.name]) < 1e-6, f.name);
    else assert.deepEqual(f.default, config[f.name], f.name);
  }
});

test('each range in schema() is where the engine draws the line', () => {
  let checked = 0;
  for (const f of s.fields.filter((g) => g.kind === 'integer' || g.kind === 'number')) {
    const step = f.kind === 'integer' ? 1 : 1e-3;
    assert.equal(verdict({ [f.name]: f.max }), 'ok', `${f.name} = ${f.max}`);
    assert.match(verdict({ [f.name]: f.max + step }), new RegExp(`^${f.name} must be`), `${f.name} above ${f.max}`);
    assert.equal(verdict({ [f.name]: f.min }) === 'ok', !f.minExclusive, `${f.name} = ${f.min}`);
    assert.match(verdict({ [f.name]: f.min - step }), new RegExp(`^${f.name} must be`), `${f.name} below ${f.min}`);
    if (f.kind === 'integer') assert.notEqual(verdict({ [f.name]: f.min + 0.5 }), 'ok', `${f.name} = ${f.min + 0.5}`);
    checked++;
  }
  assert.ok(checked >= 9, `${checked} numeric fields`);
  const layers = field('hiddenLayers');
  assert.equal(verdict({ hiddenLayers: Array(layers.maxLength).fill(layers.max) }), 'ok');
  assert.notEqual(verdict({ hiddenLayers: Array(layers.maxLength + 1).fill(2) }), 'ok');
  assert.notEqual(verdict({ hiddenLayers: [layers.max + 1] }), 'ok');
  assert.notEqual(verdict({ hiddenLayers: [layers.min - 1] }), 'ok');
  const list = field('layers');
  for (const kind of list.values) {
    const spec = (units) => ({ kind, units });
    assert.equal(verdict({ layers: Array(list.maxLength).fill(spec(list.max)) }), 'ok', kind);
    assert.match(verdict({ layers: Array(list.maxLength + 1).fill(spec(2)) }), /^the number of layers must be/, kind);
    assert.match(verdict({ layers: [spec(list.max + 1)] }), /^layers\[0\]\.units .* must be/, kind);
    assert.match(verdict({ layers: [spec(list.min - 1)] }), /^layers\[0\]\.units .* must be/, kind);
  }
  // The general form and the older one say the same network.
  const older = new Playground({ hiddenLayers: [5, 3], layerActivations: ['relu', 'tanh'] });
  const general = new Playground({ layers: [{ kind: 'dense', units: 5, activation: 'relu' }, { kind: 'dense', units: 3 }] });
  older.trainEpochs(5);
  general.trainEpochs(5);
  assert.equal(general.exportModel(), older.exportModel());
  assert.deepEqual(general.config(), older.config());
  older.free();
  general.free();
  assert.match(verdict({ layers: [{ kind: 'dense', units: 3 }], hiddenLayers: [4] }), /give the hidden layers once/);
  assert.match(verdict({ layers: [{ kind: 'dense', units: 3 }], layerActivations: ['relu', 'relu'] }), /give the hidden layers once/);
  assert.match(verdict({ layers: [{ kind: 'dense', units: 3 }], layerActivations: ['relu', 'relu', 'relu'] }), /give the hidden layers once/);
  assert.match(verdict({ layers: [{ kind: 'conv', units: 3 }] }), /^config\.layers must be a list of at most 8 layers/);
  assert.match(verdict({ layers: [{ kind: 'dense', units: [[3]] }] }), /^config\.layers must be/);
  const features = field('features');
  assert.equal(verdict({ features: features.values }), 'ok');
  assert.equal(features.values.length, features.maxLength);
  assert.notEqual(verdict({ features: [] }), 'ok');
});

test('every value of every enum in schema() is accepted where it fits, and nothing else is', () => {
  for (const f of s.fields.filter((g) => g.kind === 'enum' || g.kind === 'enumList')) {
    for (const v of f.values) {
      // A loss fits some data sets only: try it on one whose task takes it.
      const dataset = f.name === 'loss' ? s.datasets.find((d) => d.losses.includes(v)).name : undefined;
      const config = f.kind === 'enumList' ? { hiddenLayers: [3], [f.name]: [v] } : { [f.name]: v, dataset };
      assert.equal(verdict(config), 'ok', `${f.name} = ${v}`);
    }
    const wrong = f.kind === 'enumList' ? { hiddenLayers: [3], [f.name]: ['nope'] } : { [f.name]: 'nope' };
    assert.notEqual(verdict(wrong), 'ok', `${f.name} = nope`);
  }
  assert.equal(verdict({ loss: null }), 'ok');
  // In JavaScript a field set to undefined is a field left out.
  assert.equal(verdict({ loss: undefined, dataset: undefined, hiddenLayers: undefined }), 'ok');
  for (const d of s.datasets) {
    for (const loss of field('loss').values) {
      assert.equal(verdict({ dataset: d.name, loss }) === 'ok', d.losses.includes(loss), `${d.name} with ${loss}`);
    }
  }
});

/** Checks a module's `.d.ts` PlaygroundConfig, field by field and in
 * order, against that module's schema. */
function typesAgree(dts, s) {
  const aliases = Object.fromEntries([...dts.matchAll(/export type (\w+) = ([^;{]+);/g)].map((m) => [m[1], m[2]]));
  const literals = (type) => {
    const resolved = type.replace(/\b([A-Z]\w+)\b/g, (name) => aliases[name] ?? name);
    return [...resolved.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  };
  const body = dts.match(/export interface PlaygroundConfig \{([\s\S]*?)\n\}/)[1];
  const types = Object.fromEntries([...body.matchAll(/^\s*(\w+)\?: ([^;]+);/gm)].map((m) => [m[1], m[2]]));
  assert.deepEqual(Object.keys(types), s.fields.map((f) => f.name));
  const interfaces = Object.fromEntries([...dts.matchAll(/export interface (\w+) \{([^}]*)\}/g)].map((m) => [m[1], m[2]]));
  for (const f of s.fields) {
    if (f.kind === 'layerList') {
      // A list of specs: the spec's kinds are the schema's values.
      const spec = interfaces[types[f.name].match(/^(\w+)\[\]/)[1]];
      assert.deepEqual(literals(spec.match(/kind: ([^;]+);/)[1]), [...f.values].sort(), f.name);
    } else if (f.values) assert.deepEqual(literals(types[f.name]), [...f.values].sort(), f.name);
    if (f.nullable) assert.match(types[f.name], /\bnull\b/, f.name);
    if (f.kind === 'number' || f.kind === 'integer') assert.equal(types[f.name], 'number', f.name);
    if (f.kind === 'boolean') assert.equal(types[f.name], 'boolean', f.name);
  }
}

test('the TypeScript types of PlaygroundConfig agree with schema()', () => {
  typesAgree(readFileSync(new URL('nnplay_wasm.d.ts', pkg), 'utf8'), s);
});

test('the images module\'s TypeScript types agree with its own schema()', async () => {
  const images = new URL('../web/pkg-images/', import.meta.url);
  const module = await import(new URL('nnplay_wasm.js', images));
  module.initSync({ module: readFileSync(new URL('nnplay_wasm_bg.wasm', images)) });
  const own = module.schema();
  assert.ok(own.fields.some((f) => f.name === 'augment'), 'the images schema has its settings');
  typesAgree(readFileSync(new URL('nnplay_wasm.d.ts', images), 'utf8'), own);
});

test('the page\'s state model reads every field of the schema from a link and writes it back', () => {
  const model = createStateModel(s);
  // For each field a value other than its default, as a link would carry it.
  const other = (f) => ({
    enum: () => f.values[f.values.length - 1],
    integer: () => f.max,
    number: () => f.max,
    boolean: () => !f.default,
    set: () => f.values.slice(0, 1),
    integerList: () => [f.max],
    // One per hidden layer of the default network.
    enumList: () => f.values.slice(-2),
    points: () => ({ train: { x: [1.5], y: [-2], label: [1] }, test: { x: [], y: [], label: [] } }),
    // The second layer takes the config's activation; the first another.
    // (Its `values` are 'auto', for null, then the kinds.)
    layerList: () => [
      { kind: f.values[1], units: f.max, activation: f.activations.find((a) => a !== model.defaults().activation) },
      { kind: f.values[1], units: f.min },
    ],
  })[f.kind]();
  for (const f of model.fields) {
    const state = { ...model.defaults(), [f.key]: other(f) };
    const link = model.serialize(state);
    assert.match(link, new RegExp(`${f.key}=`), f.key);
    const back = model.parse(link);
    assert.deepEqual(back.problems, [], `${f.key}: ${link}`);
    if (f.kind === 'layerList') {
      // Dense layers come back in the form the controls edit.
      const [first, second] = state[f.key];
      assert.equal(back.state[f.key], 'auto', f.key);
      assert.deepEqual(back.state.hiddenLayers, [first.units, second.units], f.key);
      assert.deepEqual(back.state.layerActivations, [first.activation, back.state.activation], f.key);
    } else assert.deepEqual(back.state[f.key], state[f.key], f.key);
  }
  const { state } = model.parse('?learningRate=0.7&hiddenLayers=5%2C2&loss=mse&dataSeed=4294967295&features=x1%2Cx1Squared');
  assert.equal(model.toConfig(state).loss, 'mse');
  assert.equal(model.toConfig(model.defaults()).loss, null);
  assert.equal(verdict(model.toConfig(state)), 'ok');
  // A lesson's own points given up for generated data survive a link.
  const checklist = { ...model.lessonState('checklist'), dataset: 'moons', data: null };
  const round = model.parse(model.serialize(checklist));
  assert.deepEqual(round.problems, []);
  assert.equal(round.state.data, null);
  assert.equal(round.state.dataset, 'moons');
  // Layers given both ways in a link for two networks: the list gives way,
  // and says so; both ways for the same network, or beside a hiddenLayers
  // the link could not use, the list is taken.
  const twice = model.parse('?layers=dense%3A3&hiddenLayers=4');
  assert.deepEqual(twice.problems.map((p) => [p.key, p.twice]), [['layers', true]]);
  assert.deepEqual(twice.state.hiddenLayers, [4]);
  assert.equal(verdict(model.toConfig(twice.state)), 'ok');
  const agree = model.parse('?layers=dense%3A3&hiddenLayers=3&layerActivations=');
  assert.deepEqual(agree.problems, []);
  assert.deepEqual(agree.state.hiddenLayers, [3]);
  const broken = model.parse('?layers=dense%3A3&hiddenLayers=17');
  assert.deepEqual(broken.problems.map((p) => p.key), ['hiddenLayers']);
  assert.deepEqual(broken.state.hiddenLayers, [3]);
  // An empty list is a network without hidden layers, in a link and in a config.
  assert.deepEqual(model.parse('?layers=').state.hiddenLayers, []);
  const flat = new Playground({ layers: [] });
  assert.equal(flat.weights().length, 1);
  assert.deepEqual(flat.config().hiddenLayers, []);
  flat.free();
  const unset = new Playground({ layers: null });
  assert.deepEqual(unset.config().hiddenLayers, [6, 3]);
  unset.free();
  const bad = model.parse('?learningRate=0&points=5001&hiddenLayers=17&dataSeed=4294967296&activation=softmax&colour=red&layers=dense%3A17');
  assert.deepEqual(bad.problems.map((p) => p.key).sort(), ['activation', 'colour', 'dataSeed', 'hiddenLayers', 'layers', 'learningRate', 'points']);
  assert.deepEqual(bad.state, model.defaults());
});

test('the page\'s own lists of fields name fields of the state model, in its order', () => {
  const model = createStateModel(s);
  const order = model.fields.map((f) => f.key);
  const lists = { DATA_KEYS, LIVE: [...LIVE], DATA_FIRST: [...DATA_FIRST], NOT_FOR_PERCEPTRON };
  for (const [name, list] of Object.entries(lists)) {
    for (const key of list) assert.ok(order.includes(key), `${name}: ${key} is not a field`);
    const positions = list.map((key) => order.indexOf(key));
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `${name} is not in the fields' order: ${list.join(', ')}`);
  }
});

test('every finding code has an English message that uses the finding\'s own numbers', () => {
  assert.deepEqual(Object.keys(en.coach.findings).sort(), [...s.findings].sort());
  // Each code's fields, read from the shipped TypeScript union.
  const dts = readFileSync(new URL('nnplay_wasm.d.ts', pkg), 'utf8');
  const union = dts.match(/export type Finding =([\s\S]*?);\n/)[1];
  const shapes = [...union.matchAll(/\{ code: '(\w+)';([^}]*)\}/g)];
  assert.deepEqual(shapes.map((m) => m[1]).sort(), [...s.findings].sort());
  const f = { number: String, percent: String, ratio: String };
  for (const [, code, rest] of shapes) {
    const finding = { code };
    for (const [, name, type] of rest.matchAll(/(\w+): (\w+)/g)) {
      finding[name] = { number: 0.123, boolean: true, HiddenActivation: 'sigmoid', Feature: 'x1Squared' }[type];
    }
    const text = en.coach.findings[code](finding, f, en);
    assert.equal(typeof text, 'string', code);
    assert.doesNotMatch(text, /undefined|\[object/, `${code}: ${text}`);
    for (const [name, value] of Object.entries(finding)) {
      if (typeof value === 'number') assert.ok(text.includes(String(value)) || name === 'records', `${code} shows ${name}: ${text}`);
    }
  }
});

test('the Korean catalogue has exactly the English one\'s keys, each of the same kind', async () => {
  const { default: ko } = await import('../web/messages/ko.js');
  const shape = (value, path, out) => {
    if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value).sort()) shape(value[key], `${path}.${key}`, out);
    } else {
      out.push(`${path}: ${typeof value}`);
    }
    return out;
  };
  assert.deepEqual(shape(ko, '', []), shape(en, '', []));
  assert.equal(ko.lang, 'ko');
  // Each Korean sentence is Korean (Hangul), not a copied English one.
  const words = shape(ko, '', []).length;
  let korean = 0;
  const visit = (k, e) => {
    if (typeof k === 'string' && typeof e === 'string' && /[가-힣]/.test(k)) korean++;
    if (typeof k === 'object' && k) for (const key of Object.keys(k)) visit(k[key], e[key]);
  };
  visit(ko, en);
  assert.ok(korean > words / 2, `${korean} of ${words} entries are Korean`);
});
