// A lesson's outcome, measured: the metrics its table entry may name
// (lessons.js), read from a Playground without changing it, and whether an
// expectation holds. The lesson tests measure every lesson with them (and
// a few demonstrations of their own, which edit the run); a player in an
// LMS measures the learner's own run with them, to report the lesson
// passed (scorm.js). No DOM.

const best = (array) => Math.max(...Array.from(array).filter(Number.isFinite));

/** The first layer's mean |∂L/∂W| over the output layer's, last 10 steps. */
function gradientRatio(p) {
  const h = p.gradientHistory();
  let first = 0;
  let last = 0;
  for (let r = Math.max(0, h.rows - 10); r < h.rows; r++) {
    first += h.values[r * h.width];
    last += h.values[r * h.width + 2 * (h.layers - 1)];
  }
  return first / last;
}

/** Every weight and bias the network learns. */
export const parameters = (p) => p.weights().reduce((n, l) => n + Object.values(l).reduce((k, v) => k + (v instanceof Float32Array ? v.length : 0), 0), 0);

/**
 * The metrics of one run, each `(playground, all playgrounds, expectation)
 * → value`, none changing the run. Those that compare with another variant
 * (`e.of`) need the other variants' playgrounds in `all`.
 */
export const METRICS = {
  trainAccuracy: (p) => p.summary().trainAccuracy,
  testAccuracy: (p) => p.summary().testAccuracy,
  bestTrainAccuracy: (p) => best(p.lossHistory().trainAccuracy),
  bestTestAccuracy: (p) => best(p.lossHistory().testAccuracy),
  diverged: (p) => p.summary().diverged,
  outputs: (p) => p.outputs(),
  separatingLines: (p) => p.separatingLines().length,
  gradientRatio,
  lossChange: (p) => {
    const h = p.lossHistory().trainLoss;
    return Math.abs(h[0] - h[h.length - 1]) / h[0];
  },
  lossGap: (p) => p.summary().testLoss - p.summary().trainLoss,
  lossGapBelowVariant: (p, all, e) => METRICS.lossGap(p) < METRICS.lossGap(all[e.of]),
  testAccuracyAboveVariant: (p, all, e) => p.summary().testAccuracy > all[e.of].summary().testAccuracy,
  testAccuracyGain: (p, all, e) => p.summary().testAccuracy - all[e.of].summary().testAccuracy,
  parametersBelowVariant: (p, all, e) => parameters(p) < parameters(all[e.of]),
  // A test loss over another variant's (the sines: order kept or lost).
  testLossOverVariant: (p, all, e) => p.summary().testLoss / all[e.of].summary().testLoss,
  // The first time step's mean |∂L/∂h| over the last's, as a geometric
  // mean over the recorded training steps: how much gradient reaches the
  // start of the sequence.
  firstStepGradientRatio: (p) => {
    const h = p.stepGradientHistory();
    let sum = 0;
    for (let r = 0; r < h.rows; r++) sum += Math.log10(h.values[r * h.width] / h.values[r * h.width + h.width - 1]);
    return 10 ** (sum / h.rows);
  },
  // Of the test images of class `e.class`, the share the network finds.
  recall: (p, _all, e) => p.confusion('test').perClass[e.class].recall,
  identicalHiddenUnits: (p) => {
    const [first] = p.weights();
    const rows = Array.from({ length: first.neurons }, (_, j) => JSON.stringify([
      Array.from(first.weights.slice(j * first.inputs, (j + 1) * first.inputs)), first.biases[j],
    ]));
    return new Set(rows).size === 1;
  },
};

/** True if `value` meets expectation `e` (`is`, `atLeast`, `atMost`). */
export function holds(e, value) {
  if ('is' in e && JSON.stringify(value) !== JSON.stringify(e.is)) return false;
  if ('atLeast' in e && !(value >= e.atLeast)) return false;
  if ('atMost' in e && !(value <= e.atMost)) return false;
  return true;
}

const ACCURACIES = ['trainAccuracy', 'testAccuracy', 'bestTrainAccuracy', 'bestTestAccuracy'];

/**
 * A learner's own run of `lesson` (its first scene) measured against the
 * lesson's outcome: `{ due, checked, passed, score }`. `due`: the run has
 * trained the outcome's epochs. `checked`: how many of the expectations
 * this one run can show (the others compare variants or edit the run: the
 * lesson's tests show those). `passed`: due, and every checked expectation
 * holds. `score`: where an expectation asks for at least some accuracy,
 * that accuracy in percent (else null).
 */
export function measureOutcome(lesson, playground) {
  const { epochs, expect } = lesson.outcome;
  const summary = playground.summary();
  // A perceptron that classifies every training point right has converged:
  // its passes stop there.
  const due = summary.epoch >= epochs || (playground.config().mode === 'perceptron' && summary.trainAccuracy === 1);
  const mine = expect.filter((e) => (e.variant ?? 0) === 0 && !('of' in e) && Object.hasOwn(METRICS, e.metric));
  let passed = due;
  let score = null;
  if (due) {
    for (const e of mine) {
      let value;
      try {
        value = METRICS[e.metric](playground, [playground], e);
      } catch {
        // A metric this run cannot give (another kind of scene): not reached.
        value = undefined;
      }
      passed &&= value !== undefined && holds(e, value);
      if (score === null && ACCURACIES.includes(e.metric) && 'atLeast' in e) score = Math.round(100 * value);
    }
  }
  return { due, checked: mine.length, passed, score };
}
