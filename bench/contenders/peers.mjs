// The peers, in Node: brain.js and TensorFlow.js (its cpu backend and
// @tensorflow/tfjs-backend-wasm), each given the fixture's points and
// initial weights.
//
// TensorFlow.js computes exactly nnplay's model: tanh hidden layers, a
// sigmoid output, mean squared error, plain SGD on mini-batches taken in
// order (nnplay shuffles; order does not change the cost of an epoch).
// brain.js cannot: it updates after every sample, uses one activation for
// every layer (tanh for the output too) and its own error measure, so it is
// timed on the same network shape, points and weights, but its losses are
// not compared.

import brain from 'brain.js';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { stats } from '../workloads.mjs';

export async function tfBackend(name) {
  await tf.setBackend(name);
  await tf.ready();
  return tf.getBackend();
}

function tfModel(workload) {
  const model = tf.sequential();
  workload.layers.forEach((layer, l) => {
    const last = l === workload.layers.length - 1;
    model.add(tf.layers.dense({
      units: layer.neurons,
      inputShape: l === 0 ? [layer.inputs] : undefined,
      activation: last ? 'sigmoid' : workload.activation,
    }));
  });
  workload.layers.forEach((layer, l) => {
    // nnplay: neuron after neuron ([neurons][inputs]); TF: [inputs][units].
    const kernel = new Float32Array(layer.inputs * layer.neurons);
    for (let j = 0; j < layer.neurons; j++) {
      for (let i = 0; i < layer.inputs; i++) kernel[i * layer.neurons + j] = layer.weights[j * layer.inputs + i];
    }
    model.layers[l].setWeights([tf.tensor2d(kernel, [layer.inputs, layer.neurons]), tf.tensor1d(layer.biases)]);
  });
  return model;
}

function tfData(workload) {
  const { x, y, label } = workload.points;
  const xy = new Float32Array(x.length * 2);
  x.forEach((v, i) => { xy[2 * i] = v; xy[2 * i + 1] = y[i]; });
  return { xs: tf.tensor2d(xy, [x.length, 2]), ys: tf.tensor2d(Float32Array.from(label), [x.length, 1]) };
}

/** Runs `workload` with TensorFlow.js on its current backend. */
export function runTf(workload, runs) {
  const n = workload.points.x.length;
  const { xs, ys } = tfData(workload);
  const batchSize = Math.min(workload.batchSize, n);
  const batches = [];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    batches.push([xs.slice([start, 0], [size, 2]), ys.slice([start, 0], [size, 1])]);
  }
  const loss = (model) => tf.tidy(() => tf.losses.meanSquaredError(ys, model.predict(xs)).dataSync()[0]);
  const epoch = (model, optimizer) => {
    for (const [bx, by] of batches) {
      tf.tidy(() => optimizer.minimize(() => tf.losses.meanSquaredError(by, model.apply(bx)), false));
    }
  };
  const fresh = () => ({ model: tfModel(workload), optimizer: tf.train.sgd(workload.learningRate) });
  const done = (m) => { m.model.dispose(); m.optimizer.dispose(); };
  const timed = (fn) => {
    const m = fresh();
    try {
      const t = performance.now();
      const extra = fn(m);
      return { ms: performance.now() - t, extra };
    } finally {
      done(m);
    }
  };
  const repeat = (fn) => {
    timed(fn);
    return Array.from({ length: runs }, () => timed(fn));
  };
  try {
    switch (workload.kind) {
      case 'converge': {
        const results = repeat(({ model, optimizer }) => {
          for (let e = 1; e <= workload.maxEpochs; e++) {
            epoch(model, optimizer);
            if (loss(model) < workload.target) return e;
          }
          return null;
        });
        return { ms: stats(results.map((r) => r.ms)), epochs: results[0].extra };
      }
      case 'throughput': {
        // A step costs TF.js about a millisecond whatever the batch: time
        // about 2,000 steps (samples per second does not depend on how many).
        const epochs = Math.max(1, Math.min(workload.epochs, Math.round((2000 * batchSize) / n)));
        const results = repeat(({ model, optimizer }) => {
          for (let e = 0; e < epochs; e++) epoch(model, optimizer);
          return loss(model);
        });
        return { samplesPerSecond: stats(results.map((r) => (n * epochs) / (r.ms / 1000))), epochs, loss: results[0].extra };
      }
      case 'grid': {
        const m = fresh();
        try {
          for (let e = 0; e < workload.trainEpochs; e++) epoch(m.model, m.optimizer);
          const r = workload.resolution;
          const coords = new Float32Array(r * r * 2);
          for (let j = 0; j < r; j++) {
            for (let i = 0; i < r; i++) {
              coords[2 * (j * r + i)] = -6 + (12 * (i + 0.5)) / r;
              coords[2 * (j * r + i) + 1] = 6 - (12 * (j + 0.5)) / r;
            }
          }
          const frame = () => {
            const t = performance.now();
            for (let f = 0; f < workload.frames; f++) {
              tf.tidy(() => m.model.predict(tf.tensor2d(coords, [r * r, 2])).dataSync());
            }
            return performance.now() - t;
          };
          frame();
          const cells = r * r * workload.frames;
          return { predictionsPerSecond: stats(Array.from({ length: runs }, () => cells / (frame() / 1000))) };
        } finally {
          done(m);
        }
      }
      case 'agree': {
        const m = fresh();
        try {
          for (let e = 0; e < workload.epochs; e++) epoch(m.model, m.optimizer);
          return { loss: loss(m.model) };
        } finally {
          done(m);
        }
      }
      default:
        throw new Error(`unknown workload kind ${workload.kind}`);
    }
  } finally {
    for (const [bx, by] of batches) { bx.dispose(); by.dispose(); }
    xs.dispose();
    ys.dispose();
  }
}

function brainNet(workload) {
  const net = new brain.NeuralNetwork({ hiddenLayers: workload.hidden, activation: workload.activation });
  const layers = [Object.fromEntries(Array.from({ length: 2 }, (_, i) => [i, {}]))];
  for (const layer of workload.layers) {
    const nodes = {};
    for (let j = 0; j < layer.neurons; j++) {
      const weights = {};
      for (let i = 0; i < layer.inputs; i++) weights[i] = layer.weights[j * layer.inputs + i];
      nodes[j] = { bias: layer.biases[j], weights };
    }
    layers.push(nodes);
  }
  net.fromJSON({ sizes: workload.sizes, layers, outputLookup: false, inputLookup: false, activation: workload.activation, trainOpts: {} });
  return net;
}

/** Runs `workload` with brain.js (per-sample updates, no momentum to speak of). */
export function runBrain(workload, runs) {
  const n = workload.points.x.length;
  const data = workload.points.x.map((x, i) => ({ input: [x, workload.points.y[i]], output: [workload.points.label[i]] }));
  // brain.js refuses momentum 0 and an error threshold of 0 ("out of normal
  // training range"): the smallest it takes stand for them.
  const options = (iterations, errorThresh) => ({
    iterations, errorThresh: Math.max(errorThresh, 1e-12), learningRate: workload.learningRate, momentum: 1e-12, log: false,
  });
  const timed = (fn) => {
    const net = brainNet(workload);
    const t = performance.now();
    const extra = fn(net);
    return { ms: performance.now() - t, extra };
  };
  const repeat = (fn) => {
    timed(fn);
    return Array.from({ length: runs }, () => timed(fn));
  };
  switch (workload.kind) {
    case 'converge': {
      const results = repeat((net) => net.train(data, options(workload.maxEpochs, workload.target)).iterations);
      return { ms: stats(results.map((r) => r.ms)), epochs: results[0].extra };
    }
    case 'throughput': {
      const epochs = Math.max(1, Math.min(workload.epochs, Math.ceil(100_000 / n)));
      const results = repeat((net) => net.train(data, options(epochs, 0)).error);
      return { samplesPerSecond: stats(results.map((r) => (n * epochs) / (r.ms / 1000))), epochs, loss: results[0].extra };
    }
    case 'grid': {
      const net = brainNet(workload);
      net.train(data, options(workload.trainEpochs, 0));
      const r = workload.resolution;
      const frame = () => {
        const t = performance.now();
        const out = new Float32Array(r * r);
        for (let f = 0; f < workload.frames; f++) {
          for (let j = 0; j < r; j++) {
            for (let i = 0; i < r; i++) out[j * r + i] = net.run([-6 + (12 * (i + 0.5)) / r, 6 - (12 * (j + 0.5)) / r])[0];
          }
        }
        return performance.now() - t;
      };
      frame();
      const cells = r * r * workload.frames;
      return { predictionsPerSecond: stats(Array.from({ length: runs }, () => cells / (frame() / 1000))) };
    }
    case 'agree':
      return null;
    default:
      throw new Error(`unknown workload kind ${workload.kind}`);
  }
}
