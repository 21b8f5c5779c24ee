// Every lesson reaches the outcome its table entry states, through the
// JavaScript API in Node (no browser: the numbers are the engine's). The
// scenes go through the page's own state model, so a scene the schema
// refuses fails here before a learner sees it. A lesson on images runs on
// the images module, as the page runs it (modules.js); the others on the
// page's module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as plane from '../web/pkg/nnplay_wasm.js';
import * as images from '../web/pkg-images/nnplay_wasm.js';
import { createStateModel } from '../web/state.js';
import { createRun } from '../web/run.js';
import { LESSONS, LESSON_NAMES, lessonScenes } from '../web/lessons.js';
import { moduleKindFor } from '../web/modules.js';
import { METRICS as OUTCOME_METRICS, measureOutcome } from '../web/outcomes.js';
import en from '../web/messages/en.js';
import ko from '../web/messages/ko.js';

const file = (path) => readFileSync(new URL(path, import.meta.url));
plane.initSync({ module: file('../web/pkg/nnplay_wasm_bg.wasm') });
images.initSync({ module: file('../web/pkg-images/nnplay_wasm_bg.wasm') });
images.loadDigits(gunzipSync(file('../web/data/digits.u8.gz')));
const { Playground } = plane;
const models = { plane: createStateModel(plane.schema(), plane), images: createStateModel(images.schema(), images) };

/** A playground for a lesson's partial state, as the page builds it (through a link). */
function playground(scene) {
  const model = models[moduleKindFor(scene.dataset)];
  const state = { ...model.defaults(), ...scene };
  const link = model.parse(model.serialize(state));
  assert.deepEqual(link.problems, [], `the scene ${JSON.stringify(scene).slice(0, 200)} survives a link`);
  return createRun(model, link.state).playground;
}

function train(p, scene, epochs) {
  for (let e = 0; e < epochs; e++) p.trainEpochs(1);
}

/** The metrics of web/outcomes.js, and the demonstrations only a test
 * runs: each edits or steps the run it measures. */
const METRICS = {
  ...OUTCOME_METRICS,
  converged: (p) => p.perceptronStep().converged,
  coach: (p, _all, e) => (p.coach().some((f) => f.code === e.is) ? e.is : p.coach().map((f) => f.code).join(',') || 'nothing'),
  coachNot: (p, _all, e) => (p.coach().some((f) => f.code === e.is) ? 'present' : e.is),
  // The line of a one-neuron network is w₁x₁ + w₂x₂ + b = 0: setting the
  // weights sets the line.
  lineFollowsWeights: (p) => {
    p.setWeight(0, 0, 0, 1.5);
    p.setWeight(0, 1, 0, -2);
    p.setBias(0, 0, 0.25);
    const [line] = p.separatingLines();
    return line.a === 1.5 && line.b === -2 && line.c === 0.25;
  },
  // A point of class 1 that the network puts at P ≈ 0.0025: the size of
  // ∂L/∂w under cross-entropy over the size under MSE.
  wrongPointGradientRatio: () => {
    const size = (loss) => {
      const p = new Playground({ dataset: 'and', hiddenLayers: [], loss, batchSize: 1, init: 'zeros' });
      p.setPoints({ train: [{ x: 1, y: 1, label: 1 }] });
      p.setWeight(0, 0, 0, -3);
      p.setWeight(0, 1, 0, -3);
      p.trainStep(1);
      const g = Math.abs(p.weightGradients()[0].weights[0]);
      p.free();
      return g;
    };
    return size('binaryCrossEntropy') / size('mse');
  },
  // The numbers of "Show the math" are the engine's: with one point, they
  // equal the gradients of a training step on it.
  explainMatchesGradients: (p) => {
    const points = p.points().train;
    const point = { x: points.x[1], y: points.y[1], label: points.label[1] };
    p.setPoints({ train: [point] });
    const e = p.explain(point.x, point.y, point.label);
    p.trainStep(1);
    const grads = p.weightGradients();
    return e.layers.every((l, i) => l.gradWeights.every((g, k) => Math.abs(g - grads[i].weights[k]) <= 1e-7 * Math.max(1, Math.abs(g)))
      && l.gradBiases.every((g, k) => Math.abs(g - grads[i].biases[k]) <= 1e-7 * Math.max(1, Math.abs(g))));
  },
};

test('the lessons are the twenty-one of the chapter, each with its words in English and Korean', () => {
  assert.deepEqual(LESSON_NAMES, [
    'perceptron-and', 'perceptron-xor', 'weights-bias', 'xor-hidden-layer', 'width-depth', 'activations', 'losses',
    'learning-rate-high', 'learning-rate-low', 'backprop', 'vanishing-gradient', 'dead-relu', 'initialization',
    'overfitting', 'softmax', 'checklist', 'convolution', 'augmentation', 'class-imbalance',
    'sequence-order', 'vanishing-through-time',
  ]);
  for (const catalogue of [en, ko]) {
    for (const lesson of LESSONS) {
      const words = catalogue.lessons.items[lesson.name];
      assert.ok(words, `${catalogue.lang}: ${lesson.name}`);
      for (const key of ['title', 'look', 'expect']) assert.equal(typeof words[key], 'string', `${catalogue.lang} ${lesson.name}.${key}`);
      assert.ok(Array.isArray(words.try) && words.try.length >= 1, `${catalogue.lang} ${lesson.name}.try`);
      if (lesson.compare) assert.equal(words.variants?.length, lesson.compare.values.length, `${catalogue.lang} ${lesson.name}.variants`);
    }
  }
});

for (const lesson of LESSONS) {
  test(`lesson ${lesson.name} reaches its outcome`, () => {
    const scenes = lessonScenes(lesson);
    const players = scenes.map((scene) => playground(scene));
    players.forEach((p, i) => train(p, scenes[i], lesson.outcome.epochs));
    // What a player in an LMS measures of the learner's own run agrees.
    const own = measureOutcome(lesson, players[0]);
    assert.ok(own.due && own.passed, `${lesson.name}: the learner's run measured ${JSON.stringify(own)}`);
    for (const e of lesson.outcome.expect) {
      const p = players[e.variant ?? 0];
      const value = METRICS[e.metric](p, players, e);
      const where = `${lesson.name}, variant ${e.variant ?? 0}: ${e.metric} = ${value}`;
      if ('is' in e && !('of' in e)) assert.deepEqual(value, e.is, where);
      if ('of' in e && 'is' in e) assert.equal(value, e.is, where);
      if ('atLeast' in e) assert.ok(value >= e.atLeast, `${where}, wanted at least ${e.atLeast}`);
      if ('atMost' in e) assert.ok(value <= e.atMost, `${where}, wanted at most ${e.atMost}`);
    }
    // A comparison starts from the same initial weights wherever the
    // networks have the same shape and initialization.
    if (lesson.compare) {
      const shape = (s) => JSON.stringify([s.hiddenLayers, s.layers, s.init, s.initScale]);
      const same = scenes.filter((s) => shape(s) === shape(scenes[0]));
      if (same.length > 1) {
        const first = [playground(same[0]), playground(same[1])];
        const values = (p) => p.weights().map((l) => Array.from(l.weights ?? []));
        assert.deepEqual(values(first[0]), values(first[1]));
        first.forEach((p) => p.free());
      }
    }
    players.forEach((p) => p.free());
  });
}
