// W4's peers, in Node: TensorFlow.js (cpu and wasm backends) and ConvNetJS,
// each given the fixture's digits and initial weights, computing nnplay's
// model: conv 8 × 3×3 same → ReLU → max-pool 2×2 → dense 10, softmax and
// mean cross-entropy, plain SGD on mini-batches.
//
// Layouts: nnplay (and PyTorch) keep a conv filter as [f][c][i][j] and
// flatten the maps channel by channel (index d·16 + y·4 + x); TensorFlow.js
// keeps channels last (kernel [i][j][c][f], flatten (y·4 + x)·8 + d) and
// ConvNetJS likewise ((4y + x)·8 + d). The weights are moved accordingly.

import * as tf from '@tensorflow/tfjs';
import convnetjs from 'convnetjs';
import { stats } from '../workloads.mjs';

/** nnplay's dense input index (channel first) for a channels-last one. */
const channelFirst = (k) => {
  const d = k % 8;
  const yx = Math.floor(k / 8);
  return d * 16 + yx;
};

function tfModel(w) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10 }));
  const kernel = new Float32Array(9 * 8);
  for (let f = 0; f < 8; f++) for (let ij = 0; ij < 9; ij++) kernel[ij * 8 + f] = w.conv.weights[f * 9 + ij];
  model.layers[0].setWeights([tf.tensor4d(kernel, [3, 3, 1, 8]), tf.tensor1d(w.conv.biases)]);
  const dense = new Float32Array(128 * 10);
  for (let k = 0; k < 128; k++) for (let o = 0; o < 10; o++) dense[k * 10 + o] = w.dense.weights[o * 128 + channelFirst(k)];
  model.layers[3].setWeights([tf.tensor2d(dense, [128, 10]), tf.tensor1d(w.dense.biases)]);
  return model;
}

/**
 * Runs an image workload with TensorFlow.js on its current backend; a
 * backend that cannot train the net (the wasm backend has no
 * Conv2DBackpropFilter kernel in 4.22) answers `{ unsupported: why }`.
 */
export function runTfImages(w, runs) {
  try {
    return trainTfImages(w, runs);
  } catch (error) {
    if (/not registered for backend/.test(error.message)) return { unsupported: error.message };
    throw error;
  }
}

function trainTfImages(w, runs) {
  const n = w.samples;
  const xs = tf.tensor4d(w.digits.pixels, [n, 8, 8, 1]);
  const ys = tf.oneHot(tf.tensor1d(Int32Array.from(w.digits.labels), 'int32'), 10).toFloat();
  const batches = [];
  for (let start = 0; start < n; start += w.batchSize) {
    const size = Math.min(w.batchSize, n - start);
    batches.push([xs.slice([start, 0, 0, 0], [size, 8, 8, 1]), ys.slice([start, 0], [size, 10])]);
  }
  const loss = (model) => tf.tidy(() => tf.losses.softmaxCrossEntropy(ys, model.predict(xs)).dataSync()[0]);
  const epoch = (model, optimizer) => {
    for (const [bx, by] of batches) tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(by, model.apply(bx)), false));
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
    if (w.kind === 'agree') return { loss: run(w.epochs).loss };
    run(1);
    const results = Array.from({ length: runs }, () => run(w.epochs));
    return { samplesPerSecond: stats(results.map((r) => (n * w.epochs) / (r.ms / 1000))), loss: results[0].loss };
  } finally {
    for (const [bx, by] of batches) { bx.dispose(); by.dispose(); }
    xs.dispose();
    ys.dispose();
  }
}

function convnet(w) {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 8, out_sy: 8, out_depth: 1 },
    { type: 'conv', sx: 3, filters: 8, stride: 1, pad: 1, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'softmax', num_classes: 10 },
  ]);
  const [, conv, , , fc] = net.layers;
  // A conv filter is a 3 × 3 × 1 Vol: index 3·y + x, as nnplay's [f][0][i][j].
  conv.filters.forEach((filter, f) => { for (let k = 0; k < 9; k++) filter.w[k] = w.conv.weights[f * 9 + k]; });
  conv.biases.w.fill(0);
  w.conv.biases.forEach((b, f) => { conv.biases.w[f] = b; });
  fc.filters.forEach((filter, o) => { for (let k = 0; k < 128; k++) filter.w[k] = w.dense.weights[o * 128 + channelFirst(k)]; });
  w.dense.biases.forEach((b, o) => { fc.biases.w[o] = b; });
  return net;
}

/** Runs an image workload with ConvNetJS (one sample at a time, its
 * gradients summed over the batch and divided by its size). */
export function runConvnet(w, runs) {
  const n = w.samples;
  const vols = Array.from({ length: n }, (_, i) => {
    const v = new convnetjs.Vol(8, 8, 1, 0);
    for (let k = 0; k < 64; k++) v.w[k] = w.digits.pixels[i * 64 + k];
    return v;
  });
  const loss = (net) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum -= Math.log(net.forward(vols[i]).w[w.digits.labels[i]]);
    return sum / n;
  };
  const run = (epochs) => {
    const net = convnet(w);
    const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: w.learningRate, batch_size: w.batchSize, momentum: 0, l2_decay: 0 });
    const t = performance.now();
    for (let e = 0; e < epochs; e++) for (let i = 0; i < n; i++) trainer.train(vols[i], w.digits.labels[i]);
    return { ms: performance.now() - t, loss: loss(net) };
  };
  if (w.kind === 'agree') return { loss: run(w.epochs).loss };
  run(1);
  const results = Array.from({ length: runs }, () => run(w.epochs));
  return { samplesPerSecond: stats(results.map((r) => (n * w.epochs) / (r.ms / 1000))), loss: results[0].loss };
}
