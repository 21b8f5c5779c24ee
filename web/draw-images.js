// The image scenes' views, drawn from a run's numbers on a canvas: the
// engine's (an OffscreenCanvas in its worker, or the page's canvas where
// the engine runs on the page's thread). No DOM is read or built here.
//
//   drawPredictions  test images, each with its true and predicted class,
//                    the wrong ones first and framed (the chapter's grid of
//                    subplots)
//   drawConfusion    the confusion matrix: true class by row, predicted
//                    class by column, each cell shaded by its share of
//                    the row
//   drawFilters      each filter of the first convolution as a small image
//                    of its weights
//   drawFeatureMaps  one image and what each convolution and pooling makes
//                    of it: a row of maps per layer
//   drawAccuracy     training and test accuracy over the epochs
//   drawPixels       one 8 × 8 image (a learner's drawing)
//
// The colours come from the engine's palette (palette.rs), never from here.

import { predictedClass } from './metrics.js';

/** The side of an image's cell in the predictions grid, in CSS pixels. */
export const CELL = 54;

/** The canvas's context, its size fitted to its CSS box where it has one
 * (a page's canvas; an OffscreenCanvas is sized by the engine). */
export function context(canvas) {
  if (typeof canvas.clientWidth === 'number' && canvas.clientWidth > 0) {
    const dpr = globalThis.devicePixelRatio ?? 1;
    const [w, h] = [canvas.clientWidth, canvas.clientHeight].map((v) => Math.max(1, Math.round(v * dpr)));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  return ctx;
}

/** Device pixels per CSS pixel of `canvas` as it is sized now (an
 * OffscreenCanvas has no CSS box: the global ratio the engine was given). */
export function pixelRatio(canvas) {
  return canvas.width / Math.max(1, canvas.clientWidth || canvas.width / (globalThis.devicePixelRatio ?? 1));
}

/** Paints a `side` × `side` grey image (0 white … 1 black ink) into the
 * square at (x, y) of size `size`, each pixel a block. */
function paintImage(ctx, pixels, offset, side, x, y, size) {
  const block = size / side;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = Math.min(1, Math.max(0, pixels[offset + r * side + c]));
      const g = Math.round(255 * (1 - v));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect(x + c * block, y + r * block, Math.ceil(block), Math.ceil(block));
    }
  }
}

/** Paints an `h` × `w` grid of signed values (from `offset`, row by row)
 * into the square at (x, y) of side `size` on white: positive in the
 * palette's `positive`, negative in `negative`, `largest` at full colour. */
function paintSigned(ctx, values, offset, h, w, x, y, size, largest, colours) {
  const cell = size / Math.max(h, w);
  ctx.fillStyle = '#fff';
  ctx.fillRect(x, y, size, size);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const v = values[offset + i * w + j];
      ctx.globalAlpha = Math.min(1, Math.abs(v) / largest);
      ctx.fillStyle = v >= 0 ? colours.positive : colours.negative;
      ctx.fillRect(x + j * cell, y + i * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  ctx.globalAlpha = 1;
}

/**
 * Test images beside the truth: as many as fit, the wrong ones first, each
 * with "true → predicted" under it; a wrong one is framed in the palette's
 * `negative` colour. `images` is `{ pixels, labels }` (64 pixels per image),
 * `outputs` the network's outputs for them, `names[k]` class k's name.
 * `chosen` (an image's index) is outlined in `positive`. Returns `{ shown,
 * wrong, order, columns, cell }`: the images' indices in drawing order and
 * the grid, to find the image under a click.
 */
export function drawPredictions(canvas, { images, outputs, names, colours, chosen = null, side = 8 }) {
  const classes = outputs.length / Math.max(1, images.labels.length);
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const cell = CELL * dpr;
  const columns = Math.max(1, Math.floor(canvas.width / cell));
  const rows = Math.max(1, Math.floor(canvas.height / cell));
  const count = images.labels.length;
  const order = [];
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < count; i++) {
      const wrong = predictedClass(outputs, i, classes) !== images.labels[i];
      if (wrong === (pass === 0)) order.push(i);
    }
  }
  const wrong = order.filter((i) => predictedClass(outputs, i, classes) !== images.labels[i]).length;
  const shown = Math.min(order.length, columns * rows);
  const pad = 3 * dpr;
  const image = cell - 2 * pad - 15 * dpr;
  ctx.font = `600 ${12 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let n = 0; n < shown; n++) {
    const i = order[n];
    const x = (n % columns) * cell;
    const y = Math.floor(n / columns) * cell;
    const truth = images.labels[i];
    const guess = predictedClass(outputs, i, classes);
    const left = x + (cell - image) / 2;
    paintImage(ctx, images.pixels, i * side * side, side, left, y + pad, image);
    if (guess !== truth || i === chosen) {
      ctx.strokeStyle = i === chosen ? colours.positive : colours.negative;
      ctx.lineWidth = (i === chosen ? 4 : 2.5) * dpr;
      ctx.strokeRect(left - 1.5 * dpr, y + pad - 1.5 * dpr, image + 3 * dpr, image + 3 * dpr);
    }
    // Dark text on white (the frame carries the colour): readable at 12 px.
    ctx.fillStyle = '#222';
    ctx.fillText(guess === truth ? names[truth] : `${names[truth]}→${names[guess]}`, x + cell / 2, y + pad + image + 2 * dpr);
  }
  return { shown, wrong, order: order.slice(0, shown), columns, cell };
}

/**
 * The confusion matrix of `confusion` (`{ classes, counts }`, counts row
 * by row, true class by predicted class): each cell shaded by its share of
 * its row (the diagonal in `positive`, mistakes in `negative`), its count
 * written when it has any; class names along both sides.
 */
export function drawConfusion(canvas, { confusion, names, colours, words }) {
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const k = confusion.classes;
  const margin = 34 * dpr;
  const size = Math.max(1, Math.min(canvas.width - margin - 4 * dpr, canvas.height - margin - 4 * dpr));
  const cell = size / k;
  ctx.font = `${Math.min(12, cell / dpr / 2.2) * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let t = 0; t < k; t++) {
    let total = 0;
    for (let p = 0; p < k; p++) total += confusion.counts[t * k + p];
    for (let p = 0; p < k; p++) {
      const n = confusion.counts[t * k + p];
      const x = margin + p * cell;
      const y = margin + t * cell;
      ctx.fillStyle = '#f4f4f4';
      ctx.fillRect(x, y, cell - dpr, cell - dpr);
      if (n > 0) {
        ctx.globalAlpha = 0.15 + 0.85 * (n / total);
        ctx.fillStyle = t === p ? colours.positive : colours.negative;
        ctx.fillRect(x, y, cell - dpr, cell - dpr);
        ctx.globalAlpha = 1;
        ctx.fillStyle = n / total > 0.5 ? '#fff' : '#222';
        ctx.fillText(String(n), x + cell / 2, y + cell / 2);
      }
    }
  }
  ctx.fillStyle = '#444';
  for (let c = 0; c < k; c++) {
    ctx.fillText(names[c], margin + c * cell + cell / 2, margin - 8 * dpr);
    ctx.fillText(names[c], margin - 9 * dpr, margin + c * cell + cell / 2);
  }
  // Both axes named in the corner, horizontally (rotated Hangul reads badly).
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.fillText(words?.predicted ?? 'predicted →', margin, 7 * dpr);
  ctx.textBaseline = 'bottom';
  ctx.fillText(words?.truth ?? 'true ↓', 0, margin - 2 * dpr);
}

/**
 * The filters of a convolution, each as a `size` × `size` image of its
 * weights (its first input channel): positive weights in `positive`,
 * negative in `negative`, the strongest of all filters at full colour.
 * `weights` is laid out as PyTorch's `weight[f, c, i, j]`.
 */
export function drawFilters(canvas, { weights, filters, size, colours }) {
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const perFilter = weights.length / filters;
  let largest = 1e-9;
  for (const w of weights) largest = Math.max(largest, Math.abs(w));
  const gap = 6 * dpr;
  const box = Math.min(canvas.height - 2 * gap, (canvas.width - gap) / filters - gap);
  for (let f = 0; f < filters; f++) {
    const x0 = gap + f * (box + gap);
    paintSigned(ctx, weights, f * perFilter, size, size, x0, gap, box, largest, colours);
    ctx.strokeStyle = '#999';
    ctx.lineWidth = dpr;
    ctx.strokeRect(x0, gap, box, box);
  }
}

/**
 * One image and what each layer with maps makes of it: a row per
 * convolution or pooling layer, one small square per channel, positive
 * values in `positive` and negative in `negative`, each layer at its own
 * scale (its largest value at full colour). `maps` is `featureMaps()`'s
 * answer; `pixels` the image (64 values); `names` `{ input, layer }` (the
 * words before the image and before a layer's number). Returns the rows drawn.
 */
export function drawFeatureMaps(canvas, { pixels, maps, names, colours, side = 8 }) {
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const rows = maps.map((m, index) => ({ ...m, index })).filter((m) => m.shape.length === 3);
  const gap = 5 * dpr;
  const label = 64 * dpr;
  const height = (canvas.height - gap) / Math.max(1, rows.length + 1) - gap;
  const widest = Math.max(1, ...rows.map((m) => m.shape[0]));
  const box = Math.max(4, Math.min(height, 56 * dpr, (canvas.width - label - gap) / widest - gap));
  ctx.font = `${11 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#444';
  ctx.fillText(names.input, 0, gap + box / 2);
  paintImage(ctx, pixels, 0, side, label, gap, box);
  rows.forEach((m, r) => {
    const [channels, h, w] = m.shape;
    const y = gap + (r + 1) * (box + gap);
    let largest = 1e-9;
    for (const v of m.values) largest = Math.max(largest, Math.abs(v));
    ctx.fillStyle = '#444';
    ctx.globalAlpha = 1;
    ctx.fillText(`${names.layer}${m.index + 1} ${h}×${w}`, 0, y + box / 2);
    for (let c = 0; c < channels; c++) {
      const x0 = label + c * (box + gap);
      paintSigned(ctx, m.values, c * h * w, h, w, x0, y, box, largest, colours);
      ctx.strokeStyle = '#bbb';
      ctx.lineWidth = dpr;
      ctx.strokeRect(x0, y, box, box);
    }
  });
  return rows.length;
}

/**
 * Training and test accuracy over the epochs, from a run's `lossHistory()`
 * (`epoch`, `trainAccuracy`, `testAccuracy`): the y axis from 0 to 100 %,
 * the training line in the palette's `train` colour, the test line dashed
 * in `test`. `words` is `{ epoch, accuracy, train, test }`.
 */
export function drawAccuracy(canvas, { history, colours, words }) {
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const [left, right, top, bottom] = [40 * dpr, 8 * dpr, 16 * dpr, 28 * dpr];
  const w = canvas.width - left - right;
  const h = canvas.height - top - bottom;
  const epochs = history.epoch;
  const last = Math.max(1, epochs[epochs.length - 1] ?? 1);
  const x = (e) => left + (e / last) * w;
  const y = (a) => top + (1 - a) * h;
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.strokeStyle = '#ddd';
  ctx.fillStyle = '#555';
  ctx.lineWidth = dpr;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const a of [0, 0.5, 1]) {
    ctx.beginPath();
    ctx.moveTo(left, y(a));
    ctx.lineTo(left + w, y(a));
    ctx.stroke();
    ctx.fillText(`${a * 100} %`, left - 4 * dpr, y(a));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('0', left, top + h + 4 * dpr);
  ctx.textAlign = 'right';
  ctx.fillText(String(last), left + w, top + h + 4 * dpr);
  ctx.textAlign = 'center';
  ctx.fillText(words.epoch, left + w / 2, top + h + 14 * dpr);
  const line = (values, colour, dash) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.8 * dpr;
    ctx.setLineDash(dash.map((d) => d * dpr));
    ctx.beginPath();
    values.forEach((a, i) => {
      if (!Number.isFinite(a)) return;
      if (i === 0) ctx.moveTo(x(epochs[i]), y(a));
      else ctx.lineTo(x(epochs[i]), y(a));
    });
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line(history.trainAccuracy, colours.train, []);
  line(history.testAccuracy, colours.test, [5, 3]);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillStyle = colours.train;
  ctx.fillText(`— ${words.train}`, left + 4 * dpr, 2 * dpr);
  ctx.fillStyle = colours.test;
  ctx.fillText(`- - ${words.test}`, left + 60 * dpr, 2 * dpr);
  ctx.fillStyle = '#555';
  ctx.textAlign = 'right';
  ctx.fillText(words.accuracy, left + w, 2 * dpr);
}

/** One 8 × 8 image (values 0 to 1) filling the canvas at the canvas's own
 * size (a canvas of 8 × 8 holds the image pixel for pixel; CSS enlarges it). */
export function drawPixels(canvas, pixels, side = 8) {
  paintImage(canvas.getContext('2d'), pixels, 0, side, 0, 0, Math.min(canvas.width, canvas.height));
}
