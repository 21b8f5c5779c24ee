// The engine behind messages (web/engine.js, engine-host.js, engine-worker.js):
// in a module worker with OffscreenCanvases, and on the page's thread where a
// worker cannot start; edits arrive in order, none lost, none twice; both
// train the same bits.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** How many of the ImageData's pixels are not pure white. */
function inked(image) {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i] + image.data[i + 1] + image.data[i + 2] < 765) n++;
  return n;
}

for (const mode of ['worker', 'page']) {
  test(`the engine in ${mode === 'worker' ? 'a worker' : 'the page\'s thread'}: snapshots each frame, 200 rapid edits while training all applied in order, drawing`, async () => {
    const { page, context, errors, failed } = await open(browser, `tests/pages/engine.html${mode === 'page' ? '?worker=0' : ''}`, { width: 1000, height: 700 });
    assert.equal(await page.evaluate(() => window.engineTest.engine.kind), mode);
    await page.evaluate(() => window.engineTest.start('?dataset=circle&points=200'));
    await page.evaluate(() => window.engineTest.play());
    await page.waitForFunction(() => window.engineTest.snapshots.at(-1)?.summary?.epoch > 5);
    const result = await page.evaluate(async () => {
      const { engine, snapshots } = window.engineTest;
      const before = (await engine.call('points')).train.x.length;
      const order = [];
      // 200 clicks' worth of points, sent at once while it trains.
      await Promise.all(Array.from({ length: 200 }, (_, i) => engine
        .call('addPoint', { x: -4 + (i % 40) / 5, y: -4 + Math.floor(i / 40) / 5, label: i % 2 })
        .then(() => order.push(i))));
      const points = await engine.call('points');
      // Exactly the 200 points, each once, in the order sent.
      const added = Array.from(points.train.x).slice(before).map((x, k) => [x, points.train.y[before + k], points.train.label[before + k]]);
      const snapshot = snapshots.at(-1);
      return {
        before,
        after: points.train.x.length,
        order,
        added,
        stateData: engine.state.data?.train.x.length,
        weights: snapshot.weights?.map((l) => l.weights.constructor.name),
        frames: window.engineTest.frames,
      };
    });
    assert.equal(result.after, result.before + 200);
    assert.deepEqual(result.order, Array.from({ length: 200 }, (_, i) => i));
    assert.deepEqual(result.added, Array.from({ length: 200 }, (_, i) => [Math.fround(-4 + (i % 40) / 5), Math.fround(-4 + Math.floor(i / 40) / 5), i % 2]));
    assert.equal(result.stateData, result.after, 'the reply\'s state carries the points');
    assert.ok(result.weights.every((name) => name === 'Float32Array'), String(result.weights));
    // Training went on after the edits (they restart the run).
    await page.waitForFunction(() => window.engineTest.snapshots.at(-1)?.summary?.epoch > 3);
    // A refused edit says why and changes nothing.
    const refused = await page.evaluate(() => window.engineTest.engine.call('addPoint', { x: Number.NaN, y: 0, label: 0 }).then(() => 'accepted', (e) => e.message));
    assert.match(refused, /x must be a finite number/);
    // It drew: the boundary and the loss chart have ink (read where they are drawn).
    await page.evaluate(() => window.engineTest.pause());
    const ink = await page.evaluate(async () => {
      const { engine } = window.engineTest;
      const [boundary, loss] = [await engine.call('image', { name: 'boundary' }), await engine.call('image', { name: 'loss' })];
      return { boundary: [boundary.width, boundary.height, Array.from(boundary.data)], loss: [loss.width, loss.height, Array.from(loss.data)] };
    });
    await shot(page, `engine-${mode}`);
    assert.deepEqual(ink.boundary.slice(0, 2), [300, 300]);
    assert.ok(inked({ data: ink.boundary[2] }) > 300 * 300 * 0.9, `the heatmap covers the boundary: ${inked({ data: ink.boundary[2] })}`);
    assert.ok(inked({ data: ink.loss[2] }) > 500, 'the loss chart has its axes and curves');
    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
    await context.close();
  });
}

test('the worker and the page\'s thread train the same bits', async () => {
  const losses = [];
  for (const query of ['', '?worker=0']) {
    const { page, context, errors } = await open(browser, `tests/pages/engine.html${query}`, { width: 1000, height: 700 });
    losses.push(await page.evaluate(async () => {
      const { engine } = window.engineTest;
      await window.engineTest.start('?dataset=spiral&hiddenLayers=8,8&optimizer=adam&learningRate=0.01');
      for (let i = 0; i < 20; i++) await engine.call('step');
      const s = await engine.call('summary');
      return [engine.kind, s.epoch, s.trainLoss, s.testLoss];
    }));
    assert.deepEqual(errors, []);
    await context.close();
  }
  assert.deepEqual(losses.map((l) => l[0]), ['worker', 'page']);
  assert.equal(losses[0][1], 20);
  assert.deepEqual(losses[0].slice(1), losses[1].slice(1));
});

test("Pause stops the worker's training at once, and at a pixel ratio of 2 the worker draws what the page's thread draws", async () => {
  const ink = [];
  for (const query of ['', '?worker=0']) {
    const { page, context, errors } = await open(browser, `tests/pages/engine.html${query}`, { width: 1000, height: 700 }, 2);
    const { still, images } = await page.evaluate(async () => {
      const { engine } = window.engineTest;
      await window.engineTest.start('?dataset=spiral&hiddenLayers=8,8&epochsPerFrame=50');
      window.engineTest.play();
      while ((await engine.call('summary')).epoch < 100) await new Promise(requestAnimationFrame);
      window.engineTest.pause();
      const a = (await engine.call('summary')).epoch;
      await new Promise((r) => setTimeout(r, 300));
      const b = (await engine.call('summary')).epoch;
      // A still picture of the same run in both: the charts at this epoch.
      await window.engineTest.start('?dataset=spiral&hiddenLayers=8,8');
      for (let i = 0; i < 5; i++) await engine.call('step');
      await new Promise((r) => setTimeout(r, 200));
      const grab = async (name) => {
        const image = await engine.call('image', { name });
        let n = 0;
        for (let i = 0; i < image.data.length; i += 4) if (image.data[i] + image.data[i + 1] + image.data[i + 2] < 600) n++;
        return [image.width, image.height, n];
      };
      return { still: [a, b], images: [await grab('loss'), await grab('boundary')] };
    });
    assert.equal(still[1], still[0], `trained on after Pause: epoch ${still[0]} → ${still[1]}`);
    ink.push(images);
    assert.deepEqual(errors, []);
    await context.close();
  }
  const [worker, thread] = ink;
  // The same device pixels, and about the same ink: text and lines at the
  // same size (at half size the chart's ink would be far less).
  assert.deepEqual(worker.map((i) => i.slice(0, 2)), [[600, 400], [600, 600]]);
  assert.deepEqual(thread.map((i) => i.slice(0, 2)), [[600, 400], [600, 600]]);
  const [w, t] = [worker[0][2], thread[0][2]];
  assert.ok(Math.abs(w - t) <= 0.1 * t, `dark pixels of the loss chart: worker ${w}, page's thread ${t}`);
});
