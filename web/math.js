// "Show the math": one training step on one point, stage by stage, with the
// engine's numbers (from `explain`; nothing is recomputed here but the
// products that are shown being multiplied out): the forward pass layer by
// layer, the loss, the backward pass layer by layer (the chain rule, with
// ∂L/∂w and ∂L/∂b), and the gradient-descent update.

import { el } from './dom.js';

/** A number for a worked calculation: four decimals, a true minus sign. */
function num(v) {
  if (!Number.isFinite(v)) return String(v);
  const text = v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2).replace('e', '×10^') : v.toFixed(4);
  return text.replace('-', '−');
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sub = (n) => String(n).split('').map((d) => SUB[Number(d)]).join('');
/** The layer tag ⁽ⁿ⁾: which layer a z, a, δ, w or b belongs to. */
const sup = (n) => `⁽${String(n).split('').map((d) => SUP[Number(d)]).join('')}⁾`;
/** `+ 0.1000` or `− 0.1000`: a term added to a sum, with its sign. */
const signed = (v) => `${v < 0 ? '−' : '+'} ${num(Math.abs(v))}`;

/** f(z) written out for activation `f`. */
function applied(activation, z) {
  return {
    sigmoid: `σ(${z})`, tanh: `tanh(${z})`, relu: `max(0, ${z})`, leakyRelu: `leaky(${z})`,
    linear: z, softmax: `softmax(${z})`, step: `step(${z})`,
  }[activation] ?? `f(${z})`;
}

/** The loss of one point, written out with its numbers. */
function lossLine(e) {
  const out = e.layers[e.layers.length - 1];
  const terms = out.a.map((a, k) => [a, e.target[k]]);
  const [a, y] = terms[0];
  switch (e.lossName) {
    case 'binaryCrossEntropy':
      return `L = −[y ln a + (1 − y) ln(1 − a)] = −[${num(y)} · ln ${num(a)} + ${num(1 - y)} · ln ${num(1 - a)}] = ${num(e.loss)}`;
    case 'categoricalCrossEntropy': {
      const k = e.target.indexOf(1);
      return `L = −Σₖ yₖ ln aₖ = −ln a${sub(k)} = −ln ${num(out.a[k])} = ${num(e.loss)}`;
    }
    case 'mae':
      return `L = mean |a − y| = ${terms.map(([p, q]) => `|${num(p)} − ${num(q)}|`).join(' + ')}${terms.length > 1 ? ` / ${terms.length}` : ''} = ${num(e.loss)}`;
    case 'rmse':
      return `L = √(mean (a − y)²) = √(${terms.map(([p, q]) => `(${num(p)} − ${num(q)})²`).join(' + ')}${terms.length > 1 ? ` / ${terms.length}` : ''}) = ${num(e.loss)}`;
    default:
      return `L = mean (a − y)² = ${terms.map(([p, q]) => `(${num(p)} − ${num(q)})²`).join(' + ')}${terms.length > 1 ? ` / ${terms.length}` : ''} = ${num(e.loss)}`;
  }
}

/** Points listed as buttons; with more, the learner clicks one on the output. */
const MAX_BUTTONS = 8;

/**
 * Builds the panel into `container`. `explain(point)` resolves to the
 * engine's explanation for `{ x, y, label }`; `points()` to the points to
 * choose from (the engine may answer from a worker);
 * `onStage(layer | null, neuron | null)` hears which neuron (layer 0 = the
 * first hidden) is being computed, for the diagram to highlight; `apply(point)`
 * takes the step shown (the update stage offers it; may return a promise);
 * `onError(error)` hears a refused or failed call. Returns `{ refresh(), pick(x, y) }`.
 */
export function createMathPanel(container, { messages, explain, points, onStage = () => {}, apply = null, canApply = () => true, onError = () => {} }) {
  const t = messages.math;
  // The last point first: in a truth table it is (1, 1), whose inputs are
  // both non-zero, so every weight of the first layer gets a gradient.
  let chosen = Infinity;
  let stage = 0;
  const picker = el('div', { class: 'math-points', role: 'group', 'aria-label': t.point });
  const title = el('h3', { class: 'math-stage' });
  const body = el('div', { class: 'math-body', 'aria-live': 'polite' });
  const back = el('button', { type: 'button', text: t.previous, onclick: () => go(stage - 1) });
  const forth = el('button', { type: 'button', text: t.next, onclick: () => go(stage + 1) });
  const counter = el('span', { class: 'math-counter' });
  const take = el('button', { type: 'button', class: 'primary', text: t.apply, hidden: true, onclick: async () => {
    try {
      await apply((await points())[chosen]);
    } catch (error) {
      onError(error);
    }
    refresh();
  } });
  container.append(el('section', { class: 'math', 'aria-label': t.title }, [
    el('h3', { text: t.title }), picker, el('div', { class: 'math-nav' }, [back, counter, forth]), title, body,
  ]));

  function stages(e) {
    const L = e.layers.length;
    return [
      // One neuron at a time: forward from the input, backward from the output.
      ...e.layers.flatMap((layer, l) => layer.biases.map((_, j) => ({ kind: 'forward', l, j }))),
      { kind: 'loss' },
      ...e.layers.map((_, i) => L - 1 - i)
        .flatMap((l) => e.layers[l].biases.map((_, j) => ({ kind: 'backward', l, j }))),
      { kind: 'update' },
    ];
  }

  function go(to) {
    stage = to;
    render();
  }

  let shown = '';
  let renderedStage = '';
  function renderPicker(list) {
    // Rebuilt only when the points or the choice change, so a button with
    // the focus stays in place while training redraws the numbers.
    const key = JSON.stringify([list, chosen]);
    if (key === shown) return;
    shown = key;
    const focused = picker.contains(document.activeElement) ? chosen : -1;
    if (list.length > MAX_BUTTONS) {
      const p = list[chosen];
      picker.replaceChildren(el('span', { text: `x₁ = ${num(p.x)}, x₂ = ${num(p.y)} → y = ${p.label} · ${t.clickToPick}` }));
      return;
    }
    picker.replaceChildren(...list.map((p, i) => {
      const b = el('button', {
        type: 'button', 'aria-pressed': String(i === chosen),
        text: `x₁ = ${p.x}, x₂ = ${p.y} → y = ${p.label}`,
        onclick: () => { chosen = i; refresh(); },
      });
      return b;
    }));
    if (focused >= 0) picker.children[chosen]?.focus();
  }

  function lines(e, s) {
    const L = e.layers.length;
    const layerName = (l) => (l === L - 1 ? t.outputLayer : t.hiddenLayer(l + 1));
    const layer = e.layers[s.l];
    const n = s.l + 1; // the layer's number in the superscripts: ⁽¹⁾ is the first hidden layer
    // What goes into layer l: the inputs x for the first, the previous layer's a after.
    const input = (i) => (s.l === 0 ? `x${sub(i + 1)}` : `a${sub(i + 1)}${sup(s.l)}`);
    const out = [];
    if (s.kind === 'forward') {
      out.push(`${t.forward}: ${layerName(s.l)}, ${t.neuron(s.j + 1)}`);
      const m = layer.inputs.length;
      const j = s.j;
      const terms = layer.inputs.map((a, i) => `(${num(layer.weights[j * m + i])})(${num(a)})`).join(' + ');
      const symbols = layer.inputs.map((_, i) => `w${sub(j + 1)}${sub(i + 1)}${input(i)}`).join(' + ');
      out.push(`z${sub(j + 1)}${sup(n)} = ${symbols} + b${sub(j + 1)}`);
      out.push(`  = ${terms} ${signed(layer.biases[j])} = ${num(layer.z[j])}`);
      out.push(`a${sub(j + 1)}${sup(n)} = ${applied(layer.activation, num(layer.z[j]))} = ${num(layer.a[j])}`);
    } else if (s.kind === 'loss') {
      out.push(t.loss);
      out.push(lossLine(e));
    } else if (s.kind === 'backward') {
      out.push(`${t.backward}: ${layerName(s.l)}, ${t.neuron(s.j + 1)}`);
      const count = layer.biases.length;
      const m = layer.inputs.length;
      const fused = (layer.activation === 'sigmoid' && e.lossName === 'binaryCrossEntropy')
        || (layer.activation === 'softmax' && e.lossName === 'categoricalCrossEntropy');
      const j = s.j;
      const d = `δ${sub(j + 1)}${sup(n)}`;
      if (s.l === L - 1 && fused) {
        out.push(`${d} = ∂L/∂z = a − y = ${num(layer.a[j])} − ${num(e.target[j])} = ${num(layer.delta[j])}`);
      } else if (s.l === L - 1) {
        const g = layer.derivative[j] !== 0 ? layer.delta[j] / layer.derivative[j] : 0;
        out.push(`${d} = ∂L/∂a · f′(z) = (${num(g)})(${num(layer.derivative[j])}) = ${num(layer.delta[j])}`);
      } else {
        const next = e.layers[s.l + 1];
        const k = next.biases.length;
        const back = Array.from({ length: k }, (_, q) => `(${num(next.weights[q * count + j])})(${num(next.delta[q])})`).join(' + ');
        out.push(`${d} = (Σₖ wₖ${sub(j + 1)}${sup(n + 1)} δₖ${sup(n + 1)}) · f′(z${sub(j + 1)}${sup(n)})`);
        out.push(`  = [${back}] · ${num(layer.derivative[j])} = ${num(layer.delta[j])}`);
      }
      for (let i = 0; i < m; i++) {
        out.push(`  ∂L/∂w${sub(j + 1)}${sub(i + 1)}${sup(n)} = ${d} · ${input(i)} = (${num(layer.delta[j])})(${num(layer.inputs[i])}) = ${num(layer.gradWeights[j * m + i])}`);
      }
      out.push(`  ∂L/∂b${sub(j + 1)}${sup(n)} = ${d} = ${num(layer.gradBiases[j])}`);
    } else {
      out.push(`${t.update} (η = ${num(e.learningRate)})`);
      e.layers.forEach((l, li) => {
        const m = l.inputs.length;
        l.weights.forEach((w, q) => {
          const j = Math.floor(q / m);
          const i = q % m;
          out.push(`w${sub(j + 1)}${sub(i + 1)}${sup(li + 1)} ← ${num(w)} − ${num(e.learningRate)} × (${num(l.gradWeights[q])}) = ${num(l.nextWeights[q])}`);
        });
        l.biases.forEach((b, j) => {
          out.push(`b${sub(j + 1)}${sup(li + 1)} ← ${num(b)} − ${num(e.learningRate)} × (${num(l.gradBiases[j])}) = ${num(l.nextBiases[j])}`);
        });
      });
    }
    return out;
  }

  // The engine answers later (it may be in a worker): an answer to an older
  // refresh than the last is dropped, and moving between stages shows the
  // last answer at once.
  let asked = 0;
  let last = null; // { list, e }: the points and the chosen one's explanation
  async function refresh() {
    const mine = ++asked;
    try {
      const list = await points();
      if (mine !== asked || list.length === 0) return;
      chosen = Math.min(chosen, list.length - 1);
      const e = await explain(list[chosen]);
      if (mine !== asked) return;
      last = { list, e };
    } catch (error) {
      onError(error);
      return;
    }
    render();
  }

  function render() {
    if (!last) return;
    const { list, e } = last;
    renderPicker(list);
    const all = stages(e);
    stage = Math.max(0, Math.min(stage, all.length - 1));
    const current = all[stage];
    if (current.kind === 'loss') onStage(e.layers.length - 1, null);
    else if (current.kind === 'update') onStage(null, null);
    else onStage(current.l, current.j);
    const [heading, ...rest] = lines(e, current);
    // A live region: rebuilt only when its numbers changed.
    const key = JSON.stringify([heading, rest]);
    if (key === renderedStage) return;
    renderedStage = key;
    title.textContent = heading;
    body.replaceChildren(...rest.map((line) => el('p', { class: line.startsWith('  ') ? 'formula sub' : 'formula', text: line.trim() })));
    take.hidden = !(apply && canApply() && current.kind === 'update');
    body.append(take);
    counter.textContent = t.stage(stage + 1, all.length);
    back.disabled = stage === 0;
    forth.disabled = stage === all.length - 1;
  }

  /** Chooses the training point nearest to (x, y). */
  async function pick(x, y) {
    let list;
    try {
      list = await points();
    } catch (error) {
      onError(error);
      return;
    }
    if (list.length === 0) return;
    let best = 0;
    list.forEach((p, i) => {
      if (Math.hypot(p.x - x, p.y - y) < Math.hypot(list[best].x - x, list[best].y - y)) best = i;
    });
    chosen = best;
    refresh();
  }

  refresh();
  return { refresh, pick };
}
