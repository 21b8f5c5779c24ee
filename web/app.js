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
//   lesson-panel.js, compare.js, math.js   a lesson's words, its side-by-side view, "Show the math"
//
// The run (the Playground) and the loop outlive the interface: changing
// the language rebuilds the interface around the same run, so training
// goes on where it was.

import { Playground, palette as enginePalette, schema as engineSchema, version } from './pkg/nnplay_wasm.js';
import { createStateModel } from './state.js';
import { compressLink } from './points-link.js';
import { createRunKeeping } from './run.js';
import { createLayout, placeLanguageSwitch, showOnly } from './layout.js';
import { createControls } from './controls.js';
import { createDiagram } from './diagram.js';
import { createEditor } from './editor.js';
import { attachPointer } from './pointer.js';
import { createReadout } from './readout.js';
import { createLoop } from './loop.js';
import { formatLine } from './format.js';
import { pickMessages } from './messages/index.js';
import { createLessonPanel, createLessonList } from './lesson-panel.js';
import { createCompare } from './compare.js';
import { createMathPanel } from './math.js';
import { LESSON_NAMES, lessonScenes } from './lessons.js';
import { embedCode } from './embed-code.js';
import { el } from './dom.js';
import { download, downloadCanvas, readChosenFile } from './files.js';
import { pytorchScript } from './pytorch.js';

/** Links longer than this get cut by some mail and chat programs. */
const LONG_LINK = 8000;
/** Thumbnails repainted in one frame while playing (more take turns). */
const THUMBNAILS_PER_FRAME = 32;

/** `url` with its hand-placed points compressed. */
async function compressedLink(url) {
  try {
    const parsed = new URL(url);
    parsed.search = await compressLink(parsed.search);
    return parsed.href;
  } catch {
    return url;
  }
}

/** A state model of the engine's schema (each caller gets its own). */
export function stateModel() {
  return createStateModel(engineSchema());
}

/**
 * Mounts a player in `root`. Options: `state` (from `stateModel().parse`;
 * default: the defaults), `problems` (what the link could not use),
 * `catalogues` ({ en, ko, … } from web/messages/; the state's `lang`, else
 * `languages` (the browser's), picks one) or a single `messages`,
 * `onStateChange(state)` (after each accepted change; the page writes the
 * URL there), `link()` (what Share copies), `idPrefix` (ids are prefix +
 * name: a second player on one page needs its own), `title` (true: the
 * brand is the page's h1), `controls` (the names of the controls to show,
 * e.g. ['learning-rate', 'step']; default: all), `onEpoch(summary)` (each
 * time the epoch changes), `onUserPlay(playing)` (the learner pressed Play or
 * Pause).
 *
 * Returns `{ playground, state, playing, messages, play(), pause(),
 * apply(patch), setState(state), notice(text), destroy() }`.
 */
export function createApp(root, options) {
  const { onStateChange = () => {}, onEpoch = () => {}, idPrefix = '', link = () => location.href } = options;
  const show = options.controls ? new Set(options.controls) : null;
  let lastEpoch = -1;
  const catalogues = options.catalogues ?? { [options.messages.lang]: options.messages };
  const languages = options.languages ?? [];
  const model = stateModel();
  const colours = enginePalette();

  const kept = createRunKeeping(model, options.state ?? model.defaults());
  const { run } = kept;
  let state = run.state;
  let messages = pickMessages(state.lang, languages, catalogues);

  let hovered = null;
  let highlight = null;
  let converged = false;
  let thumbnailTurn = 0; // the next thumbnail a big network repaints
  let shapeOf = null;    // the playground whose layer sizes are layerSizes
  let layerSizes = [];
  let ui = null;
  const info = () => ({ task: run.playground.task() });

  function restarted() {
    highlight = null;
    converged = false;
  }

  function noticeFor(problems) {
    const words = problems.map((p) => {
      if (p.text === null) return messages.notices.unknownSetting(p.key);
      if (p.key === 'preset') return messages.lessons.unknown(p.text, LESSON_NAMES);
      if (p.given !== undefined) return messages.notices.layerActivations(p.given, p.layers);
      if (p.twice) return messages.notices.layersTwice(p.text);
      return messages.notices.badValue(p.key, p.text);
    });
    words.push(...kept.dropped.map((d) => messages.notices.dropped(d.key, d.value, d.reason)));
    return words.length ? messages.notices.ignored(words) : '';
  }

  /**
   * What follows every change of the run, in one place: the state is read
   * back from the run; `restart` (the run started over) forgets the
   * perceptron's highlighted point and convergence; the interface is rebuilt
   * when the language changes or `rebuild` asks (another lesson); `notice`
   * (a function of the messages in force, or a sentence) replaces the notice
   * line, if given; the controls show the state; `record` (false for
   * Back/Forward and Reset) tells the host, which writes the address bar;
   * and the next frame draws it all.
   */
  function changed({ restart = true, rebuild = false, notice, record = true } = {}) {
    state = run.state;
    if (restart) restarted();
    const words = pickMessages(state.lang, languages, catalogues);
    if (words !== messages || rebuild) {
      messages = words;
      remount();
    }
    if (notice !== undefined) ui.readout.notice(typeof notice === 'function' ? notice(messages) : notice);
    ui.controls.show(state, info());
    if (record) onStateChange(state);
    loop.redraw();
  }

  /** Applies a change; a refused one leaves everything as it was and says why. */
  function apply(patch) {
    let restart;
    try {
      restart = run.apply(patch);
    } catch (error) {
      ui.readout.notice(error.message);
      ui.controls.show(run.state, info());
      return false;
    }
    // A run that has diverged stays diverged until Reset: keep saying so.
    const diverged = run.playground.summary().diverged;
    changed({ restart, notice: (m) => (diverged ? m.notices.diverged : '') });
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
      ui.readout.notice(messages.notices.diverged);
    }
  }

  /** While playing, a big network's thumbnails are repainted a slice at a
   * time, in turn: the browser's cost of showing a hundred repainted
   * canvases in one frame was a 100 ms frame. */
  function drawThumbnails(p, thumbnails) {
    if (!loop.playing || thumbnails.length <= THUMBNAILS_PER_FRAME) {
      p.drawNeuronThumbnails(thumbnails);
      return;
    }
    const first = thumbnailTurn % thumbnails.length;
    const slice = thumbnails.slice(first, first + THUMBNAILS_PER_FRAME);
    p.drawNeuronThumbnails(slice, { first });
    thumbnailTurn = first + slice.length;
  }

  function perceptronUpdate() {
    const update = run.playground.perceptronStep();
    highlight = update.point;
    converged = update.converged;
    if (converged) pause();
  }

  function draw(due) {
    const { parts, diagram, readout } = ui;
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
    // A playground's layer sizes never change: read once per run (reading
    // every weight of a big network each frame cost 5 ms).
    if (shapeOf !== p) {
      shapeOf = p;
      layerSizes = p.weights().map((l) => l.neurons);
    }
    diagram.build({
      inputs: state.features.map((f) => messages.features[f] ?? f),
      layers: layerSizes.slice(0, -1),
      outputs: layerSizes[layerSizes.length - 1],
    });
    // Every canvas first, the diagram's attributes after: drawing reads each
    // canvas's size, and a read after a write forces the browser to lay out
    // the page again (with thousands of links, most of a frame).
    const thumbnails = diagram.thumbnails();
    if (thumbnails.length && due('thumbnails')) drawThumbnails(p, thumbnails);
    if (due('charts')) {
      p.drawLossChart(parts.loss, { logScale: state.logScale, labels: messages.charts.loss });
      p.drawGradientHeatmap(parts.gradients, { labels: messages.charts.gradients });
    }
    if (due('diagram')) diagram.update(p.weights(), state.gradientLinks && summary.step > 0 ? p.weightGradients() : null, loop.playing);
    readout.stats(summary, loop.playing ? loop.epochsPerSecond() : 0);
    if (summary.epoch !== lastEpoch) {
      lastEpoch = summary.epoch;
      onEpoch(summary);
    }
    if (due('coach')) readout.coach(p.coach());
    readout.perceptron(state, converged);
    if (ui.equation && linear) {
      const [line] = p.separatingLines();
      const text = messages.lessons.line(formatLine(line.a, line.b, line.c));
      // A live region: written only when the line moved.
      if (ui.equation.textContent !== text) ui.equation.textContent = text;
    }
    if (ui.math && due('charts')) ui.math.refresh();
  }

  const loop = createLoop({ work, draw });

  // ----- play, step, reset -----

  function showPlaying() {
    ui.parts.play.textContent = loop.playing ? messages.transport.pause : messages.transport.play;
    ui.parts.play.setAttribute('aria-pressed', String(loop.playing));
  }

  function play() {
    if (state.mode === 'perceptron' && converged) return;
    if (run.playground.summary().diverged) {
      ui.readout.notice(messages.notices.diverged);
      return;
    }
    loop.play();
    showPlaying();
  }

  function pause() {
    loop.pause();
    // A host pausing the player (off screen, hidden tab) pauses its
    // comparison too.
    ui?.compare?.pause();
    showPlaying();
  }

  // ----- editing data and weights -----

  function dataPoint(fx, fy) {
    const d = run.playground.domain();
    return { x: d.xMin + fx * (d.xMax - d.xMin), y: d.yMax - fy * (d.yMax - d.yMin), d };
  }

  function edited() {
    changed();
  }

  // ----- the interface, in one language -----

  /** Builds the interface in `messages` around the current run. */
  function mount() {
    const parts = createLayout(root, messages, { idPrefix, title: Boolean(options.title), catalogues, lang: messages.lang });
    // The engine's palette is the one place colours are written.
    colours.classes.forEach((c, k) => parts.shell.style.setProperty(`--class${k}`, c));
    parts.shell.style.setProperty('--accent', colours.positive);
    parts.shell.lang = messages.lang;
    parts.version.textContent = `nnplay ${version()}`;
    const readout = createReadout(parts, messages);

    parts.play.addEventListener('click', () => {
      if (loop.playing) pause();
      else play();
      // The learner's own choice, which a host's visibility rules respect.
      options.onUserPlay?.(loop.playing);
    });
    parts.step.addEventListener('click', () => {
      pause();
      if (state.mode === 'perceptron') perceptronUpdate();
      else if (!run.playground.summary().diverged) run.playground.trainEpochs(1);
      loop.redraw();
    });
    parts.reset.addEventListener('click', () => {
      pause();
      run.reset();
      changed({ notice: '', record: false });
    });
    parts.newWeights.addEventListener('click', () => {
      pause();
      apply({ weightSeed: (state.weightSeed + 1) % (model.byKey.weightSeed.max + 1) });
    });
    parts.share.addEventListener('click', async () => {
      const url = await compressedLink(link());
      try {
        await navigator.clipboard.writeText(url);
        readout.notice(url.length > LONG_LINK ? messages.notices.longLink(url.length) : messages.notices.linkCopied);
      } catch {
        readout.notice(messages.notices.copyLink(url));
      }
    });
    parts.language?.addEventListener('change', () => apply({ lang: parts.language.value }));
    const loadCsv = (text) => {
      try {
        run.setPointsCsv(text);
        edited();
        readout.notice(messages.files.loaded(run.trainPoints + run.playground.points().test.x.length));
      } catch (error) {
        readout.notice(error.message);
      }
    };
    parts.csvDownload.addEventListener('click', () => download('nnplay-points.csv', run.playground.pointsCsv(), 'text/csv'));
    parts.csvLoad.addEventListener('click', () => loadCsv(parts.csvText.value));
    parts.csvFile.addEventListener('change', async () => {
      try {
        const text = await readChosenFile(parts.csvFile, 2_000_000);
        if (text !== null) loadCsv(text);
      } catch (error) {
        readout.notice(error.message);
      }
      parts.csvFile.value = '';
    });
    parts.modelDownload.addEventListener('click', () => download('nnplay-model.json', run.playground.exportModel(), 'application/json'));
    parts.modelFile.addEventListener('change', async () => {
      pause();
      try {
        const text = await readChosenFile(parts.modelFile, 20_000_000);
        if (text !== null) {
          const inLesson = Boolean(state.preset);
          run.loadModel(text);
          // The lesson's panel and players belong to the lesson's scene.
          changed({ rebuild: inLesson, notice: (m) => m.files.modelLoaded });
        }
      } catch (error) {
        readout.notice(error.message);
      }
      parts.modelFile.value = '';
    });
    parts.pngDownload.addEventListener('click', () => downloadCanvas('nnplay-boundary.png', parts.boundary));
    parts.pytorch.addEventListener('click', async () => {
      const script = pytorchScript(run.playground);
      download('nnplay.py', script, 'text/x-python');
      try {
        await navigator.clipboard.writeText(script);
      } catch {
        // The download has it.
      }
      readout.notice(messages.files.pytorchCopied);
    });
    parts.embed.addEventListener('click', () => {
      const open = parts.embedPanel.hidden;
      parts.embedPanel.hidden = !open;
      parts.embed.setAttribute('aria-expanded', String(open));
      if (open) showEmbedCode(parts);
    });

    const detachPointer = attachPointer(parts.boundary, {
      add(fx, fy, other) {
        const { x, y } = dataPoint(fx, fy);
        // While the math is shown, a click picks the point to follow.
        if (ui.math) {
          ui.math.pick(x, y);
          return;
        }
        try {
          run.addPoint(x, y, ui.controls.newLabel(info(), other));
          readout.notice('');
          edited();
        } catch (error) {
          const max = model.byKey.points.max;
          const count = run.playground.points();
          const full = count.train.x.length + count.test.x.length >= max;
          readout.notice(full ? messages.files.tooManyPoints(max) : error.message);
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
    placeLanguageSwitch(parts);
    ui = { parts, readout, diagram, controls, detachPointer, ...mountLesson(parts) };
    if (options.title) createLessonList(parts.lessonListHost, messages);
    showOnly(parts, show);
    controls.show(state, info());
    showPlaying();
  }

  /** The two snippets for the current scene, each with a Copy button. */
  function showEmbedCode(parts) {
    const base = new URL('.', link()).href;
    const code = embedCode(model, state, base);
    const e = messages.embed;
    const block = (label, text) => {
      const area = el('textarea', { readonly: true, rows: 3, spellcheck: 'false', 'aria-label': label });
      area.value = text;
      const copy = el('button', { type: 'button', text: e.copy });
      copy.addEventListener('click', async () => {
        area.select();
        try {
          await navigator.clipboard.writeText(text);
          copy.textContent = e.copied;
        } catch {
          // The text is selected: the learner can copy it by hand.
        }
      });
      return el('div', { class: 'embed-code' }, [el('p', { text: label }), area, copy]);
    };
    parts.embedPanel.replaceChildren(el('h2', { text: e.title }), block(e.component, code.component), block(e.iframe, code.iframe));
  }

  /** The lesson bar, and the lesson's own view: a comparison or the math. */
  function mountLesson(parts) {
    const panel = createLessonPanel(parts.lessonHost, { name: state.preset, messages, idPrefix, open: openLesson });
    const lesson = panel.lesson;
    const compare = lesson?.compare ? createCompare(panel.slot, {
      model,
      lesson,
      messages,
      // A variant into the full player below, to play with freely.
      open(i) {
        apply(lessonScenes(lesson)[i]);
        parts.boundary.scrollIntoView({ block: 'nearest' });
      },
    }) : null;
    const math = lesson?.name === 'backprop' ? createMathPanel(panel.slot, {
      messages,
      explain: (point) => run.playground.explain(point.x, point.y, point.label),
      points() {
        const train = run.playground.points().train;
        return Array.from(train.x, (x, i) => ({ x, y: train.y[i], label: train.label[i] }));
      },
      onStage: (layer, neuron) => ui?.diagram.highlight(layer, neuron),
      // Exactly the step shown (plain gradient descent, one point; Step
      // trains a whole epoch): offered only when the run's rule is that one.
      canApply: () => state.optimizer === 'sgd' && state.regularization === 'none',
      apply(point) {
        run.playground.trainOn(point.x, point.y, point.label);
        loop.redraw();
      },
    }) : null;
    return { equation: panel.equation, compare, math };
  }

  /** Opens lesson `name` (null: free play) with its scene, in the same language. */
  function openLesson(name) {
    pause();
    const next = name ? model.lessonState(name) : model.defaults();
    // The language and, in an iframe player, being embedded stay.
    Object.assign(next, { lang: state.lang, embed: state.embed, controls: state.controls });
    try {
      run.replace(next);
    } catch (error) {
      ui.readout.notice(error.message);
      return;
    }
    changed({ rebuild: true, notice: '' });
    ui.parts.lessonHost.querySelector('.lesson-menu')?.focus();
  }

  /** Rebuilds the interface (another language), keeping the focus's place. */
  function remount() {
    const focused = ui.parts.language && ui.parts.shell.contains(document.activeElement) ? 'language' : null;
    unmount();
    mount();
    if (focused) ui.parts.language.focus();
  }

  function unmount() {
    ui.compare?.destroy();
    ui.detachPointer();
    ui.parts.shell.remove();
    hovered = null;
  }

  mount();
  ui.readout.notice(noticeFor(options.problems ?? []));
  const onResize = () => loop.redraw();
  window.addEventListener('resize', onResize);
  loop.redraw();

  return {
    get playground() { return run.playground; },
    get state() { return state; },
    get playing() { return loop.playing; },
    get messages() { return messages; },
    play,
    pause,
    apply,
    /** Back to the same initial weights. */
    reset() {
      pause();
      run.reset();
      changed({ notice: '', record: false });
    },
    /** Shows another whole state (Back/Forward); throws if the engine refuses it. */
    setState(next) {
      pause();
      const lesson = state.preset;
      run.replace(next);
      changed({ rebuild: run.state.preset !== lesson, notice: '', record: false });
    },
    /** Says `text` in the notice line. */
    notice: (text) => ui.readout.notice(text),
    /** Stops the loop, frees the playground and removes the player. */
    destroy() {
      loop.stop();
      unmount();
      window.removeEventListener('resize', onResize);
      run.free();
    },
  };
}
