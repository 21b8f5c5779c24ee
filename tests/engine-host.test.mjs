// The engine's calls (web/engine-host.js) given every kind of wrong value,
// in Node, on the page's-thread engine (a worker's is the same code behind
// postMessage, which would only copy the values first). Each call is
// answered: done, or refused with a sentence; a refused edit changes
// nothing, and the engine answers the next call.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as wasm from '../web/pkg/nnplay_wasm.js';
import { createEngineHost } from '../web/engine-host.js';
import { createStateModel } from '../web/state.js';
import { HOSTILE } from './hostile-values.mjs';

const exports = wasm.initSync({ module: readFileSync(new URL('../web/pkg/nnplay_wasm_bg.wasm', import.meta.url)) });
const model = createStateModel(wasm.schema());

/** A call's name for a message (a hostile one is not turned into text). */
const name = (op) => (typeof op === 'string' ? op : `a ${typeof op}`);

/** An engine whose answers are collected; `ask(op, args)` returns the answer. */
function engine() {
  const answers = [];
  const host = createEngineHost(wasm, (message) => answers.push(message), { exports });
  let id = 0;
  const ask = (op, args) => {
    host.handle({ type: 'call', id: ++id, op, args });
    const answer = answers.pop();
    assert.equal(answer.id, id, `${name(op)}: answered once, in order`);
    return answer;
  };
  assert.ok(ask('start', { state: model.parse('?points=40&hiddenLayers=4,2').state }).ok);
  return { host, ask };
}

/** A valid argument object for each call, so one field at a time is wrong. */
const VALID = {
  apply: { patch: { learningRate: 0.1 } },
  replace: { state: { dataset: 'circle' } },
  addPoint: { x: 0.5, y: 0.5, label: 1 },
  removeNearest: { x: 9, y: 9, radius: 0.01 },
  setPointsCsv: { text: 'x,y,label\n1,1,0\n-1,1,1\n' },
  loadModel: { text: '{}' },
  setWeight: { layer: 0, from: 0, to: 0, value: 0.25 },
  setBias: { layer: 0, neuron: 0, value: 0.25 },
  trainOn: { x: 0.1, y: 0.2, label: 1 },
  explain: { x: 0.1, y: 0.2, label: 1 },
  predictBatch: { xy: new Float32Array([0, 0, 1, 1]) },
  trainEpochs: { n: 1 },
  image: { name: 'boundary' },
  step: {},
  reset: {},
  points: {},
  summary: {},
  outcome: { lesson: 'xor-hidden-layer' },
  pytorch: {},
};

test('every call given every kind of wrong value is answered, a refusal changes nothing, and the engine goes on', (t) => {
  const { ask } = engine();
  const counts = { done: 0, refused: 0 };
  const tried = [];
  for (const op of [...Object.keys(VALID), 'nope', '__proto__', 'constructor']) {
    tried.push([op, undefined], [op, null], [op, 'x'], [op, 7]);
    for (const value of HOSTILE) {
      tried.push([op, value]);
      for (const key of Object.keys(VALID[op] ?? {})) tried.push([op, { ...VALID[op], [key]: value }]);
    }
  }
  for (const value of HOSTILE) tried.push([value, {}]);
  for (const [op, args] of tried) {
    const before = ask('exportModel').value + JSON.stringify(ask('summary').value);
    let answer;
    try {
      answer = ask(op, args);
    } catch (error) {
      assert.fail(`${name(op)}: the engine threw instead of answering: ${error.stack}`);
    }
    if (answer.ok) {
      counts.done++;
    } else {
      counts.refused++;
      assert.ok(typeof answer.error === 'string' && answer.error.length > 10, `${name(op)}: refused without a sentence: ${answer.error}`);
      // Edits refused leave the run as it was (reads change nothing anyway).
      assert.equal(ask('exportModel').value + JSON.stringify(ask('summary').value), before, `${name(op)}: refused ("${answer.error}") but changed the run`);
    }
    // It goes on: it trains and answers.
    assert.ok(ask('trainEpochs', { n: 1 }).ok || ask('summary').value.diverged, 'the engine trains afterwards');
  }
  t.diagnostic(`${tried.length} calls: ${counts.done} done, ${counts.refused} refused with a sentence`);
  assert.ok(counts.refused > tried.length / 2);
});

test('a lesson\'s outcome is measured on the run as it is, and one this run cannot give is not reached', () => {
  const { ask } = engine();
  const fresh = ask('outcome', { lesson: 'xor-hidden-layer' }).value;
  assert.deepEqual(fresh, { due: false, checked: 2, passed: false, score: null });
  // class-imbalance measures recall on images: this run of points cannot give it.
  for (let i = 0; i < 3; i++) ask('trainEpochs', { n: 10 });
  const other = ask('outcome', { lesson: 'class-imbalance' });
  assert.ok(other.ok);
  assert.equal(other.value.passed, false);
  assert.match(ask('outcome', { lesson: 'nope' }).error, /^outcome needs the name of a lesson: perceptron-and, /);
});

test('frames before and after a run are answered with a snapshot, and a refused start leaves no run half made', () => {
  const answers = [];
  const host = createEngineHost(wasm, (message) => answers.push(message), { exports });
  host.handle({ type: 'frame', now: 0, playing: true, due: {} });
  assert.deepEqual(answers.pop(), { type: 'snapshot', summary: null });
  host.handle({ type: 'call', id: 1, op: 'summary' });
  assert.match(answers.pop().error, /no run yet/);
  host.handle({ type: 'call', id: 2, op: 'start', args: { state: { colour: 'red' } } });
  assert.match(answers.pop().error, /unknown settings: colour/);
  host.handle({ type: 'call', id: 3, op: 'start', args: { state: model.defaults() } });
  assert.ok(answers.pop().ok);
  host.handle({ type: 'frame', now: 16, playing: true, due: { diagram: true, coach: true } });
  const snapshot = answers.pop();
  assert.equal(snapshot.summary.epoch, 1, 'one epoch a frame');
  assert.ok(snapshot.weights[0].weights instanceof Float32Array);
  assert.ok(Array.isArray(snapshot.findings));
  host.free();
});
