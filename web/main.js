// Boot and wiring: URL → state → Playground; controls → state; the loop
// trains and draws. The engine (Rust) owns the network and does all the math
// and drawing; this file only decides what happens when.

import init, { Playground, version } from './pkg/nnplay_wasm.js';
import {
  parseState, serializeState, toConfig, isLive, plainPoints, pointsInput, FEATURE_NAMES,
} from './state.js';
import { createControls } from './controls.js';
import { createDiagram } from './network.js';
import { createLoop } from './loop.js';

await init();

const $ = (id) => document.getElementById(id);
const canvases = { boundary: $('boundary'), loss: $('loss'), gradients: $('gradients') };
const FRAME_BUDGET_MS = 6;

let { state, problems } = parseState(location.search);
let playground = null;
let hovered = null;
let highlight = null;
let converged = false;
let trainPoints = 0;
let frames = 0;
const speed = { epochs: [], updates: 0, stepMs: 0.05 };

function notice(text) {
  const n = $('notice');
  n.textContent = text;
  n.hidden = !text;
}

/** A new Playground for `s`; throws the engine's message if `s` is refused. */
function build(s) {
  const p = new Playground(toConfig(s));
  if (s.data) {
    try {
      p.setPoints(pointsInput(s.data));
    } catch (error) {
      p.free();
      throw error;
    }
  }
  return p;
}

function info() {
  return { task: playground.task() };
}

/** Makes `fresh` the running playground: a new run, nothing highlighted. */
function use(fresh) {
  playground?.free();
  playground = fresh;
  restarted();
}

/** The run restarted (new playground, reset, or edited data). */
function restarted() {
  converged = false;
  highlight = null;
  trainPoints = playground.points().train.x.length;
}

const DATA_KEYS = ['dataset', 'points', 'noise', 'testRatio', 'dataSeed'];

/**
 * Builds the playground for `next`. A loss chosen for one task may not fit
 * a new data set's task (binary cross-entropy on three spirals): then the
 * task's own loss is used rather than refusing the data set.
 */
function buildFor(next, patch) {
  try {
    return [build(next), next];
  } catch (error) {
    if (patch.dataset === undefined || next.loss === 'auto') throw error;
    const auto = { ...next, loss: 'auto' };
    return [build(auto), auto];
  }
}

/** Applies a change; `push` records it in the browser history. */
function apply(patch, { push = true } = {}) {
  let next = { ...state, ...patch };
  // New data settings mean new generated data: hand-placed points give way.
  if (DATA_KEYS.some((k) => k in patch) && !('data' in patch)) next.data = null;
  const rebuild = Object.keys(patch).some((k) => !isLive(k) && JSON.stringify(state[k]) !== JSON.stringify(next[k]));
  try {
    if (rebuild) {
      const [fresh, built] = buildFor(next, patch);
      use(fresh);
      next = built;
    } else {
      if (patch.learningRate !== undefined) playground.setLearningRate(next.learningRate);
      if (patch.regularization !== undefined || patch.regularizationRate !== undefined) {
        playground.setRegularization(next.regularization, next.regularizationRate);
      }
    }
  } catch (error) {
    notice(error.message);
    controls.show(state, info());
    return;
  }
  state = next;
  notice('');
  if (push) history.pushState(null, '', serializeState(state) || location.pathname);
  controls.show(state, info());
  loop.redraw();
}

// ----- the animation loop -----

function work(now) {
  if (state.mode === 'perceptron') {
    // Slow enough to follow each update: a few per second, faster with more "epochs per frame".
    if (now - speed.updates < 400 / state.epochsPerFrame) return;
    speed.updates = now;
    perceptronUpdate();
    return;
  }
  // Train in chunks of mini-batches, timing each chunk, so that even an
  // epoch longer than a frame (a big network on many points) is spread over
  // several frames instead of freezing the page.
  const start = performance.now();
  const before = playground.summary().epoch;
  const stepsPerEpoch = Math.ceil(trainPoints / state.batchSize);
  let left = state.epochsPerFrame * stepsPerEpoch;
  while (left > 0) {
    const chunk = Math.max(1, Math.min(left, Math.floor(FRAME_BUDGET_MS / speed.stepMs)));
    const t = performance.now();
    playground.trainStep(chunk);
    speed.stepMs = 0.8 * speed.stepMs + 0.2 * Math.max((performance.now() - t) / chunk, 0.001);
    left -= chunk;
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  speed.epochs.push([now, playground.summary().epoch - before]);
  if (playground.summary().diverged) {
    pause();
    notice('Training diverged: the loss became NaN or infinite. Lower the learning rate, then press Reset.');
  }
}

function perceptronUpdate() {
  const update = playground.perceptronStep();
  highlight = update.point;
  converged = update.converged;
  if (converged) pause();
}

function epochsPerSecond() {
  const now = performance.now();
  while (speed.epochs.length && now - speed.epochs[0][0] > 1000) speed.epochs.shift();
  return speed.epochs.reduce((sum, [, n]) => sum + n, 0);
}

function fmt(v, digits = 3) {
  return v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
}

function pct(v) {
  return v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)} %`;
}

function draw() {
  frames++;
  const s = playground.summary();
  const linear = state.features.every((f) => f === 'x1' || f === 'x2');
  playground.drawBoundary(canvases.boundary, {
    showTest: state.showTest,
    discretize: state.discretize,
    showLines: state.showLines && linear,
    neuron: hovered,
    highlight: state.mode === 'perceptron' ? highlight : null,
  });
  const weights = playground.weights();
  diagram.build({
    inputs: state.features.map((f) => FEATURE_NAMES[f]),
    layers: weights.slice(0, -1).map((l) => l.neurons),
    outputs: weights[weights.length - 1].neurons,
  });
  diagram.update(weights, state.gradientLinks && s.step > 0 ? playground.weightGradients() : null);
  // While playing, the boundary redraws every frame; the thumbnails every
  // second frame and the two charts (axes and text are the costly part)
  // every third: smooth to the eye, and the frame stays within budget.
  const thumbnails = diagram.thumbnails();
  if (thumbnails.length && (!loop.playing || frames % 2 === 0)) playground.drawNeuronThumbnails(thumbnails);
  if (!loop.playing || frames % 3 === 0) {
    playground.drawLossChart(canvases.loss, { logScale: state.logScale });
    playground.drawGradientHeatmap(canvases.gradients);
  }

  $('stat-epoch').textContent = String(s.epoch);
  $('stat-train-loss').textContent = fmt(s.trainLoss);
  $('stat-test-loss').textContent = fmt(s.testLoss);
  $('stat-train-acc').textContent = pct(s.trainAccuracy);
  $('stat-test-acc').textContent = pct(s.testAccuracy);
  $('stat-speed').textContent = loop.playing ? String(epochsPerSecond()) : '0';
  if (!loop.playing || frames % 30 === 0) showCoach();
  showPerceptronNote();
}

function showCoach() {
  const list = $('coach');
  const findings = playground.coach();
  if (findings.length === 0) {
    const li = document.createElement('li');
    li.className = 'ok';
    li.textContent = 'The checklist finds nothing to fix.';
    list.replaceChildren(li);
    return;
  }
  list.replaceChildren(...findings.map((f) => {
    const li = document.createElement('li');
    li.dataset.code = f.code;
    li.textContent = f.message;
    return li;
  }));
}

function showPerceptronNote() {
  const note = $('perceptron-note');
  if (state.mode !== 'perceptron') {
    note.hidden = true;
    return;
  }
  note.hidden = false;
  if (state.dataset === 'xor' || state.dataset === 'xorTable') {
    note.textContent = 'One neuron draws one straight line. XOR puts each class on opposite corners, so no line can '
      + 'separate them: every update fixes one point and breaks another, and the line never settles. '
      + 'Switch to the neural network to see two hidden layers solve it.';
  } else if (converged) {
    note.textContent = 'Converged: every training point is on its side of the line, so the rule stops moving it.';
  } else {
    note.textContent = 'Each update swings the line towards the point it got wrong (ringed): w ← w + η (y − ŷ) x.';
  }
}

// ----- play, step, reset -----

function play() {
  if (state.mode === 'perceptron' && converged) return;
  loop.play();
  $('play').textContent = '❚❚ Pause';
  $('play').setAttribute('aria-pressed', 'true');
}

function pause() {
  loop.pause();
  $('play').textContent = '▶ Play';
  $('play').setAttribute('aria-pressed', 'false');
}

$('play').addEventListener('click', () => (loop.playing ? pause() : play()));
$('step').addEventListener('click', () => {
  pause();
  if (state.mode === 'perceptron') perceptronUpdate();
  else playground.trainEpochs(1);
  loop.redraw();
});
$('reset').addEventListener('click', () => {
  pause();
  playground.reset();
  restarted();
  notice('');
  loop.redraw();
});
$('new-weights').addEventListener('click', () => {
  pause();
  apply({ weightSeed: (state.weightSeed + 1) % 4294967296 });
});
$('share').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    notice('Link copied: it opens this exact setup, seeds included.');
  } catch {
    notice(`Copy this link: ${location.href}`);
  }
});

// ----- editing data and weights -----

function dataPoint(event) {
  const rect = canvases.boundary.getBoundingClientRect();
  const d = playground.domain();
  return {
    x: d.xMin + ((event.clientX - rect.left) / rect.width) * (d.xMax - d.xMin),
    y: d.yMax - ((event.clientY - rect.top) / rect.height) * (d.yMax - d.yMin),
  };
}

function edited() {
  restarted();
  state = { ...state, data: plainPoints(playground.points()) };
  history.pushState(null, '', serializeState(state));
  loop.redraw();
}

function addPointAt(event) {
  const { x, y } = dataPoint(event);
  try {
    playground.addPoint(x, y, controls.newLabel(info(), event.shiftKey));
    notice('');
    edited();
  } catch (error) {
    notice(error.message);
  }
}

function removePointAt(event) {
  const { x, y } = dataPoint(event);
  const d = playground.domain();
  try {
    if (playground.removeNearest(x, y, (d.xMax - d.xMin) / 30)) edited();
  } catch (error) {
    notice(error.message);
  }
}

let press = null;
let longPressAt = -Infinity;
function cancelPress() {
  if (press) clearTimeout(press.timer);
  press = null;
}
canvases.boundary.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  // A long press (touch) removes; a short one adds.
  press = {
    event,
    timer: setTimeout(() => {
      removePointAt(event);
      longPressAt = performance.now();
      press = null;
    }, 550),
  };
});
canvases.boundary.addEventListener('pointermove', (event) => {
  if (press && Math.hypot(event.clientX - press.event.clientX, event.clientY - press.event.clientY) > 8) cancelPress();
});
// The browser took the gesture over (a scroll or a zoom): neither add nor remove.
canvases.boundary.addEventListener('pointercancel', cancelPress);
canvases.boundary.addEventListener('pointerup', (event) => {
  if (!press) return;
  clearTimeout(press.timer);
  press = null;
  addPointAt(event);
});
canvases.boundary.addEventListener('contextmenu', (event) => {
  event.preventDefault();
  // A touch long press also opens the context menu: it already removed a point.
  if (performance.now() - longPressAt > 1000) removePointAt(event);
});

const editor = $('editor');
let editing = null;
function openEditor(target) {
  editing = target;
  $('editor-label').textContent = target.kind === 'bias'
    ? `Bias of neuron ${target.neuron + 1}, layer ${target.layer + 1}`
    : `Weight ${target.from + 1} → ${target.to + 1}, layer ${target.layer + 1}`;
  const input = $('editor-value');
  input.value = target.value.toFixed(3);
  editor.hidden = false;
  editor.style.left = `${Math.min(target.x, window.innerWidth - editor.offsetWidth - 8)}px`;
  editor.style.top = `${Math.min(target.y + 8, window.innerHeight - editor.offsetHeight - 8)}px`;
  input.focus();
  input.select();
}
function closeEditor() {
  editor.hidden = true;
  editing = null;
}
$('editor-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = Number($('editor-value').value);
  try {
    if (editing.kind === 'bias') playground.setBias(editing.layer, editing.neuron, value);
    else playground.setWeight(editing.layer, editing.from, editing.to, value);
    notice('');
  } catch (error) {
    notice(error.message);
  }
  closeEditor();
  loop.redraw();
});
$('editor-cancel').addEventListener('click', closeEditor);
editor.addEventListener('keydown', (event) => { if (event.key === 'Escape') closeEditor(); });

// ----- start -----

function preview(name, canvas) {
  const p = new Playground({ dataset: name, points: 150, testRatio: 0 });
  p.drawBoundary(canvas, { heatmap: false, resolution: 8 });
  p.free();
}

const diagram = createDiagram($('diagram'), {
  hover(k) { hovered = k; loop.redraw(); },
  edit: openEditor,
});
const controls = createControls((patch) => apply(patch), preview);
const loop = createLoop({ work, draw });

try {
  use(build(state));
} catch (error) {
  problems.push(`the link's settings were refused (${error.message}); the defaults are shown`);
  state = parseState('').state;
  use(build(state));
}
if (problems.length) notice(`Some settings in the link were ignored: ${problems.join('; ')}.`);
controls.show(state, info());
$('version').textContent = `nnplay ${version()}`;

window.addEventListener('popstate', () => {
  pause();
  const parsed = parseState(location.search);
  try {
    use(build(parsed.state));
    state = parsed.state;
    notice(parsed.problems.join('; '));
  } catch (error) {
    notice(error.message);
  }
  controls.show(state, info());
  loop.redraw();
});
window.addEventListener('resize', () => loop.redraw());
loop.redraw();

// For tests and for curious learners at the console.
window.nnplay = {
  get playground() { return playground; },
  get state() { return state; },
  get playing() { return loop.playing; },
  play, pause, apply,
};
requestAnimationFrame(() => { document.body.dataset.ready = 'true'; });
