// Measures the page's frame rate while playing, for issue notes and the
// performance checks of the README. Not a test (it asserts nothing):
//   cargo xtask serve &   then   NNPLAY_URL=http://127.0.0.1:8000/ node tests/measure-frames.mjs [seconds]
// For each scene: frames/s, median/p95/max frame time (requestAnimationFrame
// deltas over `seconds` of playing, 4 by default; the targets use
// 10), the main thread's long tasks (count and longest), the script time
// the page's own animation frames take (median and p95 per frame), epochs/s,
// and the cost of one draw of the three canvases and of one epoch (on a copy
// of the run in the page: the page's own engine draws and trains in its
// worker). Last, the targets of issue 17, each with its figure and whether
// it holds.
import { launch, open } from './helpers.mjs';

const seconds = Number(process.argv[2] ?? 4);
const SCENES = [
  ['default XOR (2-6-3-1)', ''],
  ['default XOR, 50 epochs/frame', '?epochsPerFrame=50'],
  ['6x8 network on spiral', '?dataset=spiral&hiddenLayers=8%2C8%2C8%2C8%2C8%2C8&points=500'],
  ['6x8, 50 epochs/frame', '?dataset=spiral&hiddenLayers=8%2C8%2C8%2C8%2C8%2C8&points=500&epochsPerFrame=50'],
  ['heaviest: 8x16, 5000 points, batch 1', '?hiddenLayers=16%2C16%2C16%2C16%2C16%2C16%2C16%2C16&points=5000&batchSize=1'],
];

const browser = await launch();
const results = {};
for (const [name, query] of SCENES) {
  const { page, context } = await open(browser, query);
  const r = await page.evaluate(async (ms) => {
    // The page's own frames: time each requestAnimationFrame callback.
    const script = [];
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => raf((now) => {
      const t = performance.now();
      try {
        callback(now);
      } finally {
        script.push(performance.now() - t);
      }
    });
    const deltas = [];
    const long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
    window.nnplay.play();
    const e0 = window.nnplay.summary.epoch;
    let last = performance.now();
    await new Promise((done) => {
      const t0 = performance.now();
      const f = (now) => { deltas.push(now - last); last = now; if (now - t0 < ms) raf(f); else done(); };
      raf(f);
    });
    window.nnplay.pause();
    const e1 = window.nnplay.summary.epoch;
    deltas.sort((a, b) => a - b);
    script.sort((a, b) => a - b);
    // Cost of one draw and one epoch, measured directly on a copy of the
    // run and canvases of the same sizes.
    const { Playground } = await import('./web/pkg/nnplay_wasm.js');
    const p = Playground.fromModel(await window.nnplay.call('exportModel'));
    const c = (id) => {
      const real = document.getElementById(id);
      const copy = document.createElement('canvas');
      copy.style.width = `${real.clientWidth}px`;
      copy.style.height = `${real.clientHeight}px`;
      document.body.append(copy);
      return copy;
    };
    const canvases = { boundary: c('boundary'), loss: c('loss'), gradients: c('gradients') };
    let t = performance.now();
    for (let i = 0; i < 50; i++) {
      p.drawBoundary(canvases.boundary, { showLines: true });
      p.drawLossChart(canvases.loss);
      p.drawGradientHeatmap(canvases.gradients);
    }
    const draw = (performance.now() - t) / 50;
    t = performance.now();
    for (let i = 0; i < 50; i++) p.trainEpochs(1);
    const epoch = (performance.now() - t) / 50;
    return {
      fps: deltas.length / (ms / 1000),
      median: deltas[deltas.length >> 1],
      p95: deltas[Math.floor(deltas.length * 0.95)],
      max: deltas[deltas.length - 1],
      epochsPerSecond: (e1 - e0) / (ms / 1000),
      longTasks: long.length,
      longestTask: Math.max(0, ...long),
      scriptMedian: script[script.length >> 1],
      scriptP95: script[Math.floor(script.length * 0.95)],
      drawMs: draw,
      epochMs: epoch,
      points: p.points().train.x.length,
      engine: window.nnplay.engine.kind,
    };
  }, seconds * 1000);
  results[name] = r;
  console.log(name, JSON.stringify(r, (k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)));
  await context.close();
}
await browser.close();

// Issue 17's targets, as measured here.
const heaviest = results['heaviest: 8x16, 5000 points, batch 1'];
const targets = [
  ['heaviest scene ≥ 55 frames/s', heaviest.fps, heaviest.fps >= 55],
  ['heaviest scene: no main-thread task over 50 ms (longest)', heaviest.longestTask, heaviest.longestTask <= 50],
  ['default scene ≤ 2 ms of main-thread script per frame (median)', results['default XOR (2-6-3-1)'].scriptMedian, results['default XOR (2-6-3-1)'].scriptMedian <= 2],
  ['6x8 at 50 epochs/frame ≥ 55 frames/s', results['6x8, 50 epochs/frame'].fps, results['6x8, 50 epochs/frame'].fps >= 55],
  // Before the engine moved to a worker (5669f31, the same machine): 22.7.
  ['heaviest scene: no fewer epochs/s than the page-thread engine (22.7)', heaviest.epochsPerSecond, heaviest.epochsPerSecond >= 22.7],
];
console.log(`\nissue 17 targets (${seconds} s of playing each):`);
for (const [what, figure, met] of targets) console.log(`  ${met ? 'met    ' : 'not met'}  ${what}: ${Math.round(figure * 100) / 100}`);
