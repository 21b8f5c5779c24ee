// What a sequence scene draws with the canvas's own 2-D context (on a
// page's canvas or, in the engine's worker, an OffscreenCanvas): one
// sequence read by the recurrent layer, unrolled over its steps, and the
// sines beside the network's forecast of them. Pure functions of their
// arguments.

import { context, pixelRatio } from './draw-images.js';

/**
 * One sequence through the recurrent layer, unrolled: a column per time
 * step, the step's input on top, then the state after the step, a row of
 * cells per unit (blue positive, orange negative, full colour at ±1), and
 * for a GRU a last row, the mean update gate `z` (dark: the step kept its
 * state). `unrolled` is `{ states, gates, steps, units }` (`unrolled()`),
 * `values` the sequence. `words` is `{ input, state, kept, step }`.
 */
export function drawUnrolled(canvas, { values, unrolled, colours, words }) {
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const { states, gates, steps, units } = unrolled;
  const rows = 1 + units + (gates.length ? 1 : 0);
  const left = 44 * dpr;
  const top = 4 * dpr;
  const bottom = 16 * dpr;
  const gap = 3 * dpr; // between the input, the states and the gate
  // Cells as wide as the steps allow, as tall as the rows do (at most 3:1).
  const height = Math.max(1, (canvas.height - top - bottom - 2 * gap) / rows);
  const width = Math.max(1, Math.min((canvas.width - left - 4 * dpr) / steps, 3 * height));
  const cell = height;
  const signed = (v, x, y) => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(x, y, width, cell);
    ctx.globalAlpha = Math.min(1, Math.abs(v));
    ctx.fillStyle = v >= 0 ? colours.positive : colours.negative;
    ctx.fillRect(x, y, Math.ceil(width), Math.ceil(cell));
    ctx.globalAlpha = 1;
  };
  const x = (t) => left + t * width;
  for (let t = 0; t < steps; t++) signed(values[t], x(t), top);
  const statesTop = top + cell + gap;
  for (let t = 0; t < steps; t++) {
    for (let u = 0; u < units; u++) signed(states[t * units + u], x(t), statesTop + u * cell);
  }
  const gateTop = statesTop + units * cell + gap;
  if (gates.length) {
    for (let t = 0; t < steps; t++) {
      let z = 0;
      for (let u = 0; u < units; u++) z += gates[t * units + u];
      const g = Math.round(255 * (1 - z / units));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect(x(t), gateTop, Math.ceil(width), Math.ceil(cell));
    }
  }
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.fillStyle = '#555';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText(words.input, left - 4 * dpr, top + cell / 2);
  ctx.fillText(words.state, left - 4 * dpr, statesTop + (units * cell) / 2);
  if (gates.length) ctx.fillText(words.kept, left - 4 * dpr, gateTop + cell / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const below = (gates.length ? gateTop + cell : statesTop + units * cell) + 3 * dpr;
  for (const t of [0, steps - 1]) ctx.fillText(`${words.step}${t + 1}`, x(t) + width / 2, below);
  return { width, height: cell, left, top: statesTop };
}

/**
 * The sines and the network's one-step forecast: `series` (a stretch of the
 * series) as a grey line, the forecast of its last `predicted.length` values
 * as the palette's `test` line over them. `words` is `{ truth, forecast, time }`.
 */
export function drawForecast(canvas, { series, predicted, colours, words }) {
  const ctx = context(canvas);
  const dpr = pixelRatio(canvas);
  const [left, right, top, bottom] = [8 * dpr, 8 * dpr, 16 * dpr, 16 * dpr];
  const w = canvas.width - left - right;
  const h = canvas.height - top - bottom;
  const all = [...series, ...predicted].filter(Number.isFinite);
  const lo = Math.min(-1, ...all);
  const hi = Math.max(1, ...all);
  const x = (k) => left + (k / Math.max(1, series.length - 1)) * w;
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * h;
  const line = (from, list, colour, width) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width * dpr;
    ctx.beginPath();
    let started = false;
    list.forEach((v, k) => {
      if (!Number.isFinite(v)) return;
      if (started) ctx.lineTo(x(from + k), y(v));
      else ctx.moveTo(x(from + k), y(v));
      started = true;
    });
    ctx.stroke();
  };
  ctx.strokeStyle = '#ddd';
  ctx.lineWidth = dpr;
  ctx.beginPath();
  ctx.moveTo(left, y(0));
  ctx.lineTo(left + w, y(0));
  ctx.stroke();
  line(0, series, '#888', 1.5);
  line(series.length - predicted.length, predicted, colours.test, 2);
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillStyle = '#888';
  ctx.fillText(`— ${words.truth}`, left, 2 * dpr);
  ctx.fillStyle = colours.test;
  ctx.fillText(`— ${words.forecast}`, left + 90 * dpr, 2 * dpr);
  ctx.fillStyle = '#555';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(words.time, left + w, canvas.height - 2 * dpr);
}

/** A data set's button picture: a stretch of the sines, or a memory
 * sequence's ±1 values (the first, which decides, in full colour), in the
 * palette's `colours`. */
export function drawSequencePreview(canvas, name, colours) {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  ctx.clearRect(0, 0, w, h);
  ctx.strokeStyle = '#333';
  ctx.lineWidth = Math.max(1, w / 40);
  if (name === 'sines') {
    ctx.beginPath();
    for (let k = 0; k <= 40; k++) {
      const t = (k / 40) * 24;
      const v = 0.6 * Math.sin((2 * Math.PI * t) / 16) + 0.4 * Math.sin((2 * Math.PI * t) / 7 + 1);
      const [px, py] = [(k / 40) * w, h / 2 - v * h * 0.4];
      if (k === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    return;
  }
  const bits = [1, -1, -1, 1, 1, -1, 1, -1];
  const cell = w / bits.length;
  bits.forEach((b, k) => {
    ctx.globalAlpha = k === 0 ? 1 : 0.35;
    ctx.fillStyle = b > 0 ? colours.positive : colours.negative;
    ctx.fillRect(k * cell + 1, b > 0 ? h * 0.2 : h * 0.5, cell - 2, h * 0.3);
  });
  ctx.globalAlpha = 1;
}
