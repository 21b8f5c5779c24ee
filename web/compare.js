// Side by side: a lesson's variants as small players on the same data, from
// the same initial weights, one setting different, trained in step (every
// player one epoch per frame, so their epochs always match). Each card
// shows its boundary (on images: its confusion matrix and its number of
// parameters; on sequences: its gradient through time), a chart and its
// figures; "Open" takes that variant into the
// full playground below.

import { el } from './dom.js';
import { createRun } from './run.js';
import { createLoop } from './loop.js';
import { lessonScenes } from './lessons.js';
import { formatNumber, formatPercent } from './format.js';
import { drawAccuracy, drawConfusion } from './draw-images.js';
import { classNames, hasRecurrentLayer, sceneKind } from './lessons.js';

/**
 * Builds the comparison of `lesson` into `container`; `open(i)` is asked to
 * show variant `i` in the full player. `runs` and `playing` (from `detach()`
 * of the same lesson's comparison) carry its players on, in another
 * language. Returns `{ pause, destroy, detach }`.
 */
export function createCompare(container, { model, lesson, messages, open, runs: adopted = null, playing = false }) {
  const t = messages.lessons;
  const words = t.items[lesson.name];
  const runs = adopted ?? lessonScenes(lesson).map((scene) => createRun(model, { ...model.defaults(), ...scene }));
  const chart = lesson.compare.chart ?? 'loss';
  const kind = sceneKind(runs[0].state.dataset);
  const images = kind === 'images';
  const sequences = kind === 'sequences';
  // Classes judged by accuracy over the epochs: the digits, the memory task.
  const accuracy = images || runs[0].state.dataset === 'memory';
  const colours = kind === 'plane' ? null : model.module.palette();
  const play = el('button', { type: 'button', class: 'primary', text: t.playAll, 'aria-pressed': 'false' });
  const step = el('button', { type: 'button', text: t.stepAll });
  const reset = el('button', { type: 'button', text: t.resetAll });
  const cards = runs.map((run, i) => {
    const boundary = images
      ? el('canvas', { class: 'confusion', role: 'img', 'aria-label': `${words.variants[i]}: ${messages.images.confusionLabel}` })
      : sequences
        ? el('canvas', { class: 'time-gradients', role: 'img', 'aria-label': `${words.variants[i]}: ${messages.sequences.timeGradientsLabel}` })
        : el('canvas', { class: 'boundary', role: 'img', 'aria-label': `${words.variants[i]}: ${messages.panels.boundaryLabel}` });
    const graph = el('canvas', {
      class: 'chart', role: 'img',
      'aria-label': accuracy ? messages.images.accuracyLabel : chart === 'loss' || sequences ? messages.panels.lossLabel : messages.panels.gradientsLabel,
    });
    const figures = el('p', { class: 'figures' });
    const card = el('figure', { class: 'variant', 'data-variant': String(i) }, [
      el('figcaption', {}, [el('strong', { text: words.variants[i] }), ' ',
        el('button', { type: 'button', class: 'open', text: `↓ ${t.open}`, 'aria-label': `${t.open}: ${words.variants[i]}`, onclick: () => open(i) })]),
      boundary, graph, figures,
    ]);
    // What the network learns: every tensor of every layer (a dense layer's
    // weights and biases, a recurrent one's four).
    const parameters = run.playground.weights().reduce((n, l) => n + Object.values(l).reduce((k, v) => k + (v instanceof Float32Array ? v.length : 0), 0), 0);
    return { run, boundary, graph, figures, card, parameters };
  });
  container.append(
    el('p', { class: 'hint', text: t.compare }),
    el('div', { class: 'compare-bar' }, [play, step, reset]),
    el('div', { class: `compare n${runs.length}` }, cards.map((c) => c.card)),
  );

  function trainEpoch() {
    for (const { run } of cards) {
      if (!run.playground.summary().diverged) run.playground.trainEpochs(1);
    }
  }

  function draw(due) {
    for (const c of cards) {
      const p = c.run.playground;
      const s = p.summary();
      if (kind === 'plane') p.drawBoundary(c.boundary, { showLines: false, resolution: 48 });
      else if (due('charts') && images) {
        drawConfusion(c.boundary, { confusion: p.confusion('test'), names: classNames(c.run.state.dataset), colours, words: messages.images.confusionWords });
      } else if (due('charts')) {
        // A dense net on the window has no steps: no time heatmap on its card.
        c.boundary.hidden = !hasRecurrentLayer(c.run.state);
        if (!c.boundary.hidden) p.drawGradientHeatmap(c.boundary, { time: true, relative: true, labels: { ...messages.charts.gradients, ...messages.charts.timeGradients } });
      }
      if (due('charts')) {
        // On classes, the test accuracy over the epochs: what the comparison is about.
        if (accuracy) drawAccuracy(c.graph, { history: p.lossHistory(), colours, words: messages.images.accuracyWords });
        else if (chart === 'loss' || sequences) p.drawLossChart(c.graph, { labels: messages.charts.loss });
        // Each layer against the output layer: the vanishing ratio, which
        // does not fade as the run learns and every gradient shrinks.
        else p.drawGradientHeatmap(c.graph, { relative: true, labels: messages.charts.gradients });
      }
      const loss = s.diverged ? messages.stats.diverged : formatNumber(s.trainLoss);
      c.figures.textContent = `${messages.stats.epoch} ${s.epoch} · ${messages.stats.trainLoss} ${loss} · `
        + `${messages.stats.testLoss} ${s.diverged ? messages.stats.diverged : formatNumber(s.testLoss)}`
        + (s.testAccuracy === null ? '' : ` · ${messages.stats.testAccuracy} ${formatPercent(s.testAccuracy)}`)
        + (kind === 'plane' ? '' : ` · ${messages.images.parameters(c.parameters)}`);
    }
  }

  const loop = createLoop({
    frame(now, playing, due) {
      if (playing) trainEpoch();
      draw(due);
    },
  });
  const showPlaying = () => {
    play.textContent = loop.playing ? t.pauseAll : t.playAll;
    play.setAttribute('aria-pressed', String(loop.playing));
  };
  play.addEventListener('click', () => {
    if (loop.playing) loop.pause();
    else loop.play();
    showPlaying();
  });
  step.addEventListener('click', () => {
    loop.pause();
    showPlaying();
    trainEpoch();
    loop.redraw();
  });
  reset.addEventListener('click', () => {
    loop.pause();
    showPlaying();
    for (const { run } of cards) run.reset();
    loop.redraw();
  });
  if (playing) {
    loop.play();
    showPlaying();
  }
  loop.redraw();
  let detached = false;

  return {
    pause() {
      if (loop.playing) {
        loop.pause();
        showPlaying();
      }
    },
    /** Stops showing the players here and hands them over, still running. */
    detach() {
      const was = loop.playing;
      loop.stop();
      detached = true;
      return { runs: cards.map((c) => c.run), playing: was };
    },
    destroy() {
      loop.stop();
      if (!detached) for (const { run } of cards) run.free();
    },
  };
}
