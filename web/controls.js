// The controls: built once from the state, they report changes through
// `onChange(patch)` and show a new state through `show(state, info)`.
// They never touch the engine.

import {
  DATASETS, DATASET_NAMES, FEATURES, FEATURE_NAMES, HIDDEN_ACTIVATIONS, LEARNING_RATES,
  REGULARIZATION_RATES, MAX_LAYERS, MAX_NEURONS,
} from './state.js';

const ACTIVATION_NAMES = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'ReLU', leakyRelu: 'Leaky ReLU', linear: 'Linear' };
const LOSS_NAMES = {
  auto: 'Natural for the task', mse: 'MSE (squared error)', binaryCrossEntropy: 'Cross-entropy (binary)',
  categoricalCrossEntropy: 'Cross-entropy (softmax)', mae: 'MAE (absolute error)', rmse: 'RMSE',
};
const INIT_NAMES = { uniform: 'Uniform ±0.5', xavierUniform: 'Xavier uniform', xavierNormal: 'Xavier normal', he: 'He (for ReLU)', zeros: 'Zeros' };
const TASK_LOSSES = {
  binary: ['auto', 'binaryCrossEntropy', 'mse', 'mae', 'rmse'],
  multiclass: ['auto', 'categoricalCrossEntropy', 'mse', 'mae', 'rmse'],
  regression: ['auto', 'mse', 'mae', 'rmse'],
};
const INIT_SCALES = [0, 0.01, 0.1, 0.5, 1, 2, 5, 10];

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/** Builds every control; returns `{ show(state, info) }`. */
export function createControls(onChange, makePreview) {
  const inputs = {};
  const $ = (id) => document.getElementById(id);

  // A labelled select.
  const select = (parent, key, label, options, names, parse = (v) => v) => {
    const s = el('select', { id: `c-${key}`, onchange: () => onChange({ [key]: parse(s.value) }) });
    for (const o of options) s.append(el('option', { value: String(o), text: names ? names[o] ?? String(o) : String(o) }));
    parent.append(el('label', { class: 'control', for: `c-${key}` }, [el('span', { text: label }), s]));
    inputs[key] = { set: (v) => { s.value = String(v); }, node: s };
  };
  // A labelled slider with its value shown.
  const slider = (parent, key, label, min, max, step, format = String) => {
    const out = el('output', { for: `c-${key}` });
    const r = el('input', { type: 'range', id: `c-${key}`, min, max, step });
    r.addEventListener('input', () => { out.textContent = format(Number(r.value)); });
    r.addEventListener('change', () => onChange({ [key]: Number(r.value) }));
    parent.append(el('label', { class: 'control', for: `c-${key}` }, [el('span', {}, [label, out]), r]));
    inputs[key] = { set: (v) => { r.value = String(v); out.textContent = format(v); }, node: r };
  };
  const checkbox = (parent, key, label) => {
    const c = el('input', { type: 'checkbox', id: `c-${key}`, onchange: () => onChange({ [key]: c.checked }) });
    parent.append(el('label', {}, [c, ` ${label}`]));
    inputs[key] = { set: (v) => { c.checked = Boolean(v); }, node: c };
  };
  const seed = (parent, key, label) => {
    const n = el('input', { type: 'number', id: `c-${key}`, min: 0, max: 4294967295, step: 1 });
    n.addEventListener('change', () => {
      const v = Number(n.value);
      if (Number.isInteger(v) && v >= 0 && v <= 4294967295) onChange({ [key]: v });
    });
    parent.append(el('label', { class: 'control', for: `c-${key}` }, [el('span', { text: label }), n]));
    inputs[key] = { set: (v) => { n.value = String(v); }, node: n };
  };

  // Data sets, each with a preview of its points.
  const datasets = $('datasets');
  const datasetButtons = {};
  for (const name of DATASETS) {
    const preview = el('canvas', { 'aria-hidden': 'true' });
    const b = el('button', { type: 'button', role: 'radio', 'aria-checked': 'false', 'data-dataset': name,
      onclick: () => onChange({ dataset: name, data: null }) }, [preview, DATASET_NAMES[name]]);
    datasets.append(b);
    datasetButtons[name] = b;
    makePreview(name, preview);
  }

  const data = $('data-controls');
  slider(data, 'points', 'Points', 20, 1000, 10);
  slider(data, 'noise', 'Noise', 0, 1, 0.05, (v) => v.toFixed(2));
  slider(data, 'testRatio', 'Test share', 0, 0.9, 0.1, (v) => `${Math.round(v * 100)} %`);
  slider(data, 'batchSize', 'Batch size', 1, 100, 1);
  data.append(el('button', { type: 'button', id: 'regenerate', text: 'Regenerate data',
    onclick: () => onChange({ dataSeed: (currentState.dataSeed + 1) % 4294967296, data: null }) }));

  const features = $('features');
  const featureBoxes = {};
  for (const f of FEATURES) {
    const c = el('input', { type: 'checkbox', id: `f-${f}` });
    c.addEventListener('change', () => {
      const chosen = FEATURES.filter((g) => featureBoxes[g].checked);
      if (chosen.length === 0) { c.checked = true; return; }
      onChange({ features: chosen });
    });
    featureBoxes[f] = c;
    features.append(el('label', { for: `f-${f}` }, [c, FEATURE_NAMES[f]]));
  }
  const normalize = el('div', { class: 'controls inline' });
  checkbox(normalize, 'normalize', 'normalize inputs');
  features.after(normalize);

  // Layers and neurons with − / + buttons; per-layer activations in the advanced view.
  const layerBox = $('layer-controls');
  let advanced = false;
  const renderLayers = (state) => {
    layerBox.replaceChildren();
    const layers = state.hiddenLayers;
    const perceptron = state.mode === 'perceptron';
    if (perceptron) {
      layerBox.append(el('span', { class: 'hint', text: 'A perceptron is one neuron: no hidden layers.' }));
      return;
    }
    const counter = (label, value, min, max, set, name) => el('span', { class: 'counter' }, [
      label,
      el('button', { type: 'button', 'aria-label': `fewer ${name}`, text: '−', disabled: perceptron || value <= min ? '' : null, onclick: () => set(value - 1) }),
      el('strong', { text: String(value) }),
      el('button', { type: 'button', 'aria-label': `more ${name}`, text: '+', disabled: perceptron || value >= max ? '' : null, onclick: () => set(value + 1) }),
    ]);
    layerBox.append(counter('Hidden layers ', layers.length, 0, MAX_LAYERS, (n) => {
      const next = layers.slice(0, n);
      while (next.length < n) next.push(next.length ? next[next.length - 1] : 4);
      onChange({ hiddenLayers: next, layerActivations: [] });
    }, 'hidden layers'));
    layers.forEach((count, i) => {
      layerBox.append(counter(`L${i + 1} `, count, 1, MAX_NEURONS, (n) => {
        const next = layers.slice();
        next[i] = n;
        onChange({ hiddenLayers: next });
      }, `neurons in layer ${i + 1}`));
    });
    const toggle = el('button', { type: 'button', 'aria-pressed': String(advanced), text: advanced ? 'Simple' : 'Per-layer activations',
      onclick: () => { advanced = !advanced; renderLayers(currentState); } });
    if (layers.length > 0 && !perceptron) layerBox.append(toggle);
    if (advanced && layers.length > 0 && !perceptron) {
      const row = el('div', { class: 'controls inline' });
      layers.forEach((_, i) => {
        const current = state.layerActivations.length === layers.length ? state.layerActivations[i] : state.activation;
        const s = el('select', { 'aria-label': `activation of layer ${i + 1}` });
        for (const a of HIDDEN_ACTIVATIONS) s.append(el('option', { value: a, text: `L${i + 1}: ${ACTIVATION_NAMES[a]}` }));
        s.value = current;
        s.addEventListener('change', () => {
          const next = layers.map((__, j) => (state.layerActivations.length === layers.length ? state.layerActivations[j] : state.activation));
          next[i] = s.value;
          onChange({ layerActivations: next });
        });
        row.append(s);
      });
      layerBox.append(row);
    }
  };

  const view = $('view-controls');
  checkbox(view, 'showTest', 'test points');
  checkbox(view, 'discretize', 'discretize output');
  checkbox(view, 'showLines', 'neuron lines');
  checkbox(view, 'logScale', 'log-scale loss');
  const gradientLinks = $('gradient-links');
  gradientLinks.addEventListener('change', () => onChange({ gradientLinks: gradientLinks.checked }));
  inputs.gradientLinks = { set: (v) => { gradientLinks.checked = Boolean(v); } };

  const training = $('training-controls');
  select(training, 'mode', 'Model', ['network', 'perceptron'], { network: 'Neural network (backprop)', perceptron: 'Perceptron (one neuron, step)' });
  select(training, 'learningRate', 'Learning rate', LEARNING_RATES, null, Number);
  select(training, 'activation', 'Activation', HIDDEN_ACTIVATIONS, ACTIVATION_NAMES);
  select(training, 'loss', 'Loss', TASK_LOSSES.binary, LOSS_NAMES);
  select(training, 'optimizer', 'Optimizer', ['sgd', 'momentum', 'adam'], { sgd: 'SGD', momentum: 'SGD + momentum', adam: 'Adam' });
  select(training, 'regularization', 'Regularization', ['none', 'l1', 'l2'], { none: 'None', l1: 'L1', l2: 'L2' });
  select(training, 'regularizationRate', 'Regularization rate', REGULARIZATION_RATES, null, Number);
  select(training, 'init', 'Initial weights', ['uniform', 'xavierUniform', 'xavierNormal', 'he', 'zeros'], INIT_NAMES);
  select(training, 'initScale', 'Initial weight scale', INIT_SCALES, null, Number);
  seed(training, 'weightSeed', 'Weight seed');
  seed(training, 'dataSeed', 'Data seed');
  slider(training, 'epochsPerFrame', 'Epochs per frame', 1, 50, 1);
  const task = el('p', { class: 'hint', id: 'task-note' });
  training.append(task);

  const picker = $('class-picker');
  let selectedClass = 1;
  let regressionValue = 1;
  const renderPicker = (info) => {
    picker.replaceChildren('New points: ');
    if (info.task.kind === 'regression') {
      const r = el('input', { type: 'range', min: -1, max: 1, step: 0.1, value: regressionValue, 'aria-label': 'value of new points' });
      const out = el('output', { text: regressionValue.toFixed(1) });
      r.addEventListener('input', () => { regressionValue = Number(r.value); out.textContent = regressionValue.toFixed(1); });
      picker.append(r, out);
      return;
    }
    const classes = info.task.kind === 'multiclass' ? info.task.classes : 2;
    if (selectedClass >= classes) selectedClass = 0;
    for (let k = 0; k < classes; k++) {
      const radio = el('input', { type: 'radio', name: 'new-class', value: String(k) });
      radio.checked = k === selectedClass;
      radio.addEventListener('change', () => { selectedClass = k; });
      picker.append(el('label', {}, [radio, el('span', { class: 'swatch', style: `background:var(--class${k})` }), `class ${k}`]));
    }
    picker.append(el('span', { class: 'hint', text: ' (shift-click: the next class)' }));
  };

  let currentState = null;
  return {
    /** The label new points get; `other` for a shift-click. */
    newLabel(info, other) {
      if (info.task.kind === 'regression') return other ? -regressionValue : regressionValue;
      const classes = info.task.kind === 'multiclass' ? info.task.classes : 2;
      return other ? (selectedClass + 1) % classes : selectedClass;
    },
    /** Shows `state`; `info.task` is the engine's task. */
    show(state, info) {
      currentState = state;
      for (const [key, input] of Object.entries(inputs)) {
        if (key === 'loss') continue;
        if (state[key] !== undefined) input.set(state[key]);
      }
      const lossSelect = inputs.loss.node;
      const allowed = TASK_LOSSES[info.task.kind];
      lossSelect.replaceChildren(...allowed.map((o) => el('option', { value: o, text: LOSS_NAMES[o] })));
      lossSelect.value = allowed.includes(state.loss) ? state.loss : 'auto';
      for (const [name, b] of Object.entries(datasetButtons)) b.setAttribute('aria-checked', String(name === state.dataset));
      for (const f of FEATURES) featureBoxes[f].checked = state.features.includes(f);
      // A first-layer neuron's boundary is a straight line only for x1, x2 inputs.
      const linear = state.features.every((f) => f === 'x1' || f === 'x2');
      inputs.showLines.node.disabled = !linear;
      inputs.showLines.node.parentElement.title = linear ? '' : 'With x₁², sin x₁ … the neurons\' boundaries are curves: hover a neuron instead.';
      const perceptron = state.mode === 'perceptron';
      for (const key of ['activation', 'loss', 'optimizer', 'regularization', 'regularizationRate', 'init', 'initScale']) {
        inputs[key].node.disabled = perceptron;
      }
      task.textContent = {
        binary: 'Task: two classes. The output neuron (sigmoid) gives the probability of class 1.',
        multiclass: `Task: ${info.task.classes} classes. A softmax output gives each class's probability.`,
        regression: 'Task: regression. A linear output predicts a number.',
      }[info.task.kind] + (perceptron ? ' Perceptron mode: one neuron with a step, trained by Rosenblatt\'s rule.' : '');
      renderLayers(state);
      renderPicker(info);
    },
  };
}
