// The engine: one run (run.js) and the canvases it draws, behind messages.
// The same code runs in a module worker (engine-worker.js) or, where a
// worker cannot start, on the page's own thread (engine.js picks); the page
// talks to it only through messages either way, so it never waits for
// training and its edits are applied one at a time, in the order sent.
//
// Messages in (each a plain object; `post` sends the answers):
//   { type: 'call', id, op, args }    an edit or a read; answered by
//                                     { type: 'reply', id, ok, value | error, state }
//   { type: 'canvases', boundary, loss, gradients }   where to draw (an
//                                     OffscreenCanvas each, or the page's canvases)
//   { type: 'thumbnails', canvases }  the hidden neurons' canvases, in order
//   { type: 'view', dpr, sizes, labels }   the canvases' CSS sizes, the
//                                     display's pixel ratio, the charts' words
//   { type: 'frame', now, playing, due, hovered }   train (while playing)
//                                     within the budget, draw what is due, and
//                                     answer with one { type: 'snapshot', … }
//
// No DOM here: the canvases are handed in, and the wasm module draws on
// them through the methods a canvas and an OffscreenCanvas share.

import { createStateModel } from './state.js';
import { createRunKeeping } from './run.js';
import { createBudget } from './loop.js';

/** Thumbnails repainted in one frame while playing (more take turns). */
const THUMBNAILS_PER_FRAME = 32;

/**
 * An engine on the wasm module `wasm` (its exports: `Playground`,
 * `schema`), answering through `post(message, transfer)`. `budget` is the
 * most milliseconds of training a frame may take (a worker can afford more
 * than the page's thread, which also lays out and paints).
 */
export function createEngineHost(wasm, post, { budget: budgetMs } = {}) {
  const model = createStateModel(wasm.schema());
  const budget = createBudget(budgetMs);
  let run = null;
  let canvases = { boundary: null, loss: null, gradients: null };
  let thumbnails = [];
  let offscreen = false;
  let labels = {};
  let sizes = null;
  let highlight = null;   // the perceptron's last updated point
  let converged = false;
  let thumbnailTurn = 0;

  const playground = () => run.playground;
  const restarted = () => {
    highlight = null;
    converged = false;
  };

  function perceptronUpdate() {
    const update = playground().perceptronStep();
    highlight = update.point;
    converged = update.converged;
    return update;
  }

  /** What a call can do. Each returns a plain value (cloneable), or throws
   * the engine's refusal, which changes nothing. */
  const ops = {
    /** Builds the run of `state`, keeping what the engine accepts. */
    start({ state }) {
      const kept = createRunKeeping(model, state);
      run?.free();
      run = kept.run;
      restarted();
      return { dropped: kept.dropped };
    },
    /** Applies a patch; returns whether the run started over. */
    apply({ patch }) {
      const restart = run.apply(patch);
      if (restart) restarted();
      return restart;
    },
    replace({ state }) {
      run.replace(state);
      restarted();
    },
    reset() {
      run.reset();
      restarted();
    },
    addPoint({ x, y, label }) {
      run.addPoint(x, y, label);
      restarted();
    },
    removeNearest({ x, y, radius }) {
      const removed = run.removeNearest(x, y, radius);
      if (removed) restarted();
      return removed;
    },
    setPointsCsv({ text }) {
      run.setPointsCsv(text);
      restarted();
      return run.trainPoints + playground().points().test.x.length;
    },
    loadModel({ text }) {
      run.loadModel(text);
      restarted();
    },
    setWeight({ layer, from, to, value }) {
      playground().setWeight(layer, from, to, value);
    },
    setBias({ layer, neuron, value }) {
      playground().setBias(layer, neuron, value);
    },
    /** One epoch (or one perceptron update), as the Step button does. */
    step() {
      if (run.state.mode === 'perceptron') return perceptronUpdate();
      if (!playground().summary().diverged) playground().trainEpochs(1);
      return null;
    },
    trainOn({ x, y, label }) {
      return playground().trainOn(x, y, label);
    },
    explain({ x, y, label }) {
      return playground().explain(x, y, label);
    },
    points: () => playground().points(),
    pointsCsv: () => playground().pointsCsv(),
    exportModel: () => playground().exportModel(),
    summary: () => playground().summary(),
    task: () => playground().task(),
    domain: () => playground().domain(),
    config: () => playground().config(),
    /** The pixels of a canvas the engine draws on (`'boundary'`, `'loss'`,
     * `'gradients'`): a canvas handed to a worker can be read only there. */
    image({ name }) {
      const canvas = canvases[name];
      if (!canvas) throw new Error(`the engine draws no canvas called ${name}`);
      return canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    },
  };

  function call({ id, op, args }) {
    try {
      if (!Object.hasOwn(ops, op)) throw new Error(`the engine has no operation ${op}`);
      if (!run && op !== 'start') throw new Error('the engine has no run yet: start one first');
      const value = ops[op](args ?? {});
      post({ type: 'reply', id, ok: true, value, state: run.state });
    } catch (error) {
      post({ type: 'reply', id, ok: false, error: error?.message ?? String(error), state: run?.state ?? null });
    }
  }

  /** Sizes the OffscreenCanvases to their CSS boxes × the pixel ratio (a
   * page's canvas is sized by the drawing itself). */
  function fit(canvas, size, dpr) {
    if (!offscreen || !canvas || !size) return;
    const [w, h] = size.map((v) => Math.max(1, Math.round(v * dpr)));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
  }

  function fitAll() {
    if (!sizes) return;
    const dpr = globalThis.devicePixelRatio ?? 1;
    for (const name of ['boundary', 'loss', 'gradients']) fit(canvases[name], sizes[name], dpr);
    for (const c of thumbnails) fit(c, sizes.thumbnail, dpr);
  }

  /** Trains for one frame while playing; says why it stopped, if it did. */
  function work(now) {
    const state = run.state;
    if (state.mode === 'perceptron') {
      if (!converged && budget.perceptronDue(now, state.epochsPerFrame)) perceptronUpdate();
      return converged ? 'converged' : null;
    }
    const stepsPerEpoch = Math.ceil(run.trainPoints / state.batchSize);
    const summary = budget.train(playground(), state.epochsPerFrame * stepsPerEpoch, now);
    return summary.diverged ? 'diverged' : null;
  }

  /** Draws what is due and returns the page's numbers for this frame. */
  function draw(due, hovered, playing) {
    const p = playground();
    const state = run.state;
    const summary = p.summary();
    const linear = state.features.every((f) => f === 'x1' || f === 'x2');
    if (canvases.boundary) {
      p.drawBoundary(canvases.boundary, {
        showTest: state.showTest,
        discretize: state.discretize,
        showLines: state.showLines && linear,
        neuron: hovered ?? null,
        highlight: state.mode === 'perceptron' ? highlight : null,
      });
    }
    if (thumbnails.length && due.thumbnails) {
      if (!playing || thumbnails.length <= THUMBNAILS_PER_FRAME) {
        p.drawNeuronThumbnails(thumbnails);
      } else {
        // A big network's thumbnails take turns, a slice a frame.
        const first = thumbnailTurn % thumbnails.length;
        const slice = thumbnails.slice(first, first + THUMBNAILS_PER_FRAME);
        p.drawNeuronThumbnails(slice, { first });
        thumbnailTurn = first + slice.length;
      }
    }
    if (due.charts && canvases.loss) {
      p.drawLossChart(canvases.loss, { logScale: state.logScale, labels: labels.loss });
      p.drawGradientHeatmap(canvases.gradients, { labels: labels.gradients });
    }
    const snapshot = {
      type: 'snapshot',
      summary,
      epochsPerSecond: playing ? budget.epochsPerSecond() : 0,
      perceptron: { highlight, converged },
      line: linear ? p.separatingLines()[0] : null,
    };
    const transfer = [];
    if (due.diagram) {
      snapshot.weights = p.weights();
      snapshot.gradients = state.gradientLinks && summary.step > 0 ? p.weightGradients() : null;
      for (const layer of [...snapshot.weights, ...(snapshot.gradients ?? [])]) {
        transfer.push(layer.weights.buffer, layer.biases.buffer);
      }
    }
    if (due.coach) snapshot.findings = p.coach();
    return { snapshot, transfer };
  }

  /** Every frame asked for is answered, so the page can ask for the next. */
  function frame({ now, playing, due, hovered }) {
    if (!run) {
      post({ type: 'snapshot', summary: null });
      return;
    }
    try {
      const stopped = playing ? work(now) : null;
      const { snapshot, transfer } = draw(due ?? {}, hovered, playing && !stopped);
      snapshot.stopped = stopped;
      post(snapshot, transfer);
    } catch (error) {
      post({ type: 'snapshot', summary: null, error: error?.message ?? String(error) });
    }
  }

  return {
    /** Handles one message from the page. */
    handle(message) {
      switch (message?.type) {
        case 'call':
          call(message);
          break;
        case 'canvases':
          canvases = { boundary: message.boundary, loss: message.loss, gradients: message.gradients };
          offscreen = Boolean(message.offscreen);
          fitAll();
          break;
        case 'thumbnails':
          thumbnails = message.canvases;
          thumbnailTurn = 0;
          fitAll();
          break;
        case 'view':
          if (offscreen && message.dpr) globalThis.devicePixelRatio = message.dpr;
          if (message.sizes) sizes = message.sizes;
          if (message.labels) labels = message.labels;
          fitAll();
          break;
        case 'frame':
          frame(message);
          break;
        default:
          break;
      }
    },
    /** Frees the run (the engine is being stopped). */
    free() {
      run?.free();
      run = null;
    },
  };
}
