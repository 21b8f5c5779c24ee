// The network diagram: input labels, one thumbnail canvas per hidden neuron,
// the output, and a link for every weight, coloured and sized by the weight
// (or by its gradient). Links and biases open an editor when chosen.
//
import { formatNumber } from './format.js';

// The whole diagram is one tab stop: arrow keys move between its neurons,
// links and biases (a roving tabindex), Enter or Space edits a link or a
// bias, and a neuron shows its output large while it has focus.

const SVG = 'http://www.w3.org/2000/svg';
const NODE = 30;
const GAP = 8;
/** The diagram's smallest height (style.css gives the box the same minimum). */
const MIN_HEIGHT = 160;
/** About how many links one update redraws while playing (the gaps between
 * columns whose links changed are redrawn in turn, this many links' worth). */
const LINKS_PER_DRAW = 400;

/**
 * `handlers.hover(k | null)`: hidden neuron k is pointed at or focused;
 * `handlers.edit({ kind: 'weight' | 'bias', layer, from, to, neuron, value, x, y }, element)`.
 * `palette` is the engine's `palette()`; `messages` the page's catalogue.
 */
export function createDiagram(container, { handlers, palette, messages }) {
  const m = messages.diagram;
  let signature = '';
  let links = [];       // { layer, from, to, coords, hit, value, look }
  let gaps = [];         // per gap between two columns: { canvas, left, links, dirty }
  let linkScale = 1;     // device pixels per CSS pixel of the gaps' canvases
  let turn = 0;          // the gap the next playing update starts redrawing at
  let biases = [];      // { layer, neuron, button, value }
  let thumbnails = [];  // canvases of hidden neurons, in order
  let items = [];       // focusable elements in keyboard order
  let unlabelled = true; // no update since the last build: every label is due
  let columnsOf = [];   // per layer (0 = first hidden), its neuron elements
  let highlighted = null;   // [layer, neuron | null] being computed, or null
  let current = 0;      // index of the item that holds the tab stop

  container.setAttribute('role', 'group');
  container.setAttribute('aria-label', m.label);
  container.addEventListener('keydown', onKey);

  function onKey(event) {
    const i = items.indexOf(event.target);
    if (i < 0) return;
    const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
    if (event.key in moves) {
      event.preventDefault();
      focusItem(Math.max(0, Math.min(items.length - 1, i + moves[event.key])));
    } else if (event.key === 'Enter' || event.key === ' ') {
      const open = event.target.nnplayOpen;
      if (open) {
        event.preventDefault();
        const r = event.target.getBoundingClientRect();
        open({ clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 });
      }
    }
  }

  function focusItem(i) {
    if (!items[i]) return;
    items[current]?.setAttribute('tabindex', '-1');
    current = i;
    items[i].setAttribute('tabindex', '0');
    items[i].focus();
  }

  function position(column, columns, row, rows, width, height) {
    const x = columns === 1 ? width / 2 : 24 + column * ((width - 48 - NODE) / (columns - 1));
    const top = (height - rows * (NODE + GAP) + GAP) / 2;
    return { x, y: top + row * (NODE + GAP) };
  }

  /** Lays the diagram out for `shape` = { inputs: [labels], layers: [neurons], outputs }. */
  function build(shape) {
    const key = JSON.stringify(shape) + container.clientWidth;
    if (key === signature) return;
    signature = key;
    unlabelled = true;
    container.replaceChildren();
    const columns = [shape.inputs.length, ...shape.layers, shape.outputs];
    const width = Math.max(container.clientWidth, 200);
    // At least the box's CSS minimum: the SVG and the positioned nodes must
    // share one coordinate system, or a small network's links miss its nodes.
    const height = Math.max(Math.max(...columns) * (NODE + GAP) + 24, MIN_HEIGHT);
    container.style.height = `${height}px`;
    // The links are drawn on canvases (one per gap between two columns),
    // under an SVG of invisible hit lines that take the pointer and the
    // keyboard: recolouring hundreds of SVG lines made the browser restyle
    // and repaint them every frame (a 6 × 8 network: 40 frames/s; on
    // canvases, 58), and a big network's gaps are redrawn in turn, so no
    // frame rasterizes all 2,000 antialiased lines.
    linkScale = Math.min(Math.max(window.devicePixelRatio || 1, 1), 4);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('aria-hidden', 'false');
    gaps = [];
    turn = 0;
    const at = (c, r) => position(c, columns.length, r, columns[c], width, height);
    for (let l = 0; l + 1 < columns.length; l++) {
      // The band from the right edge of column l's nodes to column l + 1.
      const left = Math.floor(at(l, 0).x + NODE) - 2;
      const right = Math.ceil(at(l + 1, 0).x) + 2;
      const canvas = document.createElement('canvas');
      canvas.className = 'links';
      canvas.setAttribute('aria-hidden', 'true');
      canvas.style.left = `${left}px`;
      canvas.style.width = `${right - left}px`;
      canvas.width = Math.round((right - left) * linkScale);
      canvas.height = Math.round(height * linkScale);
      container.append(canvas);
      gaps.push({ canvas, left, links: [], dirty: true });
    }
    container.append(svg);
    links = [];
    biases = [];
    thumbnails = [];
    items = [];
    current = 0;
    const nodesOf = [];   // per column, the focusable node (or null) of each row
    const linksTo = [];   // per column, per row, the incoming link elements
    const biasOf = [];
    const source = (l, from) => (l === 0 ? m.input(shape.inputs[from]) : m.unit(l, from + 1));

    // Links first, so the nodes sit on top of them.
    for (let l = 0; l + 1 < columns.length; l++) {
      linksTo[l + 1] = [];
      for (let to = 0; to < columns[l + 1]; to++) {
        linksTo[l + 1][to] = [];
        for (let from = 0; from < columns[l]; from++) {
          const a = at(l, from);
          const b = at(l + 1, to);
          const coords = { x1: a.x + NODE, y1: a.y + NODE / 2, x2: b.x, y2: b.y + NODE / 2 };
          const hit = document.createElementNS(SVG, 'line');
          for (const [k, v] of Object.entries(coords)) hit.setAttribute(k, v);
          hit.setAttribute('class', 'hit');
          hit.setAttribute('tabindex', '-1');
          hit.setAttribute('role', 'button');
          const link = { layer: l, from, to, coords, hit, value: 0, look: null };
          const label = () => m.weight(source(l, from), to + 1, l + 1, formatNumber(link.value));
          link.label = label;
          hit.setAttribute('aria-label', label());
          const open = (event) => {
            const r = container.getBoundingClientRect();
            handlers.edit({
              kind: 'weight', layer: l, from, to, value: link.value,
              x: event.clientX ?? r.left + (coords.x1 + coords.x2) / 2,
              y: event.clientY ?? r.top + (coords.y1 + coords.y2) / 2,
            }, hit);
          };
          hit.nnplayOpen = open;
          hit.addEventListener('click', (event) => { focusItem(items.indexOf(hit)); open(event); });
          // Described when focused, not every frame.
          hit.addEventListener('focus', () => hit.setAttribute('aria-label', label()));
          svg.append(hit);
          links.push(link);
          gaps[l].links.push(link);
          linksTo[l + 1][to].push(hit);
        }
      }
    }
    let hiddenIndex = 0;
    columns.forEach((count, c) => {
      nodesOf[c] = [];
      biasOf[c] = [];
      for (let r = 0; r < count; r++) {
        const p = at(c, r);
        if (c === 0) {
          const label = document.createElement('div');
          label.className = 'label';
          label.textContent = shape.inputs[r];
          label.style.left = `${p.x - 4}px`;
          label.style.top = `${p.y + 7}px`;
          label.style.width = `${NODE + 4}px`;
          container.append(label);
          continue;
        }
        const node = document.createElement('div');
        node.className = 'node';
        node.dataset.layer = String(c - 1);
        node.style.left = `${p.x}px`;
        node.style.top = `${p.y}px`;
        const hidden = c < columns.length - 1;
        if (hidden) {
          const k = hiddenIndex++;
          const canvas = document.createElement('canvas');
          canvas.setAttribute('aria-hidden', 'true');
          node.append(canvas);
          node.tabIndex = -1;
          node.setAttribute('role', 'button');
          node.setAttribute('aria-label', m.neuron(c, r + 1));
          const on = () => { node.classList.add('hovered'); handlers.hover(k); };
          const off = () => { node.classList.remove('hovered'); handlers.hover(null); };
          node.addEventListener('mouseenter', on);
          node.addEventListener('mouseleave', off);
          node.addEventListener('focus', on);
          node.addEventListener('blur', off);
          thumbnails.push(canvas);
          nodesOf[c][r] = node;
        } else {
          node.classList.add('output');
          node.textContent = m.outputLabel(r + 1, shape.outputs);
          node.title = m.output(r + 1, shape.outputs);
        }
        container.append(node);
        const bias = document.createElement('button');
        bias.type = 'button';
        bias.className = 'bias';
        bias.tabIndex = -1;
        bias.style.left = `${p.x - 7}px`;
        bias.style.top = `${p.y + NODE - 7}px`;
        const entry = { layer: c - 1, neuron: r, button: bias, value: 0 };
        const open = (e) => {
          const rect = bias.getBoundingClientRect();
          handlers.edit({
            kind: 'bias', layer: c - 1, neuron: r, value: entry.value,
            x: e.clientX || rect.left, y: e.clientY || rect.top,
          }, bias);
        };
        bias.nnplayOpen = open;
        bias.addEventListener('click', (e) => { focusItem(items.indexOf(bias)); open(e); });
        // Described when focused, not every frame (as the links are).
        const describe = () => bias.setAttribute('aria-label', m.bias(r + 1, c, formatNumber(entry.value)));
        bias.addEventListener('focus', describe);
        describe();
        container.append(bias);
        biases.push(entry);
        biasOf[c][r] = bias;
      }
    });
    columnsOf = [];
    container.querySelectorAll('.node').forEach((node) => {
      const layer = Number(node.dataset.layer);
      (columnsOf[layer] ??= []).push(node);
    });
    paintHighlight();
    // Keyboard order: layer by layer, each neuron, then its incoming links and its bias.
    for (let c = 1; c < columns.length; c++) {
      for (let r = 0; r < columns[c]; r++) {
        if (nodesOf[c][r]) items.push(nodesOf[c][r]);
        items.push(...linksTo[c][r], biasOf[c][r]);
      }
    }
    items[0]?.setAttribute('tabindex', '0');
  }

  /** Colours the links by `weights` (from `weights()`), or by `gradients`
   * when given. While playing (`playing`), about `LINKS_PER_DRAW` links are
   * redrawn per update: the browser rasterizes each antialiased line, and
   * 2,000 of them cost more than the rest of a frame. */
  function update(weights, gradients, playing = false) {
    // Labels are written on the first update after a build (the values are
    // known then) and, afterwards, only for the item that has focus (in this
    // player's root: inside <nn-playground> that is a shadow root).
    const active = container.getRootNode().activeElement;
    // |∂L/∂w| on the gradient heatmap's fixed scale, so a colour means the
    // same size in both views and from frame to frame.
    const [lo, hi] = palette.gradientScale;
    const built = unlabelled; // the first update after a build draws everything
    const viridis = (t) => palette.viridis[Math.round(Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (palette.viridis.length - 1))];
    for (const link of links) {
      const layer = weights[link.layer];
      if (!layer) continue;
      const w = layer.weights[link.to * layer.inputs + link.from];
      link.value = w;
      let colour;
      let width;
      if (gradients) {
        const g = Math.abs(gradients[link.layer].weights[link.to * layer.inputs + link.from]);
        colour = viridis(g > 0 ? (Math.log10(g) - lo) / (hi - lo) : 0);
        width = 2;
      } else {
        colour = w >= 0 ? palette.positive : palette.negative;
        // A zero weight stays visible (and clickable): 1 px at least.
        width = 1 + Math.min(Math.abs(w), 4) * 1.1;
      }
      const opacity = gradients ? 0.9 : 0.45 + Math.min(Math.abs(w), 2) * 0.27;
      // Redrawn only when something visible changed.
      const look = `${colour}|${width.toFixed(1)}|${opacity.toFixed(2)}`;
      if (look !== link.look) {
        link.look = look;
        gaps[link.layer].dirty = true;
      }
      link.stroke = { colour, width, opacity };
      // Re-describing hundreds of links every frame kept the accessibility
      // tree busy: a link is described when it gets focus (and below).
      if (unlabelled || active === link.hit) link.hit.setAttribute('aria-label', link.label());
    }
    // Paused (or just built): every gap that changed. Playing: changed gaps
    // in turn, about LINKS_PER_DRAW links' worth; a gap passed over now is
    // still dirty and is drawn by a later update.
    let budget = playing && !built ? LINKS_PER_DRAW : Infinity;
    const start = turn;
    for (let i = 0; i < gaps.length && budget > 0; i++) {
      const k = (start + i) % gaps.length;
      if (!gaps[k].dirty) continue;
      drawGap(gaps[k]);
      budget -= gaps[k].links.length;
      turn = (k + 1) % gaps.length;
    }
    for (const b of biases) {
      const v = weights[b.layer]?.biases[b.neuron] ?? 0;
      b.value = v;
      const look = `${v >= 0 ? palette.positive : palette.negative}|${(0.35 + Math.min(Math.abs(v), 2) * 0.3).toFixed(2)}`;
      if (look !== b.look) {
        b.look = look;
        const [background, opacity] = look.split('|');
        b.button.style.background = background;
        b.button.style.opacity = opacity;
      }
      if (unlabelled || active === b.button) b.button.setAttribute('aria-label', m.bias(b.neuron + 1, b.layer + 1, formatNumber(v)));
    }
    unlabelled = false;
  }

  /** Strokes the links of one gap on its canvas. */
  function drawGap(gap) {
    gap.dirty = false;
    const ctx = gap.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(linkScale, 0, 0, linkScale, -gap.left * linkScale, 0);
    ctx.clearRect(gap.left, 0, gap.canvas.width / linkScale, gap.canvas.height / linkScale);
    for (const { coords, stroke } of gap.links) {
      if (!stroke) continue;
      ctx.globalAlpha = stroke.opacity;
      ctx.strokeStyle = stroke.colour;
      ctx.lineWidth = stroke.width;
      ctx.beginPath();
      ctx.moveTo(coords.x1, coords.y1);
      ctx.lineTo(coords.x2, coords.y2);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  function paintHighlight() {
    const [layer, neuron] = highlighted ?? [null, null];
    columnsOf.forEach((nodes, l) => nodes.forEach((n, j) => {
      n.classList.toggle('computing', l === layer && (neuron === null || neuron === j));
    }));
  }

  /** Marks neuron `neuron` of `layer` (0 = first hidden) as being computed:
   * the whole layer if `neuron` is null, nothing if `layer` is null. */
  function highlight(layer, neuron = null) {
    highlighted = layer === null ? null : [layer, neuron];
    paintHighlight();
  }

  return { build, update, highlight, thumbnails: () => thumbnails };
}
