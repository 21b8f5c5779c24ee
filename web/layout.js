// The player's skeleton: header, tuning bar, the four panels, the editor's
// place and the footer, built inside the root it is given (a page element
// or a shadow root) with the words of `messages`. Returns every part by
// name, so no module ever looks an element up in the whole document.
//
// Ids are `idPrefix` + name: the page keeps its historical ids (`boundary`,
// `play`, `stat-epoch`, …) with an empty prefix, and a second player on the
// same page takes another prefix. Only a player that is the page (`title`)
// makes its brand the page's h1; an embedded one adds no landmark.

import { el } from './dom.js';
import { LANGUAGE_NAMES } from './messages/index.js';

/** `catalogues` and `lang`: the languages the switch offers, and the one in use. */
export function createLayout(root, messages, { idPrefix = '', title = false, catalogues = {}, lang = 'en' } = {}) {
  const id = (name) => `${idPrefix}${name}`;
  const t = messages;
  const stat = (name, label) => {
    const value = el('dd', { id: id(`stat-${name}`), text: '–' });
    return [el('div', {}, [el('dt', { text: label }), value]), value];
  };
  const [epochBox, epoch] = stat('epoch', t.stats.epoch);
  const [trainLossBox, trainLoss] = stat('train-loss', t.stats.trainLoss);
  const [testLossBox, testLoss] = stat('test-loss', t.stats.testLoss);
  const [trainAccBox, trainAcc] = stat('train-acc', t.stats.trainAccuracy);
  const [testAccBox, testAcc] = stat('test-acc', t.stats.testAccuracy);
  const [speedBox, speed] = stat('speed', t.stats.speed);
  epoch.textContent = '0';

  const parts = {
    play: el('button', { id: id('play'), class: 'primary', type: 'button', 'aria-pressed': 'false', text: t.transport.play }),
    step: el('button', { id: id('step'), type: 'button', title: t.transport.stepTitle, text: t.transport.step, 'data-control': 'step' }),
    reset: el('button', { id: id('reset'), type: 'button', title: t.transport.resetTitle, text: t.transport.reset }),
    newWeights: el('button', { id: id('new-weights'), class: 'new-weights', type: 'button', title: t.transport.newWeightsTitle, text: t.transport.newWeights }),
    share: el('button', { id: id('share'), class: 'share', type: 'button', title: t.transport.shareTitle, 'aria-label': t.transport.share, 'data-control': 'share' }, [
      el('span', { class: 'icon', 'aria-hidden': 'true', text: '⤴' }), el('span', { class: 'word', text: t.transport.share }),
    ]),
    embed: el('button', { id: id('embed'), class: 'embed', type: 'button', title: t.embed.title, text: t.transport.embed, 'aria-expanded': 'false', 'data-control': 'embed' }),
    embedPanel: el('section', { class: 'embed-panel', hidden: true, 'aria-label': t.embed.title }),
    stats: { epoch, trainLoss, testLoss, trainAcc, testAcc, speed },
    statsList: null,
    tuning: el('div', { class: 'tuning controls', role: 'group', 'aria-label': t.panels.tuning }),
    notice: el('p', { id: id('notice'), class: 'notice', role: 'status', hidden: true }),
    datasets: el('div', { class: 'datasets', role: 'radiogroup', 'aria-label': t.panels.datasets }),
    dataControls: el('div', { class: 'controls' }),
    features: el('div', { class: 'features', role: 'group', 'aria-label': t.panels.features }),
    normalize: el('div', { class: 'controls inline' }),
    layerControls: el('div', { class: 'layer-controls' }),
    diagram: el('div', { class: 'diagram' }),
    linkView: el('div', { class: 'controls inline' }),
    gradients: el('canvas', { id: id('gradients'), class: 'chart', role: 'img', 'aria-label': t.panels.gradientsLabel }),
    boundary: el('canvas', { id: id('boundary'), class: 'boundary', role: 'img', 'aria-label': t.panels.boundaryLabel }),
    // An image scene's views (drawn by the engine; hidden in the plane).
    // Focusable: the arrow keys choose the image whose feature maps are shown.
    predictions: el('canvas', { id: id('predictions'), class: 'predictions', role: 'img', tabindex: '0', 'aria-label': t.images.predictionsLabel }),
    predictionsNote: el('p', { class: 'hint', id: id('predictions-note') }),
    confusion: el('canvas', { id: id('confusion'), class: 'confusion', role: 'img', 'aria-label': t.images.confusionLabel }),
    metrics: el('div', { class: 'metrics', id: id('metrics') }),
    // Every classification scene's confusion matrix: open on images, a
    // click away in the plane (app.js shows it for classification only).
    confusionBox: el('details', { class: 'confusion-box' }),
    filters: el('canvas', { id: id('filters'), class: 'filters', role: 'img', 'aria-label': t.images.filtersLabel }),
    maps: el('canvas', { id: id('maps'), class: 'maps', role: 'img', 'aria-label': t.images.mapsLabel }),
    mapsNote: el('p', { class: 'hint', id: id('maps-note'), text: t.images.mapsHint }),
    mapsTitle: el('h3', { text: t.images.maps }),
    filtersHint: el('p', { class: 'hint', id: id('filters-hint'), text: t.images.filtersHint }),
    imageControls: el('div', { class: 'controls' }),
    // A sequence scene's views: one test sequence unrolled over its steps,
    // the sines' forecast, the gradient through time; and its data controls.
    unrolled: el('canvas', { id: id('unrolled'), class: 'unrolled', role: 'img', 'aria-label': t.sequences.unrolledLabel }),
    unrolledNote: el('p', { class: 'hint', id: id('unrolled-note'), 'aria-live': 'polite' }),
    unrolledHint: el('p', { class: 'hint', id: id('unrolled-hint'), text: t.sequences.unrolledHint }),
    previousSequence: el('button', { type: 'button', id: id('previous-sequence'), text: t.sequences.previous }),
    nextSequence: el('button', { type: 'button', id: id('next-sequence'), text: t.sequences.next }),
    forecast: el('canvas', { id: id('forecast'), class: 'forecast', role: 'img', 'aria-label': t.sequences.forecastLabel }),
    forecastTitle: el('h3', { text: t.sequences.forecast }),
    timeGradients: el('canvas', { id: id('time-gradients'), class: 'time-gradients', role: 'img', 'aria-label': t.sequences.timeGradientsLabel }),
    timeGradientsHint: el('p', { class: 'hint', id: id('time-gradients-hint'), text: t.sequences.timeGradientsHint }),
    sequenceControls: el('div', { class: 'controls' }),
    pad: el('div', { class: 'pad-host' }),
    viewControls: el('div', { class: 'controls inline', 'data-control': 'view' }),
    // A form of its own: its radios never join another player's group.
    picker: el('form', { class: 'class-picker', role: 'radiogroup', 'aria-label': t.picker.label, 'data-control': 'points' }),
    perceptronNote: el('p', { id: id('perceptron-note'), class: 'perceptron-note', hidden: true }),
    loss: el('canvas', { id: id('loss'), class: 'chart', role: 'img', 'aria-label': t.panels.lossLabel, 'data-control': 'loss-chart' }),
    coach: el('ul', { id: id('coach'), class: 'coach', 'aria-live': 'polite', 'data-control': 'coach' }),
    more: el('div', { class: 'controls grid' }),
    taskNote: el('p', { class: 'hint', id: id('task-note') }),
    editorHost: el('div'),
    // Files in and out: points as CSV, the model as JSON, the output as PNG.
    csvDownload: el('button', { type: 'button', id: id('csv-download'), text: t.files.downloadCsv }),
    csvFile: el('input', { type: 'file', id: id('csv-file'), accept: '.csv,text/csv,text/plain' }),
    csvText: el('textarea', { id: id('csv-text'), rows: 3, spellcheck: 'false', placeholder: 'x,y,label\n1.5,-2,1', 'aria-label': t.files.pasteCsv }),
    csvLoad: el('button', { type: 'button', id: id('csv-load'), text: t.files.loadPasted }),
    modelDownload: el('button', { type: 'button', id: id('model-download'), text: t.files.downloadModel }),
    modelFile: el('input', { type: 'file', id: id('model-file'), accept: '.json,application/json' }),
    pytorch: el('button', { type: 'button', id: id('pytorch'), text: t.files.pytorch, title: t.files.pytorchTitle }),
    // What a file button did, said beside it (the notice line at the top
    // of the page is out of sight down here).
    filesNote: el('p', { id: id('files-note'), class: 'files-note', role: 'status' }),
    pngDownload: el('button', { type: 'button', id: id('png-download'), text: t.files.downloadPng, 'data-control': 'view' }),
    lessonHost: el('div', { class: 'lesson-host', 'data-control': 'lessons' }),
    lessonListHost: el('div', { class: 'lesson-list-host', 'data-control': 'lessons' }),
    version: el('span', { id: id('version') }),
  };
  parts.confusionBox.append(el('summary', { text: t.images.confusion }), parts.confusion, parts.metrics);
  parts.statsList = el('dl', { class: 'stats', 'aria-live': 'off' },
    [epochBox, trainLossBox, testLossBox, trainAccBox, testAccBox, speedBox]);

  // What only a scene in the plane shows, and what only an image scene
  // shows: the shell's `images` class says which (see showScene).
  const plane = (...children) => el('div', { class: 'plane-only' }, children);
  const images = (...children) => el('div', { class: 'images-only' }, children);
  const sequences = (...children) => el('div', { class: 'sequences-only' }, children);
  const section = (name, title, children) => {
    const heading = el('h2', { id: id(`${name}-title`), text: title });
    return el('section', { class: `panel ${name}`, 'aria-labelledby': id(`${name}-title`), 'data-control': name }, [heading, ...children]);
  };
  const brand = el(title ? 'h1' : 'span', { class: 'brand' }, [el('span', { class: 'logo', 'aria-hidden': 'true', text: '◐' }), ' nnplay']);
  const header = el('div', { class: 'bar' }, [
    brand,
    el('div', { class: 'transport', role: 'group', 'aria-label': t.transport.label },
      [parts.play, parts.step, parts.reset]),
    parts.statsList,
    parts.embed,
    parts.share,
  ]);
  const languages = Object.keys(catalogues);
  if (languages.length > 1) {
    parts.language = el('select', { id: id('language'), class: 'language', 'aria-label': t.transport.language, 'data-control': 'language' },
      languages.map((l) => el('option', { value: l, text: LANGUAGE_NAMES[l] ?? l })));
    parts.language.value = lang;
  }
  const main = el('div', { class: 'layout' }, [
    section('output', t.panels.output, [
      plane(parts.boundary, parts.viewControls, parts.pngDownload, parts.picker, parts.perceptronNote),
      images(el('h3', { text: t.images.predictions }), parts.predictions, parts.predictionsNote),
      sequences(
        el('h3', { text: t.sequences.unrolled }), parts.unrolled,
        parts.unrolledHint,
        el('div', { class: 'sequence-nav' }, [parts.previousSequence, parts.nextSequence]), parts.unrolledNote,
        parts.forecastTitle, parts.forecast,
      ),
      parts.confusionBox,
      parts.loss, parts.coach,
    ]),
    section('network', t.panels.network, [
      parts.layerControls, plane(parts.diagram, parts.linkView),
      images(
        el('h3', { text: t.images.filters }), parts.filters, parts.filtersHint,
        parts.mapsTitle, parts.maps, parts.mapsNote, parts.pad,
      ),
      sequences(el('h3', { text: t.sequences.timeGradients }), parts.timeGradients, parts.timeGradientsHint),
      el('h3', { text: t.panels.gradients }), parts.gradients,
      el('p', { class: 'hint', text: t.panels.gradientsHint }),
      images(el('p', { class: 'hint', text: t.images.gradientsNoWeights })),
    ]),
    section('data', t.panels.data, [
      parts.datasets, parts.dataControls, images(parts.imageControls), sequences(parts.sequenceControls),
      plane(el('h3', { text: t.panels.inputs }), parts.features, parts.normalize, el('h3', { text: t.files.points })),
      plane(el('div', { class: 'files' }, [
        parts.csvDownload,
        el('label', { class: 'file', for: id('csv-file') }, [t.files.loadCsv, ' ', parts.csvFile]),
        parts.csvText, parts.csvLoad,
      ])),
    ]),
    section('training', t.panels.more, [parts.more, el('div', { class: 'files' }, [
      parts.newWeights, parts.modelDownload,
      el('label', { class: 'file', for: id('model-file') }, [t.files.loadModel, ' ', parts.modelFile]),
      parts.pytorch,
    ]), parts.filesNote, parts.taskNote]),
  ]);
  const footer = el('footer', { class: 'foot' }, [parts.version, ` · ${t.footer}`]);
  const shell = el('div', { class: 'nnplay' }, [header, parts.tuning, parts.embedPanel, parts.lessonHost, parts.notice, main, parts.lessonListHost, parts.editorHost, footer]);
  root.append(shell);
  parts.shell = shell;
  return parts;
}

/**
 * Shows only the controls named in `show` (a Set of names such as
 * 'learning-rate', 'step', 'network'; null: everything). Play, Reset, the
 * figures and the output are always there. A compact player lays itself out
 * in one column.
 */
export function showOnly(parts, show) {
  parts.shell.classList.toggle('compact', Boolean(show));
  for (const node of parts.shell.querySelectorAll('[data-control]')) {
    // The output panel is always shown; its parts are named on their own.
    // Inside any other named part (a panel, the view options) everything
    // comes with it.
    const always = node.dataset.control === 'output';
    const inside = node.parentElement?.closest('[data-control]');
    if (inside && inside.dataset.control !== 'output') continue;
    node.classList.toggle('off', Boolean(show) && !always && !show.has(node.dataset.control));
  }
  const tuning = [...parts.tuning.children].some((c) => c.dataset.control && !c.classList.contains('off'));
  parts.tuning.classList.toggle('off', Boolean(show) && !tuning);
}

/** Shows the parts of a scene of `kind`: 'images', 'sequences' or 'plane'. */
export function showScene(parts, kind) {
  parts.shell.classList.toggle('images', kind === 'images');
  parts.shell.classList.toggle('sequences', kind === 'sequences');
}

/** Puts the language switch at the end of the tuning bar (which has room on
 * a phone; the header does not), once the controls are in it. */
export function placeLanguageSwitch(parts) {
  if (parts.language) parts.tuning.append(parts.language);
}
