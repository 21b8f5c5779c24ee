// The network diagram: input labels, one thumbnail canvas per hidden neuron,
// the output, and a link for every weight, coloured and sized by the weight
// (or by its gradient). Links and biases open an editor when clicked.

const SVG = 'http://www.w3.org/2000/svg';
const NODE = 30;
const GAP = 8;
const POSITIVE = '#0072b2';
const NEGATIVE = '#e69f00';

/** Viridis at t in 0..1, as CSS (matches the gradient heatmap's scale). */
export function viridis(t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/**
 * `handlers.hover(k | null)`: hidden neuron k is pointed at;
 * `handlers.edit({ kind: 'weight' | 'bias', layer, from, to, neuron, value, x, y })`.
 */
export function createDiagram(container, handlers) {
  let signature = '';
  let links = [];       // { layer, from, to, line, hit }
  let biases = [];      // { layer, neuron, button }
  let thumbnails = [];  // canvases of hidden neurons, in order

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
    container.replaceChildren();
    const columns = [shape.inputs.length, ...shape.layers, shape.outputs];
    const width = Math.max(container.clientWidth, 200);
    const height = Math.max(...columns) * (NODE + GAP) + 24;
    container.style.height = `${height}px`;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    container.append(svg);
    const at = (c, r) => position(c, columns.length, r, columns[c], width, height);
    links = [];
    biases = [];
    thumbnails = [];
    let hiddenIndex = 0;
    // Links first, so the nodes sit on top of them.
    for (let l = 0; l + 1 < columns.length; l++) {
      for (let to = 0; to < columns[l + 1]; to++) {
        for (let from = 0; from < columns[l]; from++) {
          const a = at(l, from);
          const b = at(l + 1, to);
          const coords = { x1: a.x + NODE, y1: a.y + NODE / 2, x2: b.x, y2: b.y + NODE / 2 };
          const line = document.createElementNS(SVG, 'line');
          const hit = document.createElementNS(SVG, 'line');
          for (const [k, v] of Object.entries(coords)) {
            line.setAttribute(k, v);
            hit.setAttribute(k, v);
          }
          line.setAttribute('class', 'link');
          hit.setAttribute('class', 'hit');
          hit.setAttribute('tabindex', '0');
          hit.setAttribute('role', 'button');
          hit.setAttribute('aria-label', `weight from input ${from + 1} to neuron ${to + 1} of layer ${l + 1}`);
          const link = { layer: l, from, to, line, hit, value: 0 };
          const open = (event) => {
            const r = container.getBoundingClientRect();
            handlers.edit({ kind: 'weight', layer: l, from, to, value: link.value,
              x: event.clientX ?? r.left + (coords.x1 + coords.x2) / 2, y: event.clientY ?? r.top + (coords.y1 + coords.y2) / 2 });
          };
          hit.addEventListener('click', open);
          // Described when focused, not every frame.
          hit.addEventListener('focus', () => {
            hit.setAttribute('aria-label', `weight from input ${from + 1} to neuron ${to + 1} of layer ${l + 1}: ${link.value.toFixed(3)}`);
          });
          hit.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              const r = hit.getBoundingClientRect();
              open({ clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 });
            }
          });
          svg.append(line, hit);
          links.push(link);
        }
      }
    }
    columns.forEach((count, c) => {
      for (let r = 0; r < count; r++) {
        const p = at(c, r);
        if (c === 0) {
          const label = document.createElement('div');
          label.className = 'label';
          label.textContent = shape.inputs[r];
          label.style.left = `${p.x - 4}px`;
          label.style.top = `${p.y + 7}px`;
          label.style.width = `${NODE + 4}px`;
          label.style.textAlign = 'right';
          container.append(label);
          continue;
        }
        const node = document.createElement('div');
        node.className = 'node';
        node.style.left = `${p.x}px`;
        node.style.top = `${p.y}px`;
        const hidden = c < columns.length - 1;
        if (hidden) {
          const k = hiddenIndex++;
          const canvas = document.createElement('canvas');
          node.append(canvas);
          node.tabIndex = 0;
          node.setAttribute('aria-label', `neuron ${r + 1} of layer ${c}: focus or hover to show its output large`);
          const on = () => { node.classList.add('hovered'); handlers.hover(k); };
          const off = () => { node.classList.remove('hovered'); handlers.hover(null); };
          node.addEventListener('mouseenter', on);
          node.addEventListener('mouseleave', off);
          node.addEventListener('focus', on);
          node.addEventListener('blur', off);
          thumbnails.push(canvas);
        } else {
          node.textContent = shape.outputs > 1 ? `c${r}` : 'out';
          node.style.fontSize = '.72rem';
          node.style.display = 'grid';
          node.style.placeItems = 'center';
        }
        container.append(node);
        const bias = document.createElement('button');
        bias.type = 'button';
        bias.className = 'bias';
        bias.style.left = `${p.x - 5}px`;
        bias.style.top = `${p.y + NODE - 5}px`;
        const entry = { layer: c - 1, neuron: r, button: bias, value: 0 };
        bias.addEventListener('click', (e) => {
          const rect = bias.getBoundingClientRect();
          handlers.edit({ kind: 'bias', layer: c - 1, neuron: r, value: entry.value,
            x: e.clientX || rect.left, y: e.clientY || rect.top });
        });
        container.append(bias);
        biases.push(entry);
      }
    });
  }

  /** Colours the links by `weights` (from `weights()`), or by `gradients` when given. */
  function update(weights, gradients) {
    let max = 0;
    if (gradients) {
      for (const g of gradients) for (const v of g.weights) max = Math.max(max, Math.abs(v));
    }
    for (const link of links) {
      const layer = weights[link.layer];
      if (!layer) continue;
      const w = layer.weights[link.to * layer.inputs + link.from];
      link.value = w;
      let colour;
      let width;
      if (gradients) {
        const g = Math.abs(gradients[link.layer].weights[link.to * layer.inputs + link.from]);
        // Four decades below the largest gradient map to the dark end.
        colour = viridis(g > 0 && max > 0 ? 1 + Math.log10(g / max) / 4 : 0);
        width = 2;
      } else {
        colour = w >= 0 ? POSITIVE : NEGATIVE;
        width = 0.6 + Math.min(Math.abs(w), 4) * 1.1;
      }
      // Touch the DOM only where something visible changed: hundreds of
      // links are updated every frame.
      const look = `${colour}|${width.toFixed(1)}|${gradients ? 0.9 : (0.35 + Math.min(Math.abs(w), 2) * 0.3).toFixed(2)}`;
      if (look !== link.look) {
        link.look = look;
        const [stroke, strokeWidth, opacity] = look.split('|');
        link.line.setAttribute('stroke', stroke);
        link.line.setAttribute('stroke-width', strokeWidth);
        link.line.setAttribute('stroke-opacity', opacity);
      }
    }
    for (const b of biases) {
      const v = weights[b.layer]?.biases[b.neuron] ?? 0;
      b.value = v;
      const look = `${v >= 0 ? POSITIVE : NEGATIVE}|${(0.35 + Math.min(Math.abs(v), 2) * 0.3).toFixed(2)}`;
      if (look !== b.look) {
        b.look = look;
        const [background, opacity] = look.split('|');
        b.button.style.background = background;
        b.button.style.opacity = opacity;
        b.button.setAttribute('aria-label', `bias of neuron ${b.neuron + 1} of layer ${b.layer + 1}: ${v.toFixed(2)}`);
      }
    }
  }

  return { build, update, thumbnails: () => thumbnails };
}
