// An image scene's words and figures on the page's thread: the sentence
// under the predictions, the table of per-class metrics (from the
// confusion matrix the engine measured), and the data-set buttons'
// previews of the digits.

import { el } from './dom.js';
import { stackOf } from './layer-stack.js';
import { formatPercent as percent } from './format.js';
import { classNames } from './lessons.js';


/**
 * Shows a snapshot's image figures: the predictions' sentence and, when
 * the frame measured it, the metrics table (a thinned-out class's row is
 * marked, so its recall is seen beside the accuracy).
 */
export function showImageFigures(parts, snapshot, state, messages) {
  const t = messages.images;
  const convolution = stackOf(state).some((l) => l.kind === 'conv2d');
  parts.filters.hidden = !convolution;
  const hint = convolution ? t.filtersHint : t.noConvolution;
  if (parts.filtersHint.textContent !== hint) parts.filtersHint.textContent = hint;
  // Feature maps come from convolution and pooling layers only.
  const maps = stackOf(state).some((l) => l.kind === 'conv2d' || l.kind.endsWith('Pool2d'));
  parts.maps.hidden = !maps;
  parts.mapsNote.hidden = !maps;
  parts.mapsTitle.hidden = !maps;
  const confusion = snapshot.confusion;
  if (snapshot.predictions && confusion) {
    const total = confusion.perClass.reduce((n, c) => n + c.support, 0);
    const text = t.predictionsNote(snapshot.predictions.wrong, snapshot.predictions.shown, total);
    if (parts.predictionsNote.textContent !== text) parts.predictionsNote.textContent = text;
  }
  if (confusion) showMetrics(parts, confusion, classNames(state.dataset), state.rareClassShare < 1 ? state.rareClass : -1, messages, true);
}

/**
 * Writes a confusion matrix's figures as a table: per class its precision,
 * recall, F1 and support, then the macro averages and accuracy; the row of
 * class `thinned` (a thinned-out class; -1: none) is marked. `images`: the
 * samples are images (else points).
 */
export function showMetrics(parts, confusion, names, thinned, messages, images) {
  const t = messages.images;
  const row = (cells, attrs = {}) => el('tr', attrs, cells.map((c) => el('td', { text: c })));
  const table = el('table', {}, [
    el('caption', { class: 'hint', text: t.metricsCaption(images) }),
    el('thead', {}, [el('tr', {}, t.metricsHead(images).map((h) => el('th', { scope: 'col', text: h })))]),
    el('tbody', {}, confusion.perClass.map((c, k) => row(
      [names[k], percent(c.precision), percent(c.recall), percent(c.f1), String(c.support)],
      k === thinned ? { class: 'low', 'data-class': String(k) } : { 'data-class': String(k) },
    ))),
    el('tfoot', {}, [
      row([t.macro, percent(confusion.macro.precision), percent(confusion.macro.recall), percent(confusion.macro.f1), '']),
      row([t.accuracy, '', '', percent(confusion.accuracy), '']),
    ]),
  ]);
  parts.metrics.replaceChildren(table);
}

/** A data-set button's preview of the digits: a few digits drawn at 8 × 8
 * and shown with their blocky pixels, as the data set has them. */
export function drawDigitsPreview(canvas, dataset) {
  const digits = dataset === 'digits38' ? ['3', '8'] : ['0', '4', '7', '2'];
  const small = document.createElement('canvas');
  small.width = 8 * digits.length;
  small.height = 8;
  const s = small.getContext('2d');
  s.fillStyle = '#fff';
  s.fillRect(0, 0, small.width, small.height);
  s.fillStyle = '#000';
  s.font = 'bold 9px sans-serif';
  s.textAlign = 'center';
  s.textBaseline = 'middle';
  digits.forEach((d, i) => s.fillText(d, 8 * i + 4, 4.5));
  const size = Math.max(16, Math.round((canvas.clientWidth || 48) * (globalThis.devicePixelRatio ?? 1)));
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  const columns = 2;
  const cell = size / columns;
  digits.forEach((_, i) => {
    const x = (i % columns) * cell;
    const y = Math.floor(i / columns) * cell + (digits.length === 2 ? cell / 2 : 0);
    ctx.drawImage(small, 8 * i, 0, 8, 8, x, y, cell, cell);
  });
}
