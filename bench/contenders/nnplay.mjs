// nnplay's wasm module as a contender: the same code in Node and in
// Chromium (bench/page.html). Each workload starts from its fixture's model
// file, so the weights and points are the fixture's (an image workload's
// `Playground` is the images module's, with the digits loaded).

import { LIMITS, stats } from '../workloads.mjs';

/** Runs `workload` `runs` times (after one warm-up) with `Playground`. */
export function runNnplay(Playground, workload, runs) {
  const fresh = () => Playground.fromModel(workload.model, LIMITS);
  const n = workload.samples ?? workload.points.x.length;
  const timed = (fn) => {
    const p = fresh();
    try {
      const t = performance.now();
      const extra = fn(p);
      return { ms: performance.now() - t, extra };
    } finally {
      p.free();
    }
  };
  const repeat = (fn) => {
    timed(fn);
    return Array.from({ length: runs }, () => timed(fn));
  };
  switch (workload.kind) {
    case 'converge': {
      const results = repeat((p) => {
        for (let e = 1; e <= workload.maxEpochs; e++) {
          if (p.trainEpochs(1).trainLoss < workload.target) return e;
        }
        return null;
      });
      return { ms: stats(results.map((r) => r.ms)), epochs: results[0].extra };
    }
    case 'throughput': {
      const results = repeat((p) => p.trainEpochs(workload.epochs).trainLoss);
      return {
        samplesPerSecond: stats(results.map((r) => (n * workload.epochs) / (r.ms / 1000))),
        loss: results[0].extra,
      };
    }
    case 'grid': {
      const p = fresh();
      try {
        p.trainEpochs(workload.trainEpochs);
        const frame = () => {
          const t = performance.now();
          for (let f = 0; f < workload.frames; f++) p.decisionGrid(workload.resolution, -6, 6, -6, 6);
          return performance.now() - t;
        };
        frame();
        const cells = workload.resolution ** 2 * workload.frames;
        return { predictionsPerSecond: stats(Array.from({ length: runs }, () => cells / (frame() / 1000))) };
      } finally {
        p.free();
      }
    }
    case 'agree': {
      const p = fresh();
      try {
        return { loss: p.trainEpochs(workload.epochs).trainLoss };
      } finally {
        p.free();
      }
    }
    default:
      throw new Error(`unknown workload kind ${workload.kind}`);
  }
}
