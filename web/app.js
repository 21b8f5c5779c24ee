// createApp: one whole player mounted inside `root` (a page element or a
// shadow root). It wires the modules together and owns nothing global:
// every element it touches is one it built inside `root`, so several apps
// live side by side on one page. The wasm module must be initialised first
// (`await init()`).
//
//   state.js   URL <-> state, from the engine's schema    engine.js  the run, in a worker (or not)
//   layout.js  the skeleton                              controls.js the panels' controls
//   diagram.js the network diagram                       pointer.js  adding/removing points
//   editor.js  the weight editor                         readout.js  figures and sentences
//   loop.js    the frame loop and its cadence
//   lesson-panel.js, compare.js, math.js   a lesson's words, its side-by-side view, "Show the math"
//
// The run lives in the engine (engine.js): in a module worker that trains
// and draws the boundary, the thumbnails and the charts on canvases handed
// over to it, or on this thread where a worker cannot start. This side sends
// the learner's edits in order, asks for a frame on each display refresh
// and shows each frame's snapshot: figures, the diagram's links, the coach.
// The engine and the loop outlive the interface: changing the language
// rebuilds the interface around the same run, so training goes on where it was.

import * as plane from './pkg/nnplay_wasm.js';
import { IMAGE_DATASETS, kindOf, loadModule, moduleKindFor } from './modules.js';
import { drawSequencePreview } from './draw-sequences.js';
import { createStateModel } from './state.js';
import { compressLink } from './points-link.js';
import { startEngine } from './engine.js';
import { PARTS, createLoop } from './loop.js';
import { createLayout, placeLanguageSwitch, showOnly, showScene } from './layout.js';
import { drawDigitsPreview, showImageFigures, showMetrics } from './image-readout.js';
import { showSequenceFigures } from './sequence-readout.js';
import { createDrawPad } from './draw-pad.js';
import { CELL } from './draw-images.js';
import { createControls } from './controls.js';
import { createDiagram } from './diagram.js';
import { createEditor } from './editor.js';
import { attachPointer } from './pointer.js';
import { createReadout } from './readout.js';
import { formatLine } from './format.js';
import { pickMessages } from './messages/index.js';
import { createLessonPanel, createLessonList } from './lesson-panel.js';
import { createCompare } from './compare.js';
import { createMathPanel } from './math.js';
import { LESSON_NAMES, classNames, lessonScenes, sceneKind, sceneStart } from './lessons.js';
import { embedCode } from './embed-code.js';
import { el, focusedIn } from './dom.js';
import { download, downloadImage, readChosenFile } from './files.js';

/** Links longer than this get cut by some mail and chat programs. */
const LONG_LINK = 8000;

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

/** A state model of the wasm module `module`'s schema (each caller gets
 * its own); by default the page's module (modules.js). */
export function stateModel(module = plane) {
  return createStateModel(module.schema(), module);
}

/**
 * Mounts a player in `root`. Options: `state` (from `stateModel().parse`;
 * default: the defaults), `problems` (what the link could not use),
 * `catalogues` ({ en, ko, … } from web/messages/; the state's `lang`, else
 * `languages` (the browser's), picks one) or a single `messages`,
 * `onStateChange(state)` (after each accepted change; the page writes the
 * URL there), `link()` (what Share copies; null: the page has no address
 * to share, and Share and Embed are hidden), `idPrefix` (ids are prefix +
 * name: a second player on one page needs its own), `title` (true: the
 * brand is the page's h1), `controls` (the names of the controls to show,
 * e.g. ['learning-rate', 'step']; default: all), `onEpoch(summary)` (each
 * time the epoch changes), `onUserPlay(playing)` (the learner pressed Play or
 * Pause), `worker` (false: run the engine on this thread), `module` (the
 * initialised wasm module namespace: the page's by default; the images
 * module for an image scene, see modules.js; choosing an image scene
 * later loads it and starts a new engine on it).
 *
 * Returns `{ ready, engine, state, summary, snapshot, playing, messages,
 * call(op, args), play(), pause(), apply(patch), setState(state),
 * notice(text), destroy() }`; `ready` resolves once the engine runs the
 * state (before that, edits wait for it).
 */
export function createApp(root, options) {
  const { onStateChange = () => {}, onEpoch = () => {}, idPrefix = '' } = options;
  const link = options.link === undefined ? () => location.href : options.link;
  const show = options.controls ? new Set(options.controls) : null;
  let lastEpoch = -1;
  const catalogues = options.catalogues ?? { [options.messages.lang]: options.messages };
  const languages = options.languages ?? [];
  let module = options.module ?? plane;
  let model = stateModel(module);
  let colours = module.palette();

  let state = options.state ?? model.defaults();
  let messages = pickMessages(state.lang, languages, catalogues);
  // What the engine said of its run: task, square, point counts; null until it runs.
  let info = null;
  let snapshot = null;
  let hovered = null;
  let converged = false;
  let attachedThumbnails = [];
  let ui = null;
  let destroyed = false;
  let engine = null;

  let started = startEngine({ module, worker: options.worker ?? true, onSnapshot: (s) => showSnapshot(s) });
  let running;
  let failing;
  /** Resolves to the engine once it runs the state (rejects if the player
   * is removed first). */
  let runs = new Promise((resolve, reject) => { running = resolve; failing = reject; });
  runs.catch(() => {});
  /** Sends a call to the engine once it runs the state; in the order made. */
  const call = (op, args) => runs.then((e) => e.call(op, args));

  /** The data set a model file's text names, or null (the engine reads the file for real). */
  function datasetOf(text) {
    try {
      const dataset = JSON.parse(text)?.config?.dataset;
      return typeof dataset === 'string' ? dataset : null;
    } catch {
      return null;
    }
  }

  /** `patch`, with the starting scene of images or sequences under it when
   * it moves the run to that kind of scene (the plane's network and
   * learning rate do not suit them). */
  const withSceneStart = (patch) => {
    const start = patch.dataset === undefined ? null : sceneStart(patch.dataset);
    return start && sceneKind(patch.dataset) !== sceneKind(state.dataset) ? { ...start, ...patch } : patch;
  };

  /** True if `next` is an image scene and this player's module has none. */
  const needsImages = (next) => moduleKindFor(next?.dataset) === 'images' && kindOf(module) !== 'images';

  /**
   * Moves the player to the images module (it runs every scene of the
   * plane too, to the same bits, so the player keeps it): loads it and the
   * digits, starts an engine on it running `next`, and only then stops the
   * old engine (its canvases were handed to it for good) and rebuilds the
   * interface around the new one. Calls made meanwhile wait and go to the
   * new engine, in order; if the move fails, the old engine goes on and
   * the refusal is thrown. One move at a time: a second one waits for the
   * first and then finds nothing to do (resolves false).
   */
  async function switchToImages(next) {
    if (switching) {
      await switching.catch(() => {});
      if (!needsImages(next)) return false;
    }
    switching = moveToImages(next);
    try {
      return await switching;
    } finally {
      switching = null;
    }
  }
  let switching = null;

  async function moveToImages(next) {
    const wasPlaying = loop.playing;
    const hadFocus = Boolean(ui && focusedIn(ui.parts.shell));
    pause();
    const before = runs;
    let settle;
    runs = new Promise((resolve) => { settle = resolve; });
    runs.catch(() => {});
    let fresh;
    try {
      const loaded = await loadModule('images');
      if (destroyed) throw new Error('the player was removed');
      const nextModel = stateModel(loaded.module);
      fresh = await startEngine({ module: loaded.module, worker: options.worker ?? true, onSnapshot: (s) => showSnapshot(s) });
      await fresh.call('start', { state: { ...nextModel.defaults(), ...next } });
      // The new engine runs: the old one goes.
      started.then((e) => e.stop(), () => {});
      module = loaded.module;
      model = nextModel;
      colours = module.palette();
      started = Promise.resolve(fresh);
      engine = fresh;
      info = null;
      snapshot = null;
      settle(fresh);
    } catch (error) {
      fresh?.stop();
      settle(before);
      throw error;
    }
    took();
    remount({ keepCompare: false });
    // The learner's place, if it was in the player: the data set chosen.
    if (hadFocus) ui.parts.datasets.querySelector(`[data-dataset="${next.dataset}"]`)?.focus();
    if (wasPlaying) play();
    return true;
  }

  // Edits that settle the run's state differently from what the page shows
  // when a host makes them (`el.call('apply', …)`): the page takes them in.
  const EDITS = new Set(['apply', 'replace', 'reset', 'addPoint', 'removeNearest', 'setPointsCsv', 'loadModel']);
  /** A host's call: the engine's operations, its edits shown as the page's own. */
  async function hostCall(op, args) {
    if (op === 'start') throw new Error('the player starts its engine itself: use apply or replace');
    if (op === 'apply' && args?.patch && typeof args.patch === 'object') args = { ...args, patch: withSceneStart(args.patch) };
    const target = op === 'apply' ? { ...state, ...args?.patch } : op === 'replace' ? args?.state : null;
    if (needsImages(target)) {
      // The engine on the images module checks the settings as it starts.
      if (await switchToImages(target)) {
        changed();
        return op === 'apply' ? true : undefined;
      }
    }
    const value = await call(op, args);
    if (EDITS.has(op)) changed();
    else loop.redraw();
    return value;
  }
  // The state plus the patches sent and not answered yet: what the controls
  // show, so two quick clicks on + make two more neurons, not one.
  let intended = null;
  let unanswered = 0;

  /** The engine's answer to a call changed the state: take it. */
  function took() {
    if (engine?.state) state = engine.state;
    if (engine?.info) info = engine.info;
  }

  function restarted() {
    converged = false;
    hovered = null;
    // The engine chooses the first test image again.
    if (ui?.parts.mapsNote) ui.parts.mapsNote.textContent = messages.images.mapsHint;
    // The new run has not diverged, whatever the last frame of the old said.
    if (snapshot?.summary?.diverged) snapshot = { ...snapshot, summary: { ...snapshot.summary, diverged: false } };
  }

  function noticeFor(problems, dropped) {
    const words = problems.map((p) => {
      if (p.text === null) return messages.notices.unknownSetting(p.key);
      if (p.key === 'preset') return messages.lessons.unknown(p.text, LESSON_NAMES);
      if (p.given !== undefined) return messages.notices.layerActivations(p.given, p.layers);
      if (p.twice) return messages.notices.layersTwice(p.text);
      return messages.notices.badValue(p.key, p.text);
    });
    words.push(...dropped.map((d) => messages.notices.dropped(d.key, d.value, d.reason)));
    return words.length ? messages.notices.ignored(words) : '';
  }

  /**
   * What follows every change of the run, in one place: the state is read
   * back from the engine's answer; `restart` (the run started over) forgets
   * the perceptron's convergence; the interface is rebuilt when the language
   * changes or `rebuild` asks (another lesson); `notice` (a function of the
   * messages in force, or a sentence) replaces the notice line, if given;
   * the controls show the state; `record` (false for Back/Forward and Reset)
   * tells the host, which writes the address bar; and the next frame draws
   * it all.
   */
  function changed({ restart = true, rebuild = false, notice, record = true } = {}) {
    if (destroyed) return;
    took();
    if (restart) restarted();
    const words = pickMessages(state.lang, languages, catalogues);
    if (words !== messages || rebuild) {
      messages = words;
      // Another language keeps the lesson's comparison where it was.
      remount({ keepCompare: !rebuild });
    }
    showScene(ui.parts, sceneKind(state.dataset));
    showConfusionBox();
    if (notice !== undefined) ui.readout.notice(typeof notice === 'function' ? notice(messages) : notice);
    if (info) ui.controls.show(intended ?? state, info);
    if (record) onStateChange(state);
    loop.redraw();
  }

  /** The confusion matrix is for a network classifying: open on images, a
   * click away in the plane. */
  function showConfusionBox() {
    const box = ui.parts.confusionBox;
    box.hidden = !(info && state.mode === 'network' && info.task.kind !== 'regression' && sceneKind(state.dataset) !== 'sequences');
    if (IMAGE_DATASETS.includes(state.dataset)) box.open = true;
  }

  /** Says the engine's refusal; the run is as it was. */
  function refused(error) {
    if (destroyed) return;
    took();
    ui.readout.notice(error.message);
    if (info) ui.controls.show(intended ?? state, info);
  }

  /** `task()`, with a refusal said in the notice line instead of thrown. */
  const saying = (task) => async (...args) => {
    try {
      await task(...args);
    } catch (error) {
      refused(error);
    }
  };

  /** Applies a change; resolves to false if refused (which leaves
   * everything as it was and says why). */
  async function apply(patch) {
    let restart;
    patch = withSceneStart(patch);
    if (needsImages({ ...state, ...patch })) {
      try {
        if (await switchToImages({ ...state, ...patch })) {
          changed({ notice: '' });
          return true;
        }
      } catch (error) {
        refused(error);
        return false;
      }
    }
    intended = { ...(intended ?? state), ...patch };
    unanswered++;
    if (info && ui) ui.controls.show(intended, info);
    try {
      restart = await call('apply', { patch });
    } catch (error) {
      if (--unanswered === 0) intended = null;
      refused(error);
      return false;
    }
    if (--unanswered === 0) intended = null;
    // A run that has diverged stays diverged until Reset: keep saying so.
    const diverged = snapshot?.summary?.diverged && !restart;
    changed({ restart, notice: (m) => (diverged ? m.notices.diverged : '') });
    return true;
  }

  // ----- frames: asked for here, made by the engine, shown here -----

  /** The CSS box of each canvas the engine draws on. */
  function sizes() {
    const box = (c) => (c ? [c.clientWidth, c.clientHeight] : null);
    const { parts, diagram } = ui;
    return {
      boundary: box(parts.boundary), loss: box(parts.loss), gradients: box(parts.gradients), thumbnail: box(diagram.thumbnails()[0]),
      predictions: box(parts.predictions), confusion: box(parts.confusion), filters: box(parts.filters), maps: box(parts.maps),
      unrolled: box(parts.unrolled), forecast: box(parts.forecast), timeGradients: box(parts.timeGradients),
    };
  }

  function frame(now, playing, due) {
    // Nothing to draw until the engine runs (it asks for a frame then).
    if (destroyed || !engine || !info) return true;
    const parts = {};
    for (const part of PARTS) parts[part] = due(part);
    return engine.frame({ now, playing, due: parts, hovered, dpr: devicePixelRatio, sizes: sizes() });
  }

  /** Shows one frame's numbers; the engine drew its canvases itself. */
  function showSnapshot(next) {
    if (destroyed || !ui) return;
    // A frame the engine could not make says why (its next one may do).
    if (next.error) ui.readout.notice(next.error);
    if (!next.summary) return;
    snapshot = next;
    const { diagram, readout } = ui;
    const summary = next.summary;
    const playing = loop.playing;
    if (next.sequences) {
      readout.stats(summary, next.epochsPerSecond);
      if (summary.epoch !== lastEpoch) {
        lastEpoch = summary.epoch;
        onEpoch(summary);
      }
      if (next.findings) readout.coach(next.findings);
      showSequenceFigures(ui.parts, next, state, messages);
      if (next.stopped && playing) {
        pause();
        if (next.stopped === 'diverged') readout.notice(messages.notices.diverged);
      }
      return;
    }
    if (next.images) {
      readout.stats(summary, next.epochsPerSecond);
      if (summary.epoch !== lastEpoch) {
        lastEpoch = summary.epoch;
        onEpoch(summary);
      }
      if (next.findings) readout.coach(next.findings);
      showImageFigures(ui.parts, next, state, messages);
      // The drawing is read again as the network learns.
      if (next.confusion) ui.pad.refresh();
      if (next.stopped && playing) {
        pause();
        if (next.stopped === 'diverged') readout.notice(messages.notices.diverged);
      }
      return;
    }
    diagram.build({
      inputs: state.features.map((f) => messages.features[f] ?? f),
      layers: next.layerSizes.slice(0, -1),
      outputs: next.layerSizes[next.layerSizes.length - 1],
    });
    // New thumbnails (another network, another language): the engine draws them.
    const thumbnails = diagram.thumbnails();
    if (thumbnails.length !== attachedThumbnails.length || thumbnails.some((c, i) => c !== attachedThumbnails[i])) {
      attachedThumbnails = thumbnails;
      engine.attachThumbnails(thumbnails);
      loop.redraw();
    }
    if (next.weights) diagram.update(next.weights, next.gradients, playing);
    readout.stats(summary, next.epochsPerSecond);
    if (summary.epoch !== lastEpoch) {
      lastEpoch = summary.epoch;
      onEpoch(summary);
    }
    if (next.findings) readout.coach(next.findings);
    if (next.confusion) {
      const names = Array.from({ length: next.confusion.classes }, (_, k) => String(k));
      showMetrics(ui.parts, next.confusion, names, -1, messages, false);
    }
    converged = next.perceptron.converged;
    readout.perceptron(state, converged);
    if (ui.equation && next.line) {
      const text = messages.lessons.line(formatLine(next.line.a, next.line.b, next.line.c));
      // A live region: written only when the line moved.
      if (ui.equation.textContent !== text) ui.equation.textContent = text;
    }
    if (ui.math && next.weights) ui.math.refresh();
    if (next.stopped && playing) {
      pause();
      if (next.stopped === 'diverged') readout.notice(messages.notices.diverged);
    }
  }

  const loop = createLoop({ frame });

  // ----- play, step, reset -----

  function showPlaying() {
    ui.parts.play.textContent = loop.playing ? messages.transport.pause : messages.transport.play;
    ui.parts.play.setAttribute('aria-pressed', String(loop.playing));
  }

  function play() {
    if (state.mode === 'perceptron' && converged) return;
    if (snapshot?.summary?.diverged) {
      ui.readout.notice(messages.notices.diverged);
      return;
    }
    loop.play();
    showPlaying();
  }

  function pause() {
    loop.pause();
    engine?.pause();
    // A host pausing the player (off screen, hidden tab) pauses its
    // comparison too.
    ui?.compare?.pause();
    showPlaying();
  }

  /** Resets the run to its initial weights; not a history entry. */
  async function reset() {
    pause();
    try {
      await call('reset');
      changed({ notice: '', record: false });
    } catch (error) {
      refused(error);
    }
  }

  // ----- editing data and weights -----

  function dataPoint(fx, fy) {
    const d = info.domain;
    return { x: d.xMin + fx * (d.xMax - d.xMin), y: d.yMax - fy * (d.yMax - d.yMin), d };
  }

  // ----- the interface, in one language -----

  /** Builds the interface in `messages` around the current run;
   * `compareRuns` (from the last interface) carries a comparison on. */
  function mount(compareRuns = null) {
    const parts = createLayout(root, messages, { idPrefix, title: Boolean(options.title), catalogues, lang: messages.lang });
    if (!link) {
      // No address of its own (a notebook's output): nothing to share or embed.
      parts.share.hidden = true;
      parts.embed.hidden = true;
    }
    // The engine's palette is the one place colours are written.
    colours.classes.forEach((c, k) => parts.shell.style.setProperty(`--class${k}`, c));
    parts.shell.style.setProperty('--accent', colours.positive);
    parts.shell.lang = messages.lang;
    parts.version.textContent = `nnplay ${module.version()}`;
    showScene(parts, sceneKind(state.dataset));
    const readout = createReadout(parts, messages);

    parts.play.addEventListener('click', () => {
      if (loop.playing) pause();
      else play();
      // The learner's own choice, which a host's visibility rules respect.
      options.onUserPlay?.(loop.playing);
    });
    parts.step.addEventListener('click', async () => {
      pause();
      try {
        await call('step');
        took();
      } catch (error) {
        refused(error);
      }
      loop.redraw();
    });
    parts.reset.addEventListener('click', () => reset());
    parts.newWeights.addEventListener('click', () => {
      pause();
      const seed = (intended ?? state).weightSeed;
      apply({ weightSeed: (seed + 1) % (model.byKey.weightSeed.max + 1) });
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
    const loadCsv = async (text) => {
      try {
        const count = await call('setPointsCsv', { text });
        changed();
        ui.readout.notice(messages.files.loaded(count));
      } catch (error) {
        refused(error);
      }
    };
    const downloadFrom = (op, name, type) => async () => {
      try {
        download(name, await call(op), type);
      } catch (error) {
        refused(error);
      }
    };
    parts.csvDownload.addEventListener('click', downloadFrom('pointsCsv', 'nnplay-points.csv', 'text/csv'));
    parts.csvLoad.addEventListener('click', () => loadCsv(parts.csvText.value));
    parts.csvFile.addEventListener('change', async () => {
      try {
        const text = await readChosenFile(parts.csvFile, 2_000_000);
        if (text !== null) await loadCsv(text);
      } catch (error) {
        ui.readout.notice(error.message);
      }
      parts.csvFile.value = '';
    });
    parts.modelDownload.addEventListener('click', downloadFrom('exportModel', 'nnplay-model.json', 'application/json'));
    parts.modelFile.addEventListener('change', async () => {
      pause();
      try {
        const text = await readChosenFile(parts.modelFile, 20_000_000);
        if (text !== null) {
          const inLesson = Boolean(state.preset);
          // A model of the digits needs the images module: move there first.
          const dataset = datasetOf(text);
          if (needsImages({ dataset })) await switchToImages({ ...state, ...sceneStart(dataset), dataset });
          await call('loadModel', { text });
          // The lesson's panel and players belong to the lesson's scene.
          changed({ rebuild: inLesson, notice: (m) => m.files.modelLoaded });
        }
      } catch (error) {
        refused(error);
      }
      parts.modelFile.value = '';
    });
    parts.pngDownload.addEventListener('click', saying(async () => {
      // The boundary is drawn where the engine runs: its pixels come from there.
      downloadImage('nnplay-boundary.png', await call('image', { name: 'boundary' }));
    }));
    parts.pytorch.addEventListener('click', async () => {
      // The live region is always in the page (empty until now): cleared,
      // then filled on the next frame, a screen reader announces each message.
      const say = (text) => {
        parts.filesNote.textContent = '';
        requestAnimationFrame(() => { parts.filesNote.textContent = text; });
      };
      let script;
      try {
        script = await call('pytorch');
      } catch (error) {
        say(error.message);
        return;
      }
      download('nnplay.py', script, 'text/x-python');
      let copied = true;
      try {
        await navigator.clipboard.writeText(script);
      } catch {
        copied = false;   // (the download has it)
      }
      say(messages.files.pytorchDone(copied, state.mode === 'perceptron'));
    });
    parts.embed.addEventListener('click', () => {
      const open = parts.embedPanel.hidden;
      parts.embedPanel.hidden = !open;
      parts.embed.setAttribute('aria-expanded', String(open));
      if (open) showEmbedCode(parts);
    });

    // A test image clicked (or reached with the arrow keys): its feature maps are shown.
    const choose = saying(async (where) => {
      const { label } = await call('chooseImage', where);
      ui.parts.mapsNote.textContent = messages.images.mapsChosen(classNames(state.dataset)[label]);
      loop.redraw();
    });
    // The test sequence shown unrolled: the previous or the next one (from
    // the one the last frame showed: a new run starts again at the first).
    const chooseSequence = saying(async (step) => {
      await call('chooseSequence', { index: (snapshot?.sequence?.index ?? 0) + step });
      loop.redraw();
    });
    parts.previousSequence.addEventListener('click', () => chooseSequence(-1));
    parts.nextSequence.addEventListener('click', () => chooseSequence(1));
    parts.predictions.addEventListener('click', (event) => {
      const box = parts.predictions.getBoundingClientRect();
      const x = (event.clientX - box.left) / box.width;
      const y = (event.clientY - box.top) / box.height;
      choose({ x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y)) });
    });
    parts.predictions.addEventListener('keydown', (event) => {
      const columns = Math.max(1, Math.floor(parts.predictions.clientWidth / CELL));
      const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      choose({ step });
    });

    const detachPointer = attachPointer(parts.boundary, {
      async add(fx, fy, other) {
        if (!info) return;
        const { x, y } = dataPoint(fx, fy);
        // While the math is shown, a click picks the point to follow.
        if (ui.math) {
          ui.math.pick(x, y);
          return;
        }
        try {
          await call('addPoint', { x, y, label: ui.controls.newLabel(info, other) });
          ui.readout.notice('');
          changed();
        } catch (error) {
          took();
          const max = model.byKey.points.max;
          const full = info.train + info.test >= max;
          ui.readout.notice(full ? messages.files.tooManyPoints(max) : error.message);
        }
      },
      async remove(fx, fy) {
        if (!info) return;
        const { x, y, d } = dataPoint(fx, fy);
        try {
          if (await call('removeNearest', { x, y, radius: (d.xMax - d.xMin) / 30 })) changed();
        } catch (error) {
          refused(error);
        }
      },
    });

    const editor = createEditor(parts.editorHost, messages, async (target, value) => {
      try {
        if (target.kind === 'bias') await call('setBias', { layer: target.layer, neuron: target.neuron, value });
        else await call('setWeight', { layer: target.layer, from: target.from, to: target.to, value });
        ui.readout.notice('');
      } catch (error) {
        refused(error);
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
        if (IMAGE_DATASETS.includes(name)) {
          drawDigitsPreview(canvas, name);
          return;
        }
        if (sceneKind(name) === 'sequences') {
          drawSequencePreview(canvas, name, colours);
          return;
        }
        // A small run of its own on this thread: a thumbnail of the data set.
        const p = new module.Playground({ dataset: name, points: 150, testRatio: 0 });
        try {
          p.drawBoundary(canvas, { heatmap: false, resolution: 8 });
        } finally {
          p.free();
        }
      },
    });
    placeLanguageSwitch(parts);
    const pad = createDrawPad(parts.pad, {
      messages,
      names: () => classNames(state.dataset),
      predict: (pixels) => call('predictImages', { pixels }),
      async add(pixels, label) {
        try {
          const count = await call('addImage', { pixels, label });
          const said = messages.pad.added(classNames(state.dataset)[label], count);
          changed({ record: false, notice: said });
          return said;
        } catch (error) {
          refused(error);
          return error.message;
        }
      },
    });
    ui = { parts, readout, diagram, controls, detachPointer, pad, ...mountLesson(parts, compareRuns) };
    if (options.title) createLessonList(parts.lessonListHost, messages);
    showOnly(parts, show);
    if (info) controls.show(state, info);
    showConfusionBox();
    // The figures of the last frame at once (a new language): the next
    // frame brings the rest.
    if (snapshot) readout.stats(snapshot.summary, snapshot.epochsPerSecond);
    showPlaying();
    attachedThumbnails = [];
    // The engine draws on this interface's canvases from now on.
    started.then((e) => {
      if (destroyed || ui?.parts !== parts) return;
      e.attachCanvases({
        boundary: parts.boundary, loss: parts.loss, gradients: parts.gradients,
        predictions: parts.predictions, confusion: parts.confusion, filters: parts.filters, maps: parts.maps,
        unrolled: parts.unrolled, forecast: parts.forecast, timeGradients: parts.timeGradients,
      });
      e.view({
        labels: {
          loss: messages.charts.loss, gradients: messages.charts.gradients, timeGradients: messages.charts.timeGradients,
          confusion: messages.images.confusionWords, maps: messages.images.mapsWords,
          unrolled: messages.sequences.unrolledWords, forecast: messages.sequences.forecastWords,
        },
      });
      loop.redraw();
    });
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
  function mountLesson(parts, compareRuns) {
    const panel = createLessonPanel(parts.lessonHost, { name: state.preset, messages, idPrefix, open: openLesson });
    const lesson = panel.lesson;
    // The players of the same lesson's comparison go on; any others are freed.
    const adopt = Boolean(compareRuns && lesson?.compare && compareRuns.lesson === lesson.name);
    if (compareRuns && !adopt) for (const run of compareRuns.runs) run.free();
    const compare = lesson?.compare ? createCompare(panel.slot, {
      model,
      lesson,
      messages,
      ...(adopt ? { runs: compareRuns.runs, playing: compareRuns.playing } : {}),
      // A variant into the full player below, to play with freely.
      open(i) {
        apply(lessonScenes(lesson)[i]);
        parts.boundary.scrollIntoView({ block: 'nearest' });
      },
    }) : null;
    const math = lesson?.name === 'backprop' ? createMathPanel(panel.slot, {
      messages,
      // A refusal (or a removed player) is said, not thrown, by the panel.
      onError: (error) => refused(error),
      explain: (point) => call('explain', point),
      async points() {
        const train = (await call('points')).train;
        return Array.from(train.x, (x, i) => ({ x, y: train.y[i], label: train.label[i] }));
      },
      onStage: (layer, neuron) => ui?.diagram.highlight(layer, neuron),
      // Exactly the step shown (plain gradient descent, one point; Step
      // trains a whole epoch): offered only when the run's rule is that one.
      canApply: () => state.optimizer === 'sgd' && state.regularization === 'none',
      async apply(point) {
        await call('trainOn', point);
        loop.redraw();
      },
    }) : null;
    return { equation: panel.equation, compare, math };
  }

  /** Opens lesson `name` (null: free play) with its scene, in the same language. */
  async function openLesson(name) {
    pause();
    const next = name ? model.lessonState(name) : model.defaults();
    // The language and, in an iframe player, being embedded stay.
    Object.assign(next, { lang: state.lang, embed: state.embed, controls: state.controls });
    try {
      if (!(needsImages(next) && await switchToImages(next))) await call('replace', { state: next });
    } catch (error) {
      refused(error);
      return;
    }
    changed({ rebuild: true, notice: '' });
    ui.parts.lessonHost.querySelector('.lesson-menu')?.focus();
  }

  /** Rebuilds the interface (another language), keeping the focus's place
   * and, with `keepCompare`, the lesson's comparison players. */
  function remount({ keepCompare = false } = {}) {
    const focused = ui.parts.language && focusedIn(ui.parts.shell) === ui.parts.language ? 'language' : null;
    const kept = keepCompare && ui.compare ? { lesson: state.preset, ...ui.compare.detach() } : null;
    unmount();
    mount(kept);
    if (focused) ui.parts.language.focus();
  }

  function unmount() {
    ui.compare?.destroy();
    ui.detachPointer();
    ui.parts.shell.remove();
    hovered = null;
  }

  mount();
  const onResize = () => loop.redraw();
  window.addEventListener('resize', onResize);

  const ready = started.then(async (e) => {
    if (destroyed) return;
    engine = e;
    const { dropped } = await e.call('start', { state });
    running(e);
    if (destroyed) return;
    took();
    restarted();
    // The run may differ from the link's state (a refused combination drops a setting).
    const words = pickMessages(state.lang, languages, catalogues);
    if (words !== messages) {
      messages = words;
      remount();
    }
    ui.readout.notice(noticeFor(options.problems ?? [], dropped));
    ui.controls.show(state, info);
    showConfusionBox();
    loop.redraw();
  }).catch((error) => {
    // Removed while starting: nothing to say. Otherwise the page says why.
    if (!destroyed) ui.readout.notice(error.message);
  });

  return {
    /** Resolves once the engine runs the state. */
    ready,
    /** Where the engine runs, on which module, and what it last said:
     * `{ kind: 'worker' | 'page', module: 'plane' | 'images', state, info }` (null until it runs; calls go through `call`). */
    get engine() {
      return engine && !destroyed ? { kind: engine.kind, module: engine.module, state: engine.state, info: engine.info } : null;
    },
    get state() { return state; },
    /** The wasm module the player runs (the images module once it showed an image scene). */
    get module() { return module; },
    /** The last frame's figures (null before the first). */
    get summary() { return snapshot?.summary ?? null; },
    /** The last frame's numbers. */
    get snapshot() { return snapshot; },
    get playing() { return loop.playing; },
    get messages() { return messages; },
    /** Asks the engine (`call('exportModel')`, `call('apply', { patch })`, …);
     * edits are shown as the page's own. */
    call: hostCall,
    play,
    pause,
    apply,
    reset,
    /** Shows another whole state (Back/Forward); rejects if the engine refuses it. */
    async setState(next) {
      pause();
      const lesson = state.preset;
      if (!(needsImages(next) && await switchToImages(next))) await call('replace', { state: next });
      took();
      changed({ rebuild: state.preset !== lesson, notice: '', record: false });
    },
    /** Says `text` in the notice line. */
    notice: (text) => ui.readout.notice(text),
    /** Stops the loop and the engine and removes the player. */
    destroy() {
      destroyed = true;
      loop.stop();
      unmount();
      window.removeEventListener('resize', onResize);
      failing(new Error('the player was removed'));
      started.then((e) => e.stop(), () => {});
    },
  };
}
