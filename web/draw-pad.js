// "Draw a digit": a pad the learner draws on, turned into the data set's
// own form and read by the network as it trains.
//
// The digits were written on 32 × 32 black-and-white bitmaps, and each
// 4 × 4 block was counted into one pixel of 0–16 (UCI's preprocessing).
// The pad does the same: strokes set cells of a 32 × 32 grid, each block's
// count of set cells is its pixel, and the network reads count / 16, as
// it reads the data set's images. Beside the pad: the 8 × 8 image the
// network sees and its class probabilities as bars.

import { el } from './dom.js';
import { drawPixels } from './draw-images.js';

/** The pad's grid and the data set's image: 32 × 32 cells into 8 × 8 pixels. */
export const GRID = 32;
export const SIDE = 8;
const BLOCK = GRID / SIDE;
/** A stroke's half-width, in cells (a pen about as wide as the original writers'). */
const PEN = 1.6;

/** The 8 × 8 image of a 32 × 32 grid of 0/1 cells: each pixel the count
 * of its 4 × 4 block's set cells (0–16), divided by 16. */
export function gridToPixels(grid) {
  const pixels = new Float32Array(SIDE * SIDE);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      if (grid[r * GRID + c]) pixels[Math.floor(r / BLOCK) * SIDE + Math.floor(c / BLOCK)] += 1;
    }
  }
  return pixels.map((count) => count / (BLOCK * BLOCK));
}

/**
 * Mounts a pad in `host`. `predict(pixels)` resolves to the network's
 * outputs for one image (the classes' probabilities, or P(class 1) for
 * two classes); `names()` gives the classes' names; `add(pixels, label)`
 * puts the drawing into the training set (resolving to a sentence to say
 * beside the pad, or nothing). Returns `{ refresh(), pixels() }`:
 * refresh asks the network again (while it trains).
 */
export function createDrawPad(host, { messages, names, predict, add }) {
  const t = messages.pad;
  const grid = new Uint8Array(GRID * GRID);
  const draw = el('canvas', { class: 'draw', width: GRID * 5, height: GRID * 5, role: 'img', 'aria-label': t.label, 'data-key': 'pad' });
  const seen = el('canvas', { class: 'seen', width: SIDE, height: SIDE, role: 'img', 'aria-label': t.seen });
  const bars = el('div', { class: 'bars', 'aria-live': 'off' });
  // Read out when the network's answer changes, not at every refresh.
  const answer = el('p', { class: 'hint pad-answer', 'aria-live': 'polite' });
  const added = el('p', { class: 'hint pad-added', 'aria-live': 'polite' });
  let said = '';
  const clear = el('button', { type: 'button', text: t.clear, 'data-key': 'pad-clear' });
  const label = el('select', { 'aria-label': t.labelOf, 'data-key': 'pad-label' });
  const addButton = el('button', { type: 'button', text: t.add, 'data-key': 'pad-add', disabled: true });
  host.replaceChildren(
    el('h3', { text: t.title }),
    el('p', { class: 'hint', text: t.hint }),
    el('div', { class: 'pad' }, [draw, el('div', {}, [seen, clear]), bars]),
    answer,
    el('div', { class: 'controls inline' }, [el('label', {}, [t.addAs, ' ', label]), addButton]),
    added,
  );
  const fillLabels = () => {
    const list = names();
    if (label.options.length !== list.length) label.replaceChildren(...list.map((n, k) => el('option', { value: String(k), text: n })));
  };
  // The class the network reads is offered first; the learner's own choice stays.
  let chosen = false;
  label.addEventListener('change', () => { chosen = true; });
  addButton.addEventListener('click', async () => {
    const sentence = await add(gridToPixels(grid), Number(label.value));
    if (sentence) added.textContent = sentence;
  });
  let inked = false;
  let asking = false;
  let again = false;

  function paint() {
    const ctx = draw.getContext('2d');
    const cell = draw.width / GRID;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, draw.width, draw.height);
    ctx.fillStyle = '#111';
    for (let i = 0; i < grid.length; i++) {
      if (grid[i]) ctx.fillRect((i % GRID) * cell, Math.floor(i / GRID) * cell, cell, cell);
    }
    drawPixels(seen, gridToPixels(grid), SIDE);
  }

  /** Sets the cells within the pen of the segment (x0, y0)–(x1, y1), in cells. */
  function stroke(x0, y0, x1, y1) {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let r = Math.floor(y - PEN); r <= Math.ceil(y + PEN); r++) {
        for (let c = Math.floor(x - PEN); c <= Math.ceil(x + PEN); c++) {
          if (r >= 0 && r < GRID && c >= 0 && c < GRID && Math.hypot(c + 0.5 - x, r + 0.5 - y) <= PEN) grid[r * GRID + c] = 1;
        }
      }
    }
    inked = true;
  }

  const cellAt = (event) => {
    const box = draw.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * GRID, ((event.clientY - box.top) / box.height) * GRID];
  };
  let last = null;
  draw.addEventListener('pointerdown', (event) => {
    draw.setPointerCapture(event.pointerId);
    last = cellAt(event);
    stroke(...last, ...last);
    paint();
  });
  draw.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = cellAt(event);
    stroke(...last, ...next);
    last = next;
    paint();
  });
  const end = () => {
    if (!last) return;
    last = null;
    refresh();
  };
  draw.addEventListener('pointerup', end);
  draw.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    grid.fill(0);
    inked = false;
    chosen = false;
    addButton.disabled = true;
    paint();
    bars.replaceChildren();
    answer.textContent = '';
    added.textContent = '';
    said = '';
  });

  function show(outputs) {
    const probabilities = outputs.length === 1 ? [1 - outputs[0], outputs[0]] : Array.from(outputs);
    let best = 0;
    probabilities.forEach((p, k) => { if (p > probabilities[best]) best = k; });
    bars.replaceChildren(...probabilities.flatMap((p, k) => {
      // Through the CSSOM, which a strict style-src allows (an attribute it refuses).
      const bar = el('span', { class: 'prob', 'data-class': String(k) });
      bar.style.width = `${Math.max(1, Math.round(p * 100))}%`;
      return [el('span', { text: names()[k] }), bar, el('span', { text: `${Math.round(p * 100)} %` })];
    }));
    // The class alone decides whether the sentence changes (the bars move on).
    const reading = t.reads(names()[best], probabilities[best]);
    if (names()[best] !== said) {
      said = names()[best];
      answer.textContent = reading;
    }
    fillLabels();
    if (!chosen) label.value = String(best);
    addButton.disabled = false;
  }

  /** Asks the network for the drawing's classes (one question at a time). */
  async function refresh() {
    if (!inked) return;
    if (asking) {
      again = true;
      return;
    }
    asking = true;
    try {
      show(await predict(gridToPixels(grid)));
    } catch (error) {
      answer.textContent = error.message;
    }
    asking = false;
    if (again) {
      again = false;
      refresh();
    }
  }

  paint();
  return { refresh, pixels: () => gridToPixels(grid), grid };
}
