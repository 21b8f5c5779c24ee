// 1,000 scene changes on the page — lessons and hand-edited links through
// the address bar (Back/Forward), settings changed, points added with the
// mouse and the scene reset — leave the memory flat: the engine's wasm
// memory and the table of JavaScript values its module holds (in its
// worker), the page's elements, and the page's JavaScript heap after a full
// garbage collection. The figures are printed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, LAUNCH } from './helpers.mjs';

const browser = await chromium.launch({ ...LAUNCH, args: [...LAUNCH.args, '--js-flags=--expose-gc'] });
after(() => browser.close());

/** Memory figures, after a full collection. */
async function measure(page) {
  return page.evaluate(async () => {
    for (let i = 0; i < 3; i++) window.gc();
    await new Promise((r) => setTimeout(r, 50));
    window.gc();
    // The engine's own module instance (in its worker, if it has one).
    const engine = await window.nnplay.call('memory');
    return {
      wasm: engine.wasm,
      handles: engine.handles,
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
  assert.equal(await page.evaluate(() => window.nnplay.engine.kind), 'worker');
  await page.evaluate(() => { window.lastRun = window.nnplay.engine.info.run; });
  /** One round of ten different scene changes. */
  async function round(i) {
    // A lesson and a hand-edited link through the address bar (the page
    // expands a link asynchronously: each waits for its new run), then five
    // settings, each a new run unless it equals the scene's own — in the
    // page, one round trip for the seven.
    const runs = await page.evaluate(async ({ lesson, i }) => {
      const nextFrame = () => new Promise(requestAnimationFrame);
      let fresh = 0;
      // The engine numbers its runs: a new number is a new run.
      const isNew = () => {
        const run = window.nnplay.engine.info.run;
        if (run === window.lastRun) return 0;
        window.lastRun = run;
        return 1;
      };
      for (const search of [`?preset=${lesson}`, `?dataset=spiral&hiddenLayers=8%2C${1 + (i % 8)}&learningRate=0.0${1 + (i % 9)}&activation=nope`]) {
        const previous = window.nnplay.engine.info.run;
        history.pushState(null, '', search);
        window.dispatchEvent(new PopStateEvent('popstate'));
        for (let t = 0; window.nnplay.engine.info.run === previous; t++) {
          if (t > 300) throw new Error(`${search} made no new run`);
          await nextFrame();
        }
        fresh += isNew();
      }
      for (const patch of [{ dataset: 'circle' }, { hiddenLayers: [4, 2 + (i % 3)] }, { activation: i % 2 ? 'relu' : 'tanh' }, { points: 100 + 10 * (i % 20) }, { preset: null, dataset: 'xor', hiddenLayers: [6, 3] }]) {
        await window.nnplay.apply(patch);
        fresh += isNew();
        await nextFrame();
      }
      return fresh;
    }, { lesson: lessons[i % lessons.length], i });
    newRuns += runs;
    changes += 7;
    // Two points added by clicking (each a change of the data), then a few epochs.
    const before = await page.evaluate(async () => (await window.nnplay.call('points')).train.x.length);
    for (let k = 0; k < 2; k++) {
      await page.mouse.click(box.x + box.width * (0.3 + 0.2 * k), box.y + box.height * (0.3 + 0.03 * (i % 10)));
    }
    const after = await page.evaluate(async () => {
      const n = (await window.nnplay.call('points')).train.x.length;
      await window.nnplay.call('trainEpochs', { n: 3 });
      await new Promise(requestAnimationFrame);
      return n;
    });
    pointsAdded += after - before;
    changes += 3;
  }
  // The warm-up goes through every size the measured rounds reach (the
  // data sets of 100 to 290 points come round every 20 rounds: with ten,
  // the measured rounds met larger runs than any before, and the heap grew
  // to its high-water mark during the measurement), and it ends as they
  // will, with round 99's scene, so both counts are of the same page.
  for (let i = 80; i < 100; i++) await round(i);
  const warm = await measure(page);
  changes = 0;
  newRuns = 0;
  pointsAdded = 0;
  for (let i = 0; i < 100; i++) await round(i);
  const end = await measure(page);
  t.diagnostic(`${changes} scene changes after 200 of warm-up: wasm memory ${warm.wasm} → ${end.wasm} bytes, handle table ${warm.handles} → ${end.handles} slots, elements ${warm.elements} → ${end.elements}, JS heap ${(warm.heap / 1e6).toFixed(1)} → ${(end.heap / 1e6).toFixed(1)} MB`);
  t.diagnostic(`${newRuns} new runs, ${pointsAdded} points added by clicks`);
  assert.equal(changes, 1000);
  // The changes were real: most settings made a new run, every click a point.
  assert.ok(newRuns >= 600, `${newRuns} of 700 address-bar and settings changes made a new run`);
  assert.equal(pointsAdded, 200);
  // The engine's heap may take one more 64 KB page as its free space
  // fragments (runs of many sizes come and go; measured with a counting
  // allocator, the bytes in use cycled between 116,912 and 127,412 over 3,000
  // changes while the memory took a page every 2,000 or so): a leak of 66
  // bytes a change would take two.
  assert.ok(end.wasm - warm.wasm <= 65_536, `wasm memory ${warm.wasm} → ${end.wasm}`);
  assert.equal(end.handles, warm.handles, 'handle table');
  assert.equal(end.elements, warm.elements, 'elements');
  // The heap after a full collection: within 2 MB (history entries, caches).
  assert.ok(end.heap - warm.heap < 2e6, `JS heap grew by ${((end.heap - warm.heap) / 1e6).toFixed(1)} MB`);
  assert.deepEqual(errors, []);
  await context.close();
});
