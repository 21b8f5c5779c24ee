// The panels' controls: built once into the layout's parts from the state
// model (the engine's schema) and the messages, they report changes through
// `onChange(patch)` and show a state through `show(state, info)`. They never
// touch the engine.

import { el, focusedIn } from './dom.js';
import { IMAGE_DATASETS, SEQUENCE_DATASETS } from './modules.js';
import { sceneKind } from './lessons.js';
import { renderLayerStack } from './layer-stack.js';
import { classNames } from './lessons.js';

/** `learningRate` → `learning-rate`: a control's name in `controls=` lists. */
export const kebab = (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Menus for number fields whose range is continuous in the schema. */
const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const INIT_SCALES = [0, 0.01, 0.1, 0.5, 1, 2, 5, 10];
/** Keys the perceptron does not use. */
export const NOT_FOR_PERCEPTRON = ['activation', 'loss', 'optimizer', 'regularization', 'regularizationRate', 'batchSize', 'init', 'initScale'];

/**
 * `parts` from `createLayout`; `makePreview(datasetName, canvas)` draws a data
 * set's thumbnail. Returns `{ show(state, info), newLabel(info, other) }`.
 */
export function createControls(parts, { model, messages, idPrefix = '', onChange, makePreview }) {
  const t = messages;
  const id = (name) => `${idPrefix}${name}`;
  const inputs = {};
  let currentState = null;
  let currentInfo = null;

  // A labelled select; `options` are values, `names` their words.
  const select = (parent, key, options, names, parse = (v) => v) => {
    const s = el('select', { id: id(`c-${key}`), 'data-key': key, onchange: () => onChange({ [key]: parse(s.value) }) });
    const fill = (values) => s.replaceChildren(...values.map((o) => el('option', { value: String(o), text: names?.[o] ?? String(o) })));
    fill(options);
    parent.append(el('label', { class: 'control', for: id(`c-${key}`), 'data-control': kebab(key) }, [el('span', { text: t.controls[key] }), s]));
    inputs[key] = {
      node: s,
      fill,
      set: (v) => {
        // A value from a link that is not on the menu gets its own entry.
        if (![...s.options].some((o) => o.value === String(v))) {
          const values = [...new Set([...options, v])].sort((a, b) => a - b);
          fill(values);
        }
        s.value = String(v);
      },
    };
  };
  // A labelled slider with its value shown.
  const slider = (parent, key, min, max, step, format = String) => {
    const out = el('output', { for: id(`c-${key}`) });
    const r = el('input', { type: 'range', id: id(`c-${key}`), 'data-key': key, min, max, step });
    r.addEventListener('input', () => { out.textContent = format(Number(r.value)); });
    r.addEventListener('change', () => onChange({ [key]: Number(r.value) }));
    const words = el('span', { text: t.controls[key] });
    parent.append(el('label', { class: 'control', for: id(`c-${key}`), 'data-control': kebab(key) }, [el('span', {}, [words, out]), r]));
    inputs[key] = {
      node: r,
      label: words,
      out,
      set: (v) => {
        // A link may hold more than the slider's usual reach: reach it, so
        // the slider shows the value in force instead of clamping it.
        r.max = String(Math.max(max, v));
        r.value = String(v);
        out.textContent = format(v);
      },
    };
  };
  const checkbox = (parent, key, label) => {
    const c = el('input', { type: 'checkbox', id: id(`c-${key}`), 'data-key': key, onchange: () => onChange({ [key]: c.checked }) });
    parent.append(el('label', { class: 'check', 'data-control': kebab(key) }, [c, ` ${label}`]));
    inputs[key] = { node: c, set: (v) => { c.checked = Boolean(v); } };
  };
  const seed = (parent, key) => {
    const f = model.byKey[key];
    const n = el('input', { type: 'number', id: id(`c-${key}`), 'data-key': key, min: f.min, max: f.max, step: 1 });
    n.addEventListener('change', () => {
      const v = Number(n.value);
      if (Number.isInteger(v) && v >= f.min && v <= f.max) onChange({ [key]: v });
    });
    parent.append(el('label', { class: 'control', for: id(`c-${key}`), 'data-control': kebab(key) }, [el('span', { text: t.controls[key] }), n]));
    inputs[key] = { node: n, set: (v) => { n.value = String(v); } };
  };

  // ----- the tuning bar: what a learner changes most, beside the output -----
  const tuning = parts.tuning;
  select(tuning, 'learningRate', LEARNING_RATES, null, Number);
  select(tuning, 'activation', model.values('activation'), t.activations);
  select(tuning, 'loss', model.values('loss'), t.losses);
  select(tuning, 'optimizer', model.values('optimizer'), t.optimizers);
  select(tuning, 'regularization', model.values('regularization'), t.regularizations);
  select(tuning, 'regularizationRate', REGULARIZATION_RATES, null, Number);
  slider(tuning, 'batchSize', 1, 100, 1);
  const tuningHint = el('p', { class: 'hint wide', hidden: true, text: t.controls.perceptronIgnores });
  tuning.append(tuningHint);

  // ----- data sets, each with a preview of its points (a radio group) -----
  const datasetButtons = {};
  // The image data sets are offered by the page's module too: choosing one
  // loads the images module (app.js).
  const names = [...new Set([...model.values('dataset'), ...IMAGE_DATASETS, ...SEQUENCE_DATASETS])];
  for (const name of names) {
    const preview = el('canvas', { 'aria-hidden': 'true' });
    const b = el('button', {
      type: 'button', role: 'radio', 'aria-checked': 'false', tabindex: '-1', 'data-dataset': name,
      onclick: () => onChange({ dataset: name, data: null }),
    }, [preview, t.datasets[name] ?? name]);
    parts.datasets.append(b);
    datasetButtons[name] = b;
    makePreview(name, preview);
  }
  parts.datasets.addEventListener('keydown', (event) => {
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const i = names.indexOf(event.target.dataset?.dataset);
    if (!(event.key in moves) || i < 0) return;
    event.preventDefault();
    const next = names[(i + moves[event.key] + names.length) % names.length];
    datasetButtons[next].focus();
    onChange({ dataset: next, data: null });
  });

  const data = parts.dataControls;
  const points = model.byKey.points;
  slider(data, 'points', 20, Math.min(points.max, 1000), 10);
  slider(data, 'noise', 0, model.byKey.noise.max, 0.05, (v) => v.toFixed(2));
  // Images have no noise to add: the control belongs to the plane's scenes.
  inputs.noise.node.closest('label').classList.add('plane-only');
  slider(data, 'testRatio', 0, model.byKey.testRatio.max, 0.1, (v) => `${Math.round(v * 100)} %`);
  const dataHint = el('p', { class: 'hint', hidden: true, text: t.controls.truthTableIgnores });
  data.append(dataHint, el('button', {
    type: 'button', id: id('regenerate'), text: t.controls.regenerate,
    onclick: () => onChange({ dataSeed: (currentState.dataSeed + 1) % (model.byKey.dataSeed.max + 1), data: null }),
  }));

  // ----- a sequence scene's data: its steps, their order -----
  if (model.byKey.steps) {
    const steps = model.byKey.steps;
    slider(parts.sequenceControls, 'steps', steps.min, steps.max, 1);
    checkbox(parts.sequenceControls, 'shuffleSteps', t.sequences.shuffleSteps);
  }

  // ----- an image scene's data: augmentation, one class thinned out -----
  const rareNames = {};
  if (model.byKey.augment) {
    checkbox(parts.imageControls, 'augment', t.images.augment);
    // Named as the data set names its classes (digits38: class 0 is the 3s, 1 the 8s).
    const rare = model.byKey.rareClass;
    const classes = Array.from({ length: rare.max - rare.min + 1 }, (_, k) => rare.min + k);
    select(parts.imageControls, 'rareClass', classes, rareNames, Number);
    const share = model.byKey.rareClassShare;
    slider(parts.imageControls, 'rareClassShare', share.min, share.max, 0.05, (v) => `${Math.round(v * 100)} %`);
  }

  const featureBoxes = {};
  const featureNames = model.values('features');
  for (const f of featureNames) {
    const c = el('input', { type: 'checkbox', id: id(`f-${f}`), 'data-key': `feature-${f}` });
    c.addEventListener('change', () => {
      const chosen = featureNames.filter((g) => featureBoxes[g].checked);
      if (chosen.length === 0) { c.checked = true; return; }
      onChange({ features: chosen });
    });
    featureBoxes[f] = c;
    parts.features.append(el('label', { for: id(`f-${f}`) }, [c, t.features[f] ?? f]));
  }
  checkbox(parts.normalize, 'normalize', t.controls.normalize);

  // ----- layers and neurons with − / +; per-layer activations on request -----
  const layers = model.byKey.hiddenLayers;
  let perLayer = false;
  const renderLayers = (state, info) => {
    const box = parts.layerControls;
    box.replaceChildren();
    const scene = sceneKind(state.dataset);
    if (scene !== 'plane' && model.byKey.augment) {
      const outputs = info.task.kind === 'multiclass' ? info.task.classes : 1;
      const input = scene === 'sequences' ? [state.steps, 1] : [1, 8, 8];
      renderLayerStack(box, { state, model, messages, outputs, input, regression: info.task.kind === 'regression', onChange });
      return;
    }
    if (state.mode === 'perceptron') {
      box.append(el('span', { class: 'hint', text: t.controls.perceptronLayers }));
      return;
    }
    const hidden = state.hiddenLayers;
    const counter = (label, value, min, max, set, fewer, more, key) => el('span', { class: 'counter' }, [
      label,
      el('button', { type: 'button', 'aria-label': fewer, 'data-key': `${key}-`, text: '−', disabled: value <= min, onclick: () => set(value - 1) }),
      el('strong', { text: String(value) }),
      el('button', { type: 'button', 'aria-label': more, 'data-key': `${key}+`, text: '+', disabled: value >= max, onclick: () => set(value + 1) }),
    ]);
    box.append(counter(`${t.controls.hiddenLayers} `, hidden.length, 0, layers.maxLength, (n) => {
      const next = hidden.slice(0, n);
      while (next.length < n) next.push(next.length ? next[next.length - 1] : 4);
      onChange({ hiddenLayers: next, layerActivations: [] });
    }, t.controls.fewerLayers, t.controls.moreLayers, 'layers'));
    hidden.forEach((count, i) => {
      box.append(counter(`${t.controls.layer(i + 1)} `, count, layers.min, layers.max, (n) => {
        const next = hidden.slice();
        next[i] = n;
        onChange({ hiddenLayers: next });
      }, t.controls.fewerNeurons(i + 1), t.controls.moreNeurons(i + 1), `layer${i}`));
    });
    if (hidden.length === 0) return;
    box.append(el('button', {
      type: 'button', 'aria-pressed': String(perLayer), 'data-key': 'per-layer',
      text: perLayer ? t.controls.simple : t.controls.perLayer,
      onclick: () => { perLayer = !perLayer; renderLayers(currentState, currentInfo); },
    }));
    if (!perLayer) return;
    const row = el('div', { class: 'controls inline' });
    const activationOf = (j) => (state.layerActivations.length === hidden.length ? state.layerActivations[j] : state.activation);
    hidden.forEach((_, i) => {
      const s = el('select', { 'aria-label': t.controls.layerActivation(i + 1), 'data-key': `layer-activation${i}` });
      for (const a of model.values('layerActivations')) s.append(el('option', { value: a, text: `${t.controls.layer(i + 1)}: ${t.activations[a] ?? a}` }));
      s.value = activationOf(i);
      s.addEventListener('change', () => {
        const next = hidden.map((__, j) => activationOf(j));
        next[i] = s.value;
        onChange({ layerActivations: next });
      });
      row.append(s);
    });
    box.append(row);
  };

  // ----- view options -----
  checkbox(parts.viewControls, 'showTest', t.view.showTest);
  checkbox(parts.viewControls, 'discretize', t.view.discretize);
  checkbox(parts.viewControls, 'showLines', t.view.showLines);
  checkbox(parts.viewControls, 'logScale', t.view.logScale);
  checkbox(parts.linkView, 'gradientLinks', t.view.gradientLinks);
  const linesHint = el('p', { class: 'hint', hidden: true, text: t.view.linesNeedLinearInputs });
  parts.viewControls.append(linesHint);

  // ----- more settings -----
  select(parts.more, 'mode', model.values('mode'), t.modes);
  select(parts.more, 'init', model.values('init'), t.inits);
  select(parts.more, 'initScale', INIT_SCALES, null, Number);
  seed(parts.more, 'weightSeed');
  seed(parts.more, 'dataSeed');
  slider(parts.more, 'epochsPerFrame', 1, 50, 1);

  // ----- the class of new points -----
  let selectedClass = 1;
  let regressionValue = 1;
  const renderPicker = (info) => {
    const picker = parts.picker;
    picker.replaceChildren(t.picker.newPoints);
    if (info.task.kind === 'regression') {
      const r = el('input', { type: 'range', min: -1, max: 1, step: 0.1, value: regressionValue, 'aria-label': t.picker.value, 'data-key': 'new-value' });
      const out = el('output', { text: regressionValue.toFixed(1) });
      r.addEventListener('input', () => { regressionValue = Number(r.value); out.textContent = regressionValue.toFixed(1); });
      picker.append(r, out);
      return;
    }
    const classes = info.task.kind === 'multiclass' ? info.task.classes : 2;
    if (selectedClass >= classes) selectedClass = 0;
    for (let k = 0; k < classes; k++) {
      const radio = el('input', { type: 'radio', name: id('new-class'), value: String(k), 'data-key': `class${k}` });
      radio.checked = k === selectedClass;
      radio.addEventListener('change', () => { selectedClass = k; });
      const swatch = el('span', { class: `swatch class${k}` });
      picker.append(el('label', {}, [radio, swatch, t.picker.class(k)]));
    }
    picker.append(el('span', { class: 'hint', text: t.picker.shiftHint }));
  };

  /** Re-renders with `render`, keeping the focus on the same control. */
  const keepingFocus = (render) => {
    const key = focusedIn(parts.shell)?.dataset?.key;
    render();
    if (!key) return;
    const again = parts.shell.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again && !again.disabled) again.focus();
    else if (again) again.parentElement?.querySelector('button:not([disabled])')?.focus();
  };

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
      currentInfo = info;
      for (const [key, input] of Object.entries(inputs)) {
        if (key !== 'loss' && state[key] !== undefined) input.set(state[key]);
      }
      const dataset = model.datasets[state.dataset];
      const allowed = ['auto', ...(dataset?.losses ?? [])];
      inputs.loss.fill(allowed);
      inputs.loss.node.value = allowed.includes(state.loss) ? state.loss : 'auto';
      for (const [name, b] of Object.entries(datasetButtons)) {
        const on = name === state.dataset;
        b.setAttribute('aria-checked', String(on));
        b.tabIndex = on ? 0 : -1;
      }
      for (const f of featureNames) featureBoxes[f].checked = state.features.includes(f);
      // A first-layer neuron's boundary is a straight line only for x1, x2 inputs.
      const linear = state.features.every((f) => f === 'x1' || f === 'x2');
      inputs.showLines.node.disabled = !linear;
      linesHint.hidden = linear;
      // An image scene's points are its training images.
      const images = IMAGE_DATASETS.includes(state.dataset);
      inputs.points.label.textContent = images ? t.images.trainingImages : t.controls.points;
      // As many as the split leaves (1,258 of the 1,797 digits at 30 % held
      // out): the count in use, whatever more was asked for.
      if (images) inputs.points.out.textContent = String(info.train);
      // A sequence scene's points are its sequences; its steps are a window
      // of the sines, or the distance the memory task asks to remember.
      if (sceneKind(state.dataset) === 'sequences') {
        inputs.points.label.textContent = t.sequences.count;
        if (inputs.steps) inputs.steps.label.textContent = t.sequences.steps[state.dataset];
        inputs.noise.node.closest('label').hidden = state.dataset === 'memory';
      } else {
        inputs.noise.node.closest('label').hidden = false;
      }
      if (images && inputs.rareClass) {
        const names = classNames(state.dataset);
        if (inputs.rareClass.node.options.length !== names.length) {
          names.forEach((n, k) => { rareNames[k] = n; });
          inputs.rareClass.fill(names.map((_, k) => k));
        }
        inputs.rareClass.node.value = String(state.rareClass);
      }
      const ignored = new Set(dataset?.ignores ?? []);
      for (const key of ['points', 'noise', 'testRatio']) inputs[key].node.disabled = ignored.has(key);
      dataHint.hidden = !ignored.has('points');
      const perceptron = state.mode === 'perceptron';
      for (const key of NOT_FOR_PERCEPTRON) inputs[key].node.disabled = perceptron;
      tuningHint.hidden = !perceptron;
      // A perceptron has no sigmoid output: its own sentence replaces the task's.
      parts.taskNote.textContent = perceptron ? t.task.perceptron.trim()
        : info.task.kind === 'multiclass' ? t.task.multiclass(info.task.classes) : t.task[info.task.kind];
      keepingFocus(() => {
        renderLayers(state, info);
        renderPicker(info);
      });
    },
  };
}
