// createApp: one whole player mounted inside `root` (a page element or a
// shadow root). It wires the modules together and owns nothing global:
// every element it touches is one it built inside `root`, so several apps
// live side by side on one page. The wasm module must be initialised first
// (`await init()`).
//
//   state.js   URL <-> state, from the engine's schema    run.js     the Playground of a state
//   layout.js  the skeleton                              controls.js the panels' controls
//   diagram.js the network diagram                       pointer.js  adding/removing points
//   editor.js  the weight editor                         readout.js  figures and sentences
//   loop.js    the frame loop: budget and cadence, the only place that trains and draws

import { Playground, palette as enginePalette, schema as engineSchema, version } from './pkg/nnplay_wasm.js';
import { createStateModel } from './state.js';
import { createRun } from './run.js';
import { createLayout } from './layout.js';
import { createControls } from './controls.js';
import { createDiagram } from './diagram.js';
import { createEditor } from './editor.js';
import { attachPointer } from './pointer.js';
import { createReadout } from './readout.js';
import { createLoop } from './loop.js';

/** A state model of the engine's schema (each caller gets its own). */
export function stateModel() {
  return createStateModel(engineSchema());
}

/**
 * Mounts a player in `root`. Options: `state` (from `stateModel().parse`;
 * default: the defaults), `problems` (what the link could not use),
 * `messages` (a catalogue from web/messages/), `onStateChange(state)` (after
 * each accepted change; the page writes the URL there), `link()` (what Share
 * copies), `idPrefix` (ids are prefix + name: a second player on one page
 * needs its own), `title` (true: the brand is the page's h1).
 *
 * Returns `{ playground, state, playing, play(), pause(), apply(patch),
 * setState(state), destroy() }`.
 */
export function createApp(root, options) {
  const { messages, onStateChange = () => {}, idPrefix = '', link = () => location.href } = options;
  const model = stateModel();
  const parts = createLayout(root, messages, { idPrefix, title: Boolean(options.title) });
  const colours = enginePalette();
  // The engine's palette is the one place colours are written.
  colours.classes.forEach((c, k) => parts.shell.style.setProperty(`--class${k}`, c));
  parts.shell.style.setProperty('--accent', colours.positive);
  parts.shell.lang = messages.lang;
  parts.version.textContent = `nnplay ${version()}`;
  const readout = createReadout(parts, messages);

  let state = options.state ?? model.defaults();
  let run;
  const problems = (options.problems ?? []).map((p) => (p.text === null
    ? messages.notices.unknownSetting(p.key) : messages.notices.badValue(p.key, p.text)));
  try {
    run = createRun(model, state);
  } catch (error) {
    problems.push(messages.notices.refusedLink(error.message));
    state = model.defaults();
    run = createRun(model, state);
  }
  readout.notice(problems.length ? messages.notices.ignored(problems) : '');

  let hovered = null;
  let highlight = null;
  let converged = false;
  const info = () => ({ task: run.playground.task() });

  function restarted() {
    highlight = null;
    converged = false;
  }

  /** Applies a change; a refused one leaves everything as it was and says why. */
  function apply(patch) {
    try {
      if (run.apply(patch)) restarted();
    } catch (error) {
      readout.notice(error.message);
      controls.show(run.state, info());
      return false;
    }
    state = run.state;
    // A run that has diverged stays diverged until Reset: keep saying so.
    readout.notice(run.playground.summary().diverged ? messages.notices.diverged : '');
    onStateChange(state);
    controls.show(state, info());
    loop.redraw();
    return true;
  }

  // ----- training and drawing: the loop's two halves -----

  function work(now, budget) {
    const p = run.playground;
    if (state.mode === 'perceptron') {
      if (budget.perceptronDue(now, state.epochsPerFrame)) perceptronUpdate();
      return;
    }
    const stepsPerEpoch = Math.ceil(run.trainPoints / state.batchSize);
    const summary = budget.train(p, state.epochsPerFrame * stepsPerEpoch, now);
    if (summary.diverged) {
      pause();
      readout.notice(messages.notices.diverged);
    }
  }

  function perceptronUpdate() {
    const update = run.playground.perceptronStep();
    highlight = update.point;
    converged = update.converged;
    if (converged) pause();
  }

  function draw(due) {
    const p = run.playground;
    const summary = p.summary();
    const linear = state.features.every((f) => f === 'x1' || f === 'x2');
    p.drawBoundary(parts.boundary, {
      showTest: state.showTest,
      discretize: state.discretize,
      showLines: state.showLines && linear,
      neuron: hovered,
      highlight: state.mode === 'perceptron' ? highlight : null,
    });
    const weights = p.weights();
    diagram.build({
      inputs: state.features.map((f) => messages.features[f] ?? f),
      layers: weights.slice(0, -1).map((l) => l.neurons),
      outputs: weights[weights.length - 1].neurons,
    });
    diagram.update(weights, state.gradientLinks && summary.step > 0 ? p.weightGradients() : null);
    const thumbnails = diagram.thumbnails();
    if (thumbnails.length && due('thumbnails')) p.drawNeuronThumbnails(thumbnails);
    if (due('charts')) {
      p.drawLossChart(parts.loss, { logScale: state.logScale, labels: messages.charts.loss });
      p.drawGradientHeatmap(parts.gradients, { labels: messages.charts.gradients });
    }
    readout.stats(summary, loop.playing ? loop.epochsPerSecond() : 0);
    if (due('coach')) readout.coach(p.coach());
    readout.perceptron(state, converged);
  }

  const loop = createLoop({ work, draw });

  // ----- play, step, reset -----

  function play() {
    if (state.mode === 'perceptron' && converged) return;
    if (run.playground.summary().diverged) {
      readout.notice(messages.notices.diverged);
      return;
    }
    loop.play();
    parts.play.textContent = messages.transport.pause;
    parts.play.setAttribute('aria-pressed', 'true');
  }

  function pause() {
    loop.pause();
    parts.play.textContent = messages.transport.play;
    parts.play.setAttribute('aria-pressed', 'false');
  }

  parts.play.addEventListener('click', () => (loop.playing ? pause() : play()));
  parts.step.addEventListener('click', () => {
    pause();
    if (state.mode === 'perceptron') perceptronUpdate();
    else if (!run.playground.summary().diverged) run.playground.trainEpochs(1);
    loop.redraw();
  });
  parts.reset.addEventListener('click', () => {
    pause();
    run.reset();
    restarted();
    readout.notice('');
    loop.redraw();
  });
  parts.newWeights.addEventListener('click', () => {
    pause();
    apply({ weightSeed: (state.weightSeed + 1) % (model.byKey.weightSeed.max + 1) });
  });
  parts.share.addEventListener('click', async () => {
    const url = link();
    try {
      await navigator.clipboard.writeText(url);
      readout.notice(messages.notices.linkCopied);
    } catch {
      readout.notice(messages.notices.copyLink(url));
    }
  });

  // ----- editing data and weights -----

  function dataPoint(fx, fy) {
    const d = run.playground.domain();
    return { x: d.xMin + fx * (d.xMax - d.xMin), y: d.yMax - fy * (d.yMax - d.yMin), d };
  }

  function edited() {
    restarted();
    state = run.state;
    onStateChange(state);
    loop.redraw();
  }

  const detachPointer = attachPointer(parts.boundary, {
    add(fx, fy, other) {
      const { x, y } = dataPoint(fx, fy);
      try {
        run.addPoint(x, y, controls.newLabel(info(), other));
        readout.notice('');
        edited();
      } catch (error) {
        readout.notice(error.message);
      }
    },
    remove(fx, fy) {
      const { x, y, d } = dataPoint(fx, fy);
      try {
        if (run.removeNearest(x, y, (d.xMax - d.xMin) / 30)) edited();
      } catch (error) {
        readout.notice(error.message);
      }
    },
  });

  const editor = createEditor(parts.editorHost, messages, (target, value) => {
    try {
      if (target.kind === 'bias') run.playground.setBias(target.layer, target.neuron, value);
      else run.playground.setWeight(target.layer, target.from, target.to, value);
      readout.notice('');
    } catch (error) {
      readout.notice(error.message);
    }
    loop.redraw();
  });

  const diagram = createDiagram(parts.diagram, {
    palette: colours,
    messages,
    handlers: {
      hover(k) { hovered = k; loop.redraw(); },
      edit(target, anchor) {
        const e = messages.editor;
        const label = target.kind === 'bias'
          ? e.bias(target.neuron + 1, target.layer + 1)
          : e.weight(target.from + 1, target.to + 1, target.layer + 1);
        editor.open({ ...target, label }, anchor);
      },
    },
  });

  const controls = createControls(parts, {
    model,
    messages,
    idPrefix,
    onChange: (patch) => apply(patch),
    makePreview(name, canvas) {
      const p = new Playground({ dataset: name, points: 150, testRatio: 0 });
      try {
        p.drawBoundary(canvas, { heatmap: false, resolution: 8 });
      } finally {
        p.free();
      }
    },
  });
  controls.show(state, info());

  const onResize = () => loop.redraw();
  window.addEventListener('resize', onResize);
  loop.redraw();

  return {
    get playground() { return run.playground; },
    get state() { return state; },
    get playing() { return loop.playing; },
    play,
    pause,
    apply,
    /** Shows another whole state (Back/Forward); throws if the engine refuses it. */
    setState(next) {
      pause();
      run.replace(next);
      state = run.state;
      restarted();
      readout.notice('');
      controls.show(state, info());
      loop.redraw();
    },
    /** Says `text` in the notice line. */
    notice: (text) => readout.notice(text),
    /** Stops the loop, frees the playground and removes the player. */
    destroy() {
      loop.stop();
      detachPointer();
      window.removeEventListener('resize', onResize);
      run.free();
      parts.shell.remove();
    },
  };
}
