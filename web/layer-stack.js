// The network editor of an image or a sequence scene: the stack of layers, one row each,
// with what comes out of it (maps of channels × height × width, or a
// vector) and how many parameters it learns, so a dense 64-32-10 network
// and a convolutional one with a fraction of its parameters can be set side
// by side. Edits are reported as `onChange({ layers })`; the engine checks
// the stack and says what to change when it refuses one.

import { el } from './dom.js';

/** The filter sizes offered (odd: "same" padding centres them). */
const FILTER_SIZES = [1, 3, 5, 7];

/**
 * What each layer of `layers` hands on, from an input of `input`
 * ([channels, height, width]); the output layer (`outputs` units, dense)
 * last. Each row is `{ layer, shape, parameters }`; `shape` is null from
 * the first layer that cannot take what it is given (the engine says why).
 * The shapes follow `LayerSpec::output_shape` in the core.
 */
export function layerShapes(input, layers, outputs) {
  let shape = input;
  const rows = [];
  for (const layer of [...layers, { kind: 'dense', units: outputs, output: true }]) {
    let next = null;
    let parameters = 0;
    const size = shape ? shape.reduce((a, b) => a * b, 1) : 0;
    const maps = shape?.length === 3 ? shape : null;
    if (shape) {
      switch (layer.kind) {
        case 'dense':
          next = [layer.units];
          parameters = layer.units * (size + 1);
          break;
        case 'conv2d': {
          if (!maps) break;
          const [c, h, w] = maps;
          const k = layer.size;
          const pad = (layer.padding ?? 'same') === 'same' ? Math.floor((k - 1) / 2) : 0;
          const [oh, ow] = [h + 2 * pad - k + 1, w + 2 * pad - k + 1];
          if (oh > 0 && ow > 0) next = [layer.filters, oh, ow];
          parameters = layer.filters * (c * k * k + 1);
          break;
        }
        case 'maxPool2d':
        case 'avgPool2d':
          if (maps && maps[1] >= 2 && maps[2] >= 2) next = [maps[0], Math.floor(maps[1] / 2), Math.floor(maps[2] / 2)];
          break;
        case 'flatten':
          if (maps) next = [size];
          break;
        case 'rnn':
        case 'gru': {
          // Reads a sequence ([steps, inputs]) step by step; hands on its
          // last state. A GRU has three sets of weights (two gates and the
          // candidate), PyTorch's two biases each.
          if (shape.length !== 2) break;
          const gates = layer.kind === 'gru' ? 3 : 1;
          next = [layer.units];
          parameters = gates * layer.units * (shape[1] + layer.units + 2);
          break;
        }
        default:
          break;
      }
    }
    rows.push({ layer, shape: next, parameters: shape ? parameters : null });
    shape = next;
  }
  return rows;
}

/** The stack a state describes: its layer list, or its dense hidden layers. */
export function stackOf(state) {
  if (Array.isArray(state.layers)) return state.layers;
  return state.hiddenLayers.map((units, i) => ({
    kind: 'dense', units, activation: state.layerActivations[i] ?? state.activation,
  }));
}

/** `[8, 4, 4]` as "8 × 4 × 4". */
export const shapeText = (shape) => (shape ? shape.join(' × ') : '–');

/**
 * Renders the stack of `state` into `box`: `model` (its `layers` field
 * gives the kinds and the range of units and filters), `messages`,
 * `outputs` (the output layer's units), `input` (the shape of a sample:
 * [channels, height, width] of an image, [steps, inputs] of a sequence),
 * `regression` (a linear output), `onChange(patch)`.
 */
export function renderLayerStack(box, { state, model, messages, outputs, input = [1, 8, 8], regression = false, onChange }) {
  const t = messages.images;
  const field = model.byKey.layers;
  const activations = field.activations;
  const stack = stackOf(state).map((l) => ({ ...l }));
  const rows = layerShapes(input, stack, outputs);
  const set = (next) => onChange({ layers: next });
  const replace = (i, changes) => set(stack.map((l, j) => (j === i ? { ...l, ...changes } : l)));

  const number = (label, value, min, max, key, apply) => {
    const n = el('input', { type: 'number', min, max, step: 1, value: String(value), 'aria-label': label, 'data-key': key });
    n.addEventListener('change', () => {
      const v = Number(n.value);
      if (Number.isInteger(v) && v >= min && v <= max) {
        apply(v);
        return;
      }
      // Said where the learner typed it, in the page's language.
      n.setCustomValidity(t.wholeNumber(min, max));
      n.reportValidity();
      n.value = String(value);
      n.addEventListener('input', () => n.setCustomValidity(''), { once: true });
    });
    return n;
  };
  const choice = (label, values, names, value, key, apply) => {
    const s = el('select', { 'aria-label': label, 'data-key': key },
      values.map((v) => el('option', { value: String(v), text: names?.[v] ?? String(v) })));
    s.value = String(value);
    s.addEventListener('change', () => apply(s.value));
    return s;
  };

  const list = el('ol', { class: 'layer-stack', 'aria-label': t.stack });
  list.append(el('li', { class: 'fixed' }, [
    el('span', { class: 'kind', text: t.input }), el('span', { class: 'shape', text: shapeText(input) }),
  ]));
  let total = 0;
  rows.forEach(({ layer, shape, parameters }, i) => {
    total += parameters ?? 0;
    const n = i + 1;
    const items = [el('span', { class: 'kind', text: t.kinds[layer.kind] ?? layer.kind })];
    if (layer.output) {
      items.push(el('span', { text: t.outputLayer(outputs, regression) }));
    } else if (layer.kind === 'dense' || layer.kind === 'rnn' || layer.kind === 'gru') {
      items.push(number(t.units(n), layer.units, field.min, field.max, `stack${i}-units`, (v) => replace(i, { units: v })));
    } else if (layer.kind === 'conv2d') {
      items.push(
        number(t.filtersOf(n), layer.filters, field.min, field.max, `stack${i}-filters`, (v) => replace(i, { filters: v })),
        el('span', { text: '×' }),
        choice(t.size(n), FILTER_SIZES, Object.fromEntries(FILTER_SIZES.map((k) => [k, `${k}×${k}`])), layer.size, `stack${i}-size`, (v) => replace(i, { size: Number(v) })),
        choice(t.padding(n), ['same', 'valid'], t.paddings, layer.padding ?? 'same', `stack${i}-padding`, (v) => replace(i, { padding: v })),
      );
    }
    if (!layer.output && (layer.kind === 'dense' || layer.kind === 'conv2d')) {
      items.push(choice(t.activationOf(n), activations, messages.activations, layer.activation ?? state.activation, `stack${i}-activation`, (v) => replace(i, { activation: v })));
    }
    items.push(el('span', { class: 'shape', text: `→ ${shapeText(shape)} · ${t.parameters(parameters ?? 0)}` }));
    if (!layer.output) {
      items.push(el('button', {
        type: 'button', text: '✕', 'aria-label': t.remove(n), 'data-key': `stack${i}-remove`,
        onclick: () => set(stack.filter((_, j) => j !== i)),
      }));
    }
    list.append(el('li', { class: layer.output ? 'fixed' : '' }, items));
  });

  // New convolutions and poolings go after the last map layer (before the
  // flatten and dense layers); dense layers before the output.
  const mapsEnd = () => {
    let end = 0;
    stack.forEach((l, j) => { if (l.kind === 'conv2d' || l.kind.endsWith('Pool2d')) end = j + 1; });
    return end;
  };
  const insert = (at, layer) => set([...stack.slice(0, at), layer, ...stack.slice(at)]);
  const kinds = field.values;
  const adds = el('div', { class: 'layer-stack-add' }, [el('span', { text: t.add })]);
  const add = (kind, text, make) => {
    if (!kinds.includes(kind)) return;
    adds.append(el('button', { type: 'button', text, 'data-key': `add-${kind}`, onclick: make }));
  };
  const sequence = input.length === 2;
  // A recurrent layer reads the sequence, so it comes first: one per network.
  const recurrent = (kind) => () => set([{ kind, units: 16 }, ...stack.filter((l) => l.kind !== 'rnn' && l.kind !== 'gru')]);
  if (sequence) {
    add('rnn', t.kinds.rnn, recurrent('rnn'));
    add('gru', t.kinds.gru, recurrent('gru'));
  } else {
    add('conv2d', t.kinds.conv2d, () => insert(mapsEnd(), { kind: 'conv2d', filters: 8, size: 3, padding: 'same', activation: 'relu' }));
    add('maxPool2d', t.kinds.maxPool2d, () => insert(mapsEnd(), { kind: 'maxPool2d' }));
    add('avgPool2d', t.kinds.avgPool2d, () => insert(mapsEnd(), { kind: 'avgPool2d' }));
  }
  add('dense', t.kinds.dense, () => set([...stack, { kind: 'dense', units: 16, activation: 'relu' }]));
  const example = (key, text, layers) => el('button', { type: 'button', text, 'data-key': `example-${key}`, onclick: () => set(layers) });
  const examples = el('div', { class: 'layer-stack-add' }, [
    el('span', { text: t.examples }),
    ...(sequence ? [
      example('rnn', t.rnnExample, [{ kind: 'rnn', units: 16 }]),
      example('gru', t.gruExample, [{ kind: 'gru', units: 16 }]),
      example('dense', t.windowExample, [{ kind: 'dense', units: 16, activation: 'tanh' }]),
    ] : [
      example('dense', t.denseExample, [{ kind: 'dense', units: field.max, activation: 'relu' }]),
      example('conv', t.convExample, [{ kind: 'conv2d', filters: 8, size: 3, padding: 'same', activation: 'relu' }, { kind: 'maxPool2d' }, { kind: 'flatten' }]),
    ]),
  ]);
  box.replaceChildren(list, el('p', { class: 'hint', text: t.total(total) }), adds, examples);
}
