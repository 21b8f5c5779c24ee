// Where a playing page's main thread spends its time, by Chromium's own
// timeline events (script, style, layout, paint, commit), for one scene.
// Not a test:  cargo xtask serve --port 8111 &
//   NNPLAY_URL=http://127.0.0.1:8111/ node tests/trace-frames.mjs '?hiddenLayers=8%2C8&points=500'
import { launch, open } from './helpers.mjs';
const query = process.argv[2] ?? '?hiddenLayers=16%2C16%2C16%2C16%2C16%2C16%2C16%2C16&points=5000&batchSize=1';
const browser = await launch();
const { page } = await open(browser, query);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await page.evaluate(async () => {
  window.nnplay.play();
  const t0 = performance.now();
  await new Promise((done) => { const f = (now) => { if (now - t0 < 3000) requestAnimationFrame(f); else done(); }; requestAnimationFrame(f); });
  window.nnplay.pause();
});
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents;
const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const by = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  if (main && (e.pid !== main.pid || e.tid !== main.tid)) continue;
  by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
}
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(v.toFixed(0).padStart(7), 'ms', k);
await browser.close();
