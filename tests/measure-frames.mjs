// Measures the page's frame rate while playing, for issue notes and the
// performance checks of the README. Not a test (it asserts nothing):
//   cargo xtask serve &   then   NNPLAY_URL=http://127.0.0.1:8000/ node tests/measure-frames.mjs
// For each scene: frames/s, median/p95/max frame time (requestAnimationFrame
// deltas over 4 s of playing), long tasks, epochs/s, and the cost of one
// draw of the three canvases and of one epoch.
import { launch, open } from './helpers.mjs';
const browser = await launch();
for (const [name, query] of [['default XOR (2-6-3-1)', ''], ['default XOR, 50 epochs/frame', '?epochsPerFrame=50'], ['6x8 network on spiral', '?dataset=spiral&hiddenLayers=8%2C8%2C8%2C8%2C8%2C8&points=500'], ['6x8, 50 epochs/frame', '?dataset=spiral&hiddenLayers=8%2C8%2C8%2C8%2C8%2C8&points=500&epochsPerFrame=50'], ['heaviest: 8x16, 5000 points, batch 1', '?hiddenLayers=16%2C16%2C16%2C16%2C16%2C16%2C16%2C16&points=5000&batchSize=1']]) {
  const { page, context } = await open(browser, query);
  const r = await page.evaluate(async () => {
    const deltas = [];
    const long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
    window.nnplay.play();
    const e0 = window.nnplay.playground.summary().epoch;
    let last = performance.now();
    await new Promise((done) => {
      const t0 = performance.now();
      const f = (now) => { deltas.push(now - last); last = now; if (now - t0 < 4000) requestAnimationFrame(f); else done(); };
      requestAnimationFrame(f);
    });
    window.nnplay.pause();
    const e1 = window.nnplay.playground.summary().epoch;
    deltas.sort((a, b) => a - b);
    // Cost of one draw and one epoch, measured directly.
    const p = window.nnplay.playground;
    const c = (id) => document.getElementById(id);
    let t = performance.now();
    for (let i = 0; i < 50; i++) {
      p.drawBoundary(c('boundary'), { showLines: true });
      p.drawLossChart(c('loss'));
      p.drawGradientHeatmap(c('gradients'));
    }
    const draw = (performance.now() - t) / 50;
    t = performance.now();
    for (let i = 0; i < 50; i++) p.trainEpochs(1);
    const epoch = (performance.now() - t) / 50;
    return { fps: deltas.length / 4, median: deltas[deltas.length >> 1], p95: deltas[Math.floor(deltas.length * 0.95)], max: deltas[deltas.length - 1], epochsPerSecond: (e1 - e0) / 4, longTasks: long.length, drawMs: draw, epochMs: epoch, points: p.points().train.x.length };
  });
  console.log(name, JSON.stringify(r, (k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)));
  await context.close();
}
await browser.close();
