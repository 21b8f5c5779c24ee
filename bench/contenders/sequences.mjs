// W5's peers, in Node: TensorFlow.js (cpu and wasm backends), given the
// fixture's sequences and initial weights, computing nnplay's model: a
// simple RNN (tf.layers.simpleRNN: h = tanh(x·W + h·U + b), the same cell)
// or a GRU of 16 units, then a dense sigmoid output, mean binary
// cross-entropy on the logits, plain SGD on mini-batches.
//
// Layouts: nnplay (and PyTorch) keep W_ih as [gates·units][inputs] with the
// gates r, z, n; TensorFlow.js keeps the kernel as [inputs][gates·units]
// with the gates z, r, h, and one bias (nnplay's two added). TensorFlow.js's
// GRU applies the reset gate before the recurrent product (Keras'
// reset_after=False), a slightly different cell of the same size and cost:
// its losses are not compared, only its speed. The agreement run compares
// losses, and there the two biases matter: nnplay, like PyTorch's nn.RNN,
// learns b_ih and b_hh apart (each gets the gradient, so together they
// move twice as far per SGD step as Keras' one bias); so it is written
// with TensorFlow.js's ops, the same four tensors and the same steps.

import * as tf from '@tensorflow/tfjs';
import { stats } from '../workloads.mjs';

/** `rows × cols` row-major `values`, transposed. */
function transpose(values, rows, cols) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/** nnplay's gate blocks [r, z, n] (each `units` rows) as Keras' [z, r, h]. */
function kerasGates(values, units, width) {
  const block = units * width;
  const out = new Float32Array(values.length);
  out.set(values.slice(block, 2 * block), 0);
  out.set(values.slice(0, block), block);
  out.set(values.slice(2 * block, 3 * block), 2 * block);
  return out;
}

function tfModel(w) {
  const { units, steps } = w;
  const gru = w.recurrentKind === 'gru';
  const model = tf.sequential();
  model.add(gru
    ? tf.layers.gru({ units, inputShape: [steps, 1], recurrentActivation: 'sigmoid' })
    : tf.layers.simpleRNN({ units, inputShape: [steps, 1], activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1 }));
  const g = gru ? 3 : 1;
  const r = w.recurrent;
  const ih = gru ? kerasGates(r.weightIh, units, 1) : Float32Array.from(r.weightIh);
  const hh = gru ? kerasGates(r.weightHh, units, units) : Float32Array.from(r.weightHh);
  const bias = r.biasIh.map((b, k) => b + r.biasHh[k]);
  model.layers[0].setWeights([
    tf.tensor2d(transpose(ih, g * units, 1), [1, g * units]),
    tf.tensor2d(transpose(hh, g * units, units), [units, g * units]),
    tf.tensor1d(gru ? kerasGates(bias, units, 1) : bias),
  ]);
  model.layers[1].setWeights([tf.tensor2d(w.dense.weights, [units, 1]), tf.tensor1d(w.dense.biases)]);
  return model;
}

/** Runs a sequence workload with TensorFlow.js on its current backend (a
 * backend that cannot train the net answers `{ unsupported: why }`). */
export function runTfSequences(w, runs) {
  try {
    return trainTfSequences(w, runs);
  } catch (error) {
    if (/not registered for backend|not yet implemented/.test(error.message)) return { unsupported: error.message };
    throw error;
  }
}

/** The simple RNN of nnplay and PyTorch in TensorFlow.js ops: its
 * variables and its logits for `x` (n × steps × 1). */
function explicitRnn(w) {
  const { units, steps } = w;
  const r = w.recurrent;
  const v = {
    ih: tf.variable(tf.tensor2d(r.weightIh, [units, 1])),
    hh: tf.variable(tf.tensor2d(r.weightHh, [units, units])),
    bih: tf.variable(tf.tensor1d(r.biasIh)),
    bhh: tf.variable(tf.tensor1d(r.biasHh)),
    out: tf.variable(tf.tensor2d(w.dense.weights, [1, units])),
    bout: tf.variable(tf.tensor1d(w.dense.biases)),
  };
  const logits = (x) => {
    let h = tf.zeros([x.shape[0], units]);
    for (let t = 0; t < steps; t++) {
      const xt = x.slice([0, t, 0], [x.shape[0], 1, 1]).reshape([x.shape[0], 1]);
      h = tf.tanh(xt.matMul(v.ih, false, true).add(v.bih).add(h.matMul(v.hh, false, true).add(v.bhh)));
    }
    return h.matMul(v.out, false, true).add(v.bout);
  };
  return { variables: Object.values(v), logits, dispose: () => Object.values(v).forEach((t) => t.dispose()) };
}

/** The agreement: full-batch SGD on the explicit simple RNN. */
function agreeExplicitRnn(w) {
  const n = w.data.labels.length;
  const xs = tf.tensor3d(w.data.values, [n, w.steps, 1]);
  const ys = tf.tensor2d(w.data.labels, [n, 1]);
  const net = explicitRnn(w);
  const optimizer = tf.train.sgd(w.learningRate);
  try {
    for (let e = 0; e < w.epochs; e++) {
      for (let start = 0; start < n; start += w.batchSize) {
        const size = Math.min(w.batchSize, n - start);
        tf.tidy(() => {
          const bx = xs.slice([start, 0, 0], [size, w.steps, 1]);
          const by = ys.slice([start, 0], [size, 1]);
          optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(by, net.logits(bx)), false, net.variables);
        });
      }
    }
    return { loss: tf.tidy(() => tf.losses.sigmoidCrossEntropy(ys, net.logits(xs)).dataSync()[0]) };
  } finally {
    net.dispose();
    optimizer.dispose();
    xs.dispose();
    ys.dispose();
  }
}

function trainTfSequences(w, runs) {
  if (w.kind === 'agree') return agreeExplicitRnn(w);
  const n = w.data.labels.length;
  const xs = tf.tensor3d(w.data.values, [n, w.steps, 1]);
  const ys = tf.tensor2d(w.data.labels, [n, 1]);
  const batches = [];
  for (let start = 0; start < n; start += w.batchSize) {
    const size = Math.min(w.batchSize, n - start);
    batches.push([xs.slice([start, 0, 0], [size, w.steps, 1]), ys.slice([start, 0], [size, 1])]);
  }
  const loss = (model) => tf.tidy(() => tf.losses.sigmoidCrossEntropy(ys, model.predict(xs)).dataSync()[0]);
  const epoch = (model, optimizer) => {
    for (const [bx, by] of batches) tf.tidy(() => optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(by, model.apply(bx)), false));
  };
  const run = (epochs) => {
    const model = tfModel(w);
    const optimizer = tf.train.sgd(w.learningRate);
    try {
      const t = performance.now();
      for (let e = 0; e < epochs; e++) epoch(model, optimizer);
      const ms = performance.now() - t;
      return { ms, loss: loss(model) };
    } finally {
      model.dispose();
      optimizer.dispose();
    }
  };
  try {
    run(1);
    const results = Array.from({ length: runs }, () => run(w.epochs));
    return { samplesPerSecond: stats(results.map((r) => (n * w.epochs) / (r.ms / 1000))) };
  } finally {
    for (const [bx, by] of batches) { bx.dispose(); by.dispose(); }
    xs.dispose();
    ys.dispose();
  }
}
