// 1,000 scene changes on the page — lessons and hand-edited links through
// the address bar (Back/Forward), settings changed, points added with the
// mouse and the scene reset — leave the memory flat: the wasm memory, the
// table of JavaScript values the module holds, the page's elements, and the
// JavaScript heap after a full garbage collection. The figures are printed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, LAUNCH } from './helpers.mjs';

const browser = await chromium.launch({ ...LAUNCH, args: [...LAUNCH.args, '--js-flags=--expose-gc'] });
after(() => browser.close());

/** Memory figures, after a full collection. */
async function measure(page) {
  return page.evaluate(async () => {
    // The module the page loaded (same URL, so the same instance).
    const { default: init } = await import(new URL('web/pkg/nnplay_wasm.js', location.href).href);
    const wasm = await init();
    for (let i = 0; i < 3; i++) window.gc();
    await new Promise((r) => setTimeout(r, 50));
    window.gc();
    return {
      wasm: wasm.memory.buffer.byteLength,
      handles: wasm.__wbindgen_externrefs.length,
      elements: document.getElementsByTagName('*').length,
      heap: performance.memory.usedJSHeapSize,
    };
  });
}

test('1,000 scene changes: wasm memory, handles, elements and the JS heap stay flat', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(BASE);
  await page.waitForSelector('body[data-ready="true"]');
  const lessons = ['perceptron-and', 'xor-hidden-layer', 'vanishing-gradient', 'softmax', 'overfitting', 'dead-relu'];
  const box = await page.locator('#boundary').boundingBox();
  let changes = 0;
  let newRuns = 0;
  let pointsAdded = 0;
  await page.evaluate(() => { window.seenRuns = new WeakSet([window.nnplay.playground]); });
  /** One round of ten different scene changes. */
  async function round(i) {
    // A lesson and a hand-edited link through the address bar (the page
    // expands a link asynchronously: each waits for its new run), then five
    // settings, each a new run unless it equals the scene's own — in the
    // page, one round trip for the seven.
    const runs = await page.evaluate(async ({ lesson, i }) => {
      const nextFrame = () => new Promise(requestAnimationFrame);
      let fresh = 0;
      const isNew = () => {
        const p = window.nnplay.playground;
        if (window.seenRuns.has(p)) return 0;
        window.seenRuns.add(p);
        return 1;
      };
      for (const search of [`?preset=${lesson}`, `?dataset=spiral&hiddenLayers=8%2C${1 + (i % 8)}&learningRate=0.0${1 + (i % 9)}&activation=nope`]) {
        const previous = window.nnplay.playground;
        history.pushState(null, '', search);
        window.dispatchEvent(new PopStateEvent('popstate'));
        for (let t = 0; window.nnplay.playground === previous; t++) {
          if (t > 300) throw new Error(`${search} made no new run`);
          await nextFrame();
        }
        fresh += isNew();
      }
      for (const patch of [{ dataset: 'circle' }, { hiddenLayers: [4, 2 + (i % 3)] }, { activation: i % 2 ? 'relu' : 'tanh' }, { points: 100 + 10 * (i % 20) }, { preset: null, dataset: 'xor', hiddenLayers: [6, 3] }]) {
        window.nnplay.apply(patch);
        fresh += isNew();
        await nextFrame();
      }
      return fresh;
    }, { lesson: lessons[i % lessons.length], i });
    newRuns += runs;
    changes += 7;
    // Two points added by clicking (each a change of the data), then a few epochs.
    const before = await page.evaluate(() => window.nnplay.playground.points().train.x.length);
    for (let k = 0; k < 2; k++) {
      await page.mouse.click(box.x + box.width * (0.3 + 0.2 * k), box.y + box.height * (0.3 + 0.03 * (i % 10)));
    }
    const after = await page.evaluate(async () => {
      const n = window.nnplay.playground.points().train.x.length;
      window.nnplay.playground.trainEpochs(3);
      await new Promise(requestAnimationFrame);
      return n;
    });
    pointsAdded += after - before;
    changes += 3;
  }
  for (let i = 0; i < 10; i++) await round(i);
  const warm = await measure(page);
  changes = 0;
  newRuns = 0;
  pointsAdded = 0;
  for (let i = 0; i < 100; i++) await round(i);
  const end = await measure(page);
  t.diagnostic(`${changes} scene changes after 100 of warm-up: wasm memory ${warm.wasm} → ${end.wasm} bytes, handle table ${warm.handles} → ${end.handles} slots, elements ${warm.elements} → ${end.elements}, JS heap ${(warm.heap / 1e6).toFixed(1)} → ${(end.heap / 1e6).toFixed(1)} MB`);
  t.diagnostic(`${newRuns} new runs, ${pointsAdded} points added by clicks`);
  assert.equal(changes, 1000);
  // The changes were real: most settings made a new run, every click a point.
  assert.ok(newRuns >= 600, `${newRuns} of 700 address-bar and settings changes made a new run`);
  assert.equal(pointsAdded, 200);
  assert.equal(end.wasm, warm.wasm, 'wasm memory');
  assert.equal(end.handles, warm.handles, 'handle table');
  assert.equal(end.elements, warm.elements, 'elements');
  // The heap after a full collection: within 2 MB (history entries, caches).
  assert.ok(end.heap - warm.heap < 2e6, `JS heap grew by ${((end.heap - warm.heap) / 1e6).toFixed(1)} MB`);
  assert.deepEqual(errors, []);
  await context.close();
});
