// The engine: one run (run.js) and the canvases it draws, behind messages.
// The same code runs in a module worker (engine-worker.js) or, where a
// worker cannot start, on the page's own thread (engine.js picks); the page
// talks to it only through messages either way, so it never waits for
// training and its edits are applied one at a time, in the order sent.
//
// Messages in (each a plain object; `post` sends the answers):
//   { type: 'call', id, op, args }    an edit or a read; answered by
//                                     { type: 'reply', id, ok, value | error, state }
//   { type: 'canvases', canvases }    where to draw, by name: boundary, loss,
//                                     gradients (and predictions, confusion,
//                                     filters for images): an OffscreenCanvas
//                                     each, or the page's canvases
//   { type: 'thumbnails', canvases }  the hidden neurons' canvases, in order
//   { type: 'view', dpr, sizes, labels }   the canvases' CSS sizes, the
//                                     display's pixel ratio, the charts' words
//   { type: 'frame', now, playing, due, hovered, dpr, sizes }   train (while playing)
//                                     within the budget, draw what is due, and
//                                     answer with one { type: 'snapshot', … }
//
// No DOM here: the canvases are handed in, and the wasm module draws on
// them through the methods a canvas and an OffscreenCanvas share.

import { createStateModel } from './state.js';
import { createRunKeeping } from './run.js';
import { createBudget } from './loop.js';
import { pytorchScript } from './pytorch.js';
import { LESSONS, LESSON_NAMES, classNames, hasRecurrentLayer, sceneKind } from './lessons.js';
import { measureOutcome } from './outcomes.js';
import { drawConfusion, drawFeatureMaps, drawFilters, drawPredictions } from './draw-images.js';
import { drawForecast, drawUnrolled } from './draw-sequences.js';
import { confusionOf, predictedClass } from './metrics.js';

/** Thumbnails repainted in one frame while playing (more take turns). */
const THUMBNAILS_PER_FRAME = 32;
/** Milliseconds of one chunk of training between frames (in a worker). */
const CHUNK_MS = 8;
/** Training between frames stops when no frame came for this long. */
const IDLE_MS = 250;
/** The most epochs one `trainEpochs` call may ask for. */
const MAX_EPOCHS_PER_CALL = 1000;

/** An error's message, without running a caller's code to get it. */
function sentence(error) {
  const message = error instanceof Error ? Object.getOwnPropertyDescriptor(error, 'message')?.value : undefined;
  return typeof message === 'string' && message ? message : 'the call was refused';
}

/**
 * An engine on the wasm module `wasm` (its exports: `Playground`,
 * `schema`), answering through `post(message, transfer)`; `exports` are the
 * instance's own (its memory, for the `memory` call); `continuous` (in a
 * worker) trains between frames, not within them; without it, `budget`
 * is the most milliseconds of training a frame may take.
 */
export function createEngineHost(wasm, post, { budget: budgetMs, exports = null, continuous = false } = {}) {
  const model = createStateModel(wasm.schema(), wasm);
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
  let training = false;   // playing, as the last frame said
  // Training between frames, in a worker: a channel to yield to the
  // worker's messages between chunks (a timer would wait at least 4 ms).
  const between = continuous ? new MessageChannel() : null;
  if (between) between.port1.onmessage = () => trainBetween();
  let scheduled = false;
  let allowance = 0;      // steps left of the last frame's quota
  let diverged = null;    // 'diverged' once a chunk between frames saw it, until the page hears
  let lastFrame = 0;      // when the page last asked for a frame
  let runs = 0;           // runs made so far: each new playground gets the next number
  let numbered = null;
  let counted = null;     // the run's task, square and point counts, until the data changes
  let testImages = null;  // an image run's test images, until the run changes
  let testSequences = null; // a sequence run's test sequences, likewise
  let chosenSequence = 0; // the test sequence shown unrolled
  let testPoints = null;  // a plane run's test points, until the data changes
  let grid = null;        // where the predictions grid drew each test image
  let chosen = null;      // the test image whose feature maps are shown
  let colours = null;
  const palette = () => (colours ??= wasm.palette());
  let shapeOf = null;     // the playground whose layer sizes are layerSizes
  let layerSizes = [];

  const playground = () => run.playground;
  const restarted = () => {
    highlight = null;
    converged = false;
    counted = null;
    testImages = null;
    testSequences = null;
    chosenSequence = 0;
    testPoints = null;
    grid = null;
    chosen = null;
    // What was allowed for the old run is not the new run's to spend, and
    // its divergence is not the new run's either.
    allowance = 0;
    diverged = null;
  };

  /** Training stops now (Pause, Step, Reset): not at the next frame. */
  function stop() {
    training = false;
    allowance = 0;
  }

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
      const kept = createRunKeeping(model, { ...model.defaults(), ...settings(state, 'start\'s state') });
      run?.free();
      run = kept.run;
      restarted();
      return { dropped: kept.dropped };
    },
    /** Applies a patch; returns whether the run started over. */
    apply({ patch }) {
      const restart = run.apply(settings(patch, 'apply\'s patch'));
      if (restart) restarted();
      return restart;
    },
    replace({ state }) {
      run.replace({ ...model.defaults(), ...settings(state, 'replace\'s state') });
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
      const { train, test } = info();
      return train + test;
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
      stop();
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
    weights: () => playground().weights(),
    outputs: () => playground().outputs(),
    trainEpochs({ n }) {
      // A call is answered before the next: a long one would hold up every
      // edit and frame behind it.
      if (!(Number.isInteger(n) && n >= 1 && n <= MAX_EPOCHS_PER_CALL)) {
        throw new Error(`trainEpochs needs n, a whole number from 1 to ${MAX_EPOCHS_PER_CALL}, got ${typeof n === 'number' ? n : typeof n}`);
      }
      return playground().trainEpochs(n);
    },
    predictBatch: ({ xy }) => playground().predictBatch(xy),
    /** Adds the learner's image (`pixels`, 64 values from 0 to 1) with
     * `label` to the training set; returns the number of training images. */
    addImage({ pixels, label }) {
      const count = run.addImage(pixels, label);
      restarted();
      return count;
    },
    /** Chooses the test image drawn at (`x`, `y`), fractions of the
     * predictions canvas, or `step` images on from the chosen one, for its
     * feature maps; returns its index and label. */
    chooseImage({ x, y, step }) {
      const canvas = canvases.predictions;
      if (!grid || !testImages || !canvas || grid.order.length === 0) throw new Error('chooseImage needs an image scene whose test images are drawn');
      let n;
      if (step !== undefined) {
        // From the keyboard: `step` images on in the grid's order (a row is `grid.columns`).
        if (!Number.isInteger(step) || Math.abs(step) > 1000) throw new Error('chooseImage\'s step must be a whole number from -1000 to 1000');
        const at = Math.max(0, grid.order.indexOf(chosen ?? grid.order[0]));
        n = Math.min(grid.order.length - 1, Math.max(0, at + step));
      } else {
        const inside = (v) => typeof v === 'number' && v >= 0 && v <= 1;
        if (!inside(x) || !inside(y)) throw new Error('chooseImage needs x and y, each a number from 0 to 1 (a place on the test images), or a step');
        n = Math.floor((y * canvas.height) / grid.cell) * grid.columns + Math.min(grid.columns - 1, Math.floor((x * canvas.width) / grid.cell));
      }
      if (n >= grid.order.length) throw new Error('there is no test image there');
      chosen = grid.order[n];
      return { index: chosen, label: testImages.labels[chosen] };
    },
    /** Shows test sequence `index` unrolled (a whole number; it wraps
     * round the test set); returns its index and its truth. */
    chooseSequence({ index }) {
      if (sceneKind(run.state.dataset) !== 'sequences') throw new Error('chooseSequence needs a sequence scene (dataset sines or memory)');
      if (!Number.isInteger(index) || Math.abs(index) > 1e6) throw new Error('chooseSequence\'s index must be a whole number from -1,000,000 to 1,000,000');
      testSequences ??= playground().sequences('test');
      const n = testSequences.labels.length;
      if (n === 0) throw new Error('there are no test sequences (the test share is 0)');
      chosenSequence = ((index % n) + n) % n;
      return { index: chosenSequence, truth: testSequences.labels[chosenSequence] };
    },
    /** An image run's outputs for images given by their pixels (the pad's drawing). */
    predictImages({ pixels }) {
      if (typeof playground().predictImages !== 'function') throw new Error('predictImages reads images: it needs an image scene (dataset digits or digits38)');
      return playground().predictImages(pixels);
    },
    /** The run measured against lesson `lesson`'s outcome (outcomes.js). */
    outcome({ lesson }) {
      const entry = LESSONS.find((l) => l.name === lesson);
      if (!entry) throw new Error(`outcome needs the name of a lesson: ${LESSON_NAMES.join(', ')}; got ${typeof lesson === 'string' ? lesson : typeof lesson}`);
      return measureOutcome(entry, playground());
    },
    /** The scene as a PyTorch script (pytorch.js). */
    pytorch: () => pytorchScript(playground()),
    /** The engine's module's memory and its table of JavaScript values. */
    memory: () => ({ wasm: exports?.memory.buffer.byteLength, handles: exports?.__wbindgen_externrefs.length }),
    /** The pixels of a canvas the engine draws on (`'boundary'`, `'loss'`,
     * `'gradients'`, and `'predictions'`, `'confusion'`, `'filters'`): a
     * canvas handed to a worker can be read only there. */
    image({ name }) {
      const canvas = Object.hasOwn(canvases, name) ? canvases[name] : null;
      if (!canvas) throw new Error(`image needs the name of a canvas the engine draws on: ${Object.keys(canvases).map((n) => `"${n}"`).join(', ')}; got ${typeof name === 'string' ? name : typeof name}`);
      return canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    },
  };

  /** `value` if it is an object of the page's settings (as state.js names
   * them); a refusal that says what is allowed otherwise. */
  function settings(value, what) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${what} must be an object of settings such as { learningRate: 0.03 }, got ${value === null ? 'null' : typeof value}`);
    }
    const unknown = Object.keys(value).filter((key) => !Object.hasOwn(model.byKey, key));
    if (unknown.length) throw new Error(`${what} has unknown settings: ${unknown.join(', ')}`);
    // The engine checks its own settings; the page's (the view's) are checked here.
    for (const [key, v] of Object.entries(value)) {
      const allowed = model.viewRefusal(key, v);
      if (allowed) throw new Error(`${what}.${key} must be ${allowed}`);
    }
    return value;
  }

  function call({ id, op, args }) {
    try {
      if (typeof op !== 'string' || !Object.hasOwn(ops, op)) throw new Error(`the engine has no operation ${typeof op === 'string' ? op : `of type ${typeof op}`}; it has ${Object.keys(ops).join(', ')}`);
      if (args !== undefined && (args === null || typeof args !== 'object')) throw new Error(`${op}'s arguments must be an object, such as { x: 1, y: 2, label: 0 }`);
      if (!run && op !== 'start') throw new Error('the engine has no run yet: start one first');
      const value = ops[op](args ?? {});
      post({ type: 'reply', id, ok: true, value, state: run.state, info: info() });
    } catch (error) {
      post({ type: 'reply', id, ok: false, error: sentence(error), state: run?.state ?? null, info: run ? info() : null });
    }
  }

  /** What the page needs to know of the run to take input: its task, its
   * square and how many points it has. */
  function info() {
    if (!run) return null;
    const p = playground();
    if (p !== numbered) {
      numbered = p;
      runs++;
      counted = null;
    }
    // Counted again only after an edit of the data (reading every point
    // for each answer made the module's heap grow in steps, from the
    // large short-lived copies between long-lived runs).
    counted ??= { task: p.task(), domain: p.domain(), train: run.trainPoints, test: p.points().test.x.length };
    return { run: runs, ...counted };
  }

  /** Hidden neurons of the run's network. */
  function hiddenCount() {
    return sizesOfLayers().slice(0, -1).reduce((a, b) => a + b, 0);
  }

  /** The layer sizes, read once per playground (reading every weight of a
   * big network each frame cost 5 ms); new sizes mean new thumbnails. */
  function sizesOfLayers() {
    const p = playground();
    if (shapeOf !== p) {
      shapeOf = p;
      const sizes = p.weights().map((l) => l.neurons);
      if (JSON.stringify(sizes) !== JSON.stringify(layerSizes)) thumbnails = [];
      layerSizes = sizes;
    }
    return layerSizes;
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
    for (const name of Object.keys(canvases)) fit(canvases[name], sizes[name], dpr);
    for (const c of thumbnails) fit(c, sizes.thumbnail, dpr);
  }

  /** The canvases' CSS sizes, the display's pixel ratio, the charts' words. */
  function view({ dpr, sizes: boxes, labels: words }) {
    if (offscreen && dpr) globalThis.devicePixelRatio = dpr;
    if (boxes) sizes = boxes;
    if (words) labels = words;
    fitAll();
  }

  /** Trains for one frame while playing; says why it stopped, if it did. */
  function work(now) {
    const state = run.state;
    if (state.mode === 'perceptron') {
      if (!converged && budget.perceptronDue(now, state.epochsPerFrame)) perceptronUpdate();
      return converged ? 'converged' : null;
    }
    if (between) {
      // Training runs between frames (trainBetween); a frame sets how much.
      allowance = quota();
      trainSoon();
      const stopped = diverged;
      diverged = null;
      return stopped;
    }
    const summary = budget.train(playground(), quota(), now);
    return summary.diverged ? 'diverged' : null;
  }

  /** The steps a frame may train: `epochsPerFrame` epochs. */
  function quota() {
    const state = run.state;
    return state.epochsPerFrame * Math.ceil(run.trainPoints / state.batchSize);
  }

  /** In a worker, training goes on between frames, in chunks short enough
   * for a frame's request or an edit to be answered within a few
   * milliseconds, until the frame's allowance is spent. (On the page's
   * thread it runs inside the frame, within the frame budget.) */
  function trainBetween() {
    scheduled = false;
    // No frame for a while: the tab is hidden or the page has gone.
    if (performance.now() - lastFrame > IDLE_MS) stop();
    if (!run || !training || allowance <= 0 || diverged || run.state.mode === 'perceptron') return;
    const { summary, steps } = budget.trainFor(playground(), allowance, CHUNK_MS);
    allowance -= steps;
    if (summary.diverged) diverged = 'diverged';
    trainSoon();
  }

  function trainSoon() {
    if (between && !scheduled && training && allowance > 0 && !diverged) {
      scheduled = true;
      between.port2.postMessage(null);
    }
  }

  /** Draws what is due and returns the page's numbers for this frame. */
  function draw(due, hovered, playing) {
    const scene = sceneKind(run.state.dataset);
    if (scene === 'images') return drawImages(due, playing);
    if (scene === 'sequences') return drawSequences(due, playing);
    const p = playground();
    const state = run.state;
    const summary = p.summary();
    sizesOfLayers();
    const linear = state.features.every((f) => f === 'x1' || f === 'x2');
    if (canvases.boundary) {
      p.drawBoundary(canvases.boundary, {
        showTest: state.showTest,
        discretize: state.discretize,
        showLines: state.showLines && linear,
        // A neuron of a network the page has not seen replaced yet: none.
        neuron: Number.isInteger(hovered) && hovered < hiddenCount() ? hovered : null,
        highlight: state.mode === 'perceptron' ? highlight : null,
      });
    }
    // Thumbnails made for another network (sent before the page saw this
    // one) wait for the page's next ones.
    const hidden = hiddenCount();
    if (thumbnails.length === hidden && hidden > 0 && due.thumbnails) {
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
    drawCharts(due);
    const snapshot = snapshotOf(summary, playing, { line: linear ? p.separatingLines()[0] : null });
    // Only while its box is open: the matrix is a forward pass over the
    // test points, and its buffers would churn the heap for nothing.
    if (due.charts && (sizes?.confusion?.[0] ?? 0) > 0) snapshot.confusion = planeConfusion();
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

  /** What every frame's snapshot carries, and `extra`. */
  function snapshotOf(summary, playing, extra) {
    return {
      type: 'snapshot',
      summary,
      layerSizes: sizesOfLayers(),
      epochsPerSecond: playing ? budget.epochsPerSecond() : 0,
      perceptron: { highlight, converged },
      ...extra,
    };
  }

  /** A classification scene's confusion matrix on its test points, drawn;
   * null for a regression, a perceptron or no test points. The images
   * module measures it; the page's module has no room for that code, and
   * metrics.js computes the same figures from the predictions. */
  function planeConfusion() {
    const p = playground();
    const { task } = info();
    if (run.state.mode !== 'network' || task.kind === 'regression') return null;
    if (!testPoints) {
      const test = p.points().test;
      const xy = new Float32Array(2 * test.x.length);
      test.x.forEach((x, i) => { xy[2 * i] = x; xy[2 * i + 1] = test.y[i]; });
      testPoints = { xy, labels: Array.from(test.label, Math.round) };
    }
    const n = testPoints.labels.length;
    if (n === 0) return null;
    const classes = task.kind === 'multiclass' ? task.classes : 2;
    let confusion;
    if (typeof p.confusion === 'function') {
      confusion = p.confusion('test');
    } else {
      const outputs = p.predictBatch(testPoints.xy);
      confusion = confusionOf(testPoints.labels, testPoints.labels.map((_, i) => predictedClass(outputs, i, outputs.length / n)), classes);
    }
    if (canvases.confusion) {
      const names = Array.from({ length: classes }, (_, k) => String(k));
      drawConfusion(canvases.confusion, { confusion, names, colours: palette(), words: labels.confusion });
    }
    return confusion;
  }

  function drawCharts(due) {
    if (due.charts && canvases.loss) {
      const p = playground();
      p.drawLossChart(canvases.loss, { logScale: run.state.logScale, labels: labels.loss });
      p.drawGradientHeatmap(canvases.gradients, { labels: labels.gradients });
    }
  }

  /** An image scene's frame: the test images beside their predictions, the
   * confusion matrix, the first convolution's filters, the charts; the
   * snapshot carries the confusion's figures (the page writes them as a
   * table) and each layer's kind and size, not the weights of a diagram. */
  function drawImages(due, playing) {
    const p = playground();
    const snapshot = snapshotOf(p.summary(), playing, { line: null, images: true });
    drawCharts(due);
    if (due.charts || due.boundary && !playing) {
      const names = classNames(run.state.dataset);
      const colours = palette();
      testImages ??= p.images('test');
      // No test images (a test share of 0): nothing to judge the run by.
      if (testImages.labels.length === 0) {
        if (due.coach) snapshot.findings = p.coach();
        return { snapshot, transfer: [] };
      }
      if (canvases.predictions) {
        const outputs = p.predictImages(testImages.pixels);
        grid = drawPredictions(canvases.predictions, { images: testImages, outputs, names, colours, chosen });
        snapshot.predictions = { shown: grid.shown, wrong: grid.wrong };
      }
      if (canvases.maps && testImages) {
        const index = chosen ?? grid?.order[0] ?? 0;
        const pixels = testImages.pixels.subarray(index * 64, (index + 1) * 64);
        drawFeatureMaps(canvases.maps, { pixels, maps: p.featureMaps(pixels), names: labels.maps ?? { input: 'image', layer: 'L' }, colours });
      }
      const confusion = p.confusion('test');
      if (confusion && canvases.confusion) drawConfusion(canvases.confusion, { confusion, names, colours, words: labels.confusion });
      snapshot.confusion = confusion;
      const conv = p.weights().find((l, i) => run.state.layers?.[i]?.kind === 'conv2d');
      if (conv && canvases.filters) {
        const { filters, size } = run.state.layers.find((l) => l.kind === 'conv2d');
        drawFilters(canvases.filters, { weights: conv.weights, filters, size, colours });
      }
    }
    if (due.coach) snapshot.findings = p.coach();
    return { snapshot, transfer: [] };
  }

  /** A sequence scene's frame: the charts, the gradient through time (time
   * steps × training steps), the chosen test sequence unrolled, the sines'
   * forecast; the snapshot carries that sequence's truth and output. */
  function drawSequences(due, playing) {
    const p = playground();
    const snapshot = snapshotOf(p.summary(), playing, { line: null, sequences: true });
    drawCharts(due);
    if (due.charts || due.boundary && !playing) {
      const colours = palette();
      const recurrent = hasRecurrentLayer(run.state);
      const clear = (canvas) => canvas?.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      if (canvases.timeGradients) {
        if (recurrent) p.drawGradientHeatmap(canvases.timeGradients, { time: true, relative: true, labels: { ...labels.gradients, ...labels.timeGradients } });
        else clear(canvases.timeGradients);
      }
      testSequences ??= p.sequences('test');
      const { values, labels: truth, steps } = testSequences;
      // null: drawn, and no test sequence to show (a frame that drew
      // nothing here leaves it out).
      snapshot.sequence = null;
      if (truth.length > 0) {
        const index = Math.min(chosenSequence, truth.length - 1);
        const one = values.subarray(index * steps, (index + 1) * steps);
        if (canvases.unrolled) {
          if (recurrent) drawUnrolled(canvases.unrolled, { values: one, unrolled: p.unrolled(one), colours, words: labels.unrolled ?? { input: 'x', state: 'h', kept: 'z', step: 't' } });
          else clear(canvases.unrolled);
        }
        snapshot.sequence = { index, count: truth.length, steps, truth: truth[index], output: p.predictSequences(one)[0], recurrent };
      }
      if (canvases.forecast) {
        if (run.state.dataset === 'sines') {
          const { series, predicted } = p.forecast(0, 60);
          drawForecast(canvases.forecast, { series, predicted, colours, words: labels.forecast ?? { truth: 'series', forecast: 'forecast', time: 'time →' } });
        } else {
          clear(canvases.forecast);
        }
      }
    }
    if (due.coach) snapshot.findings = p.coach();
    return { snapshot, transfer: [] };
  }

  /** Every frame asked for is answered, so the page can ask for the next. */
  function frame({ now, playing, due, hovered, dpr, sizes: boxes }) {
    lastFrame = performance.now();
    if (!run) {
      post({ type: 'snapshot', summary: null });
      return;
    }
    try {
      if (boxes) view({ dpr, sizes: boxes });
      if (playing && !training) {
        budget.restart();
        diverged = null;
      }
      training = playing;
      const stopped = playing ? work(now) : null;
      if (stopped) training = false;
      const { snapshot, transfer } = draw(due ?? {}, hovered, playing && !stopped);
      snapshot.stopped = stopped;
      post(snapshot, transfer);
    } catch (error) {
      post({ type: 'snapshot', summary: null, error: sentence(error) });
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
          canvases = { ...message.canvases };
          offscreen = Boolean(message.offscreen);
          fitAll();
          break;
        case 'thumbnails':
          thumbnails = message.canvases;
          thumbnailTurn = 0;
          fitAll();
          break;
        case 'view':
          view(message);
          break;
        case 'frame':
          frame(message);
          break;
        case 'pause':
          stop();
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
