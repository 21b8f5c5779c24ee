import { launch, open } from './helpers.mjs';
const query = process.argv[2] ?? '?hiddenLayers=16%2C16%2C16%2C16%2C16%2C16%2C16%2C16&points=5000&batchSize=1';
const browser = await launch();
const { page } = await open(browser, query);
const r = await page.evaluate(async () => {
  const proto = Object.getPrototypeOf(window.nnplay.playground);
  const stats = {};
  for (const name of Object.getOwnPropertyNames(proto)) {
    const f = proto[name];
    if (typeof f !== 'function' || name === 'constructor') continue;
    proto[name] = function (...a) { const t = performance.now(); try { return f.apply(this, a); } finally { const d = performance.now() - t; const s = (stats[name] ??= { n: 0, total: 0, max: 0 }); s.n++; s.total += d; s.max = Math.max(s.max, d); } };
  }
  const frames = [];
  window.nnplay.play();
  const t0 = performance.now(); let last = t0;
  await new Promise((done) => { const f = (now) => { frames.push(now - last); last = now; if (now - t0 < 4000) requestAnimationFrame(f); else done(); }; requestAnimationFrame(f); });
  window.nnplay.pause();
  frames.sort((a, b) => b - a);
  return { fps: frames.length / 4, worst: frames.slice(0, 8).map(Math.round), stats: Object.entries(stats).sort((a, b) => b[1].total - a[1].total).slice(0, 12).map(([k, s]) => `${k} n=${s.n} total=${s.total.toFixed(0)} max=${s.max.toFixed(1)}`) };
});
console.log(JSON.stringify(r, null, 1));
await browser.close();
