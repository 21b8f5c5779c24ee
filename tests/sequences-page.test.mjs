// The sequence scenes in the page, as a learner meets them: the memory task
// through a simple RNN and through a GRU (the simple one stays at chance at
// distance 20, the gated one learns it, and the gradient through time says
// why), one test sequence unrolled over its steps, the sines beside their
// forecast, the Memory button that moves a player of the plane there, in
// English and Korean. Each view is checked by the pixels the engine drew.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { count, launch, open, parse, pixels, playTo, shot, trainExactly } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The gradient-through-time heatmap read back from its pixels: down one
 * column near the right of the plot (the latest training steps), each
 * cell's place on the colour scale (0 at the bottom of the colour bar, 1
 * at its top), found as the nearest colour of the bar drawn beside it; top
 * row (the last time step) first.
 */
function lastColumn(image) {
  const at = (x, y) => [0, 1, 2].map((k) => image.data[4 * (y * image.width + x) + k]);
  // The margins (`draw_gradients.rs`, at a pixel ratio of 1): the plot 48 px
  // left, 8 above, 42 below, 8 right of it the colour bar's 84 px; in the
  // bar, the strip 10 px in, 8 px below its top, 42 above its bottom.
  const strip = [];
  for (let y = 10; y < image.height - 44; y++) strip.push(at(image.width - 84 + 20, y));
  const place = (rgb) => {
    let best = 0;
    let distance = Infinity;
    strip.forEach((c, i) => {
      const d = Math.abs(c[0] - rgb[0]) + Math.abs(c[1] - rgb[1]) + Math.abs(c[2] - rgb[2]);
      if (d < distance) [best, distance] = [i, d];
    });
    return 1 - best / (strip.length - 1);
  };
  const column = [];
  for (let y = 10; y < image.height - 44; y++) column.push(place(at(image.width - 84 - 8 - 3, y)));
  return column;
}

const MEMORY = '?dataset=memory&steps=20&weightSeed=5';

test('at distance 20 a simple RNN stays at chance and a GRU learns; the gradient through time shows why', async () => {
  const results = {};
  for (const kind of ['rnn', 'gru']) {
    const { page, context, errors } = await open(browser, `${MEMORY}&layers=${kind}:16`);
    const engine = await page.evaluate(() => window.nnplay.engine);
    assert.equal(engine.module, 'images');
    // The plane's views are gone, the sequences' are shown.
    assert.equal(await page.locator('#boundary').isVisible(), false);
    assert.equal(await page.locator('#unrolled').isVisible(), true);
    assert.equal(await page.locator('#forecast').isVisible(), false, 'the memory task has no series to forecast');
    // Exactly 30 epochs: this simple RNN finds the way near epoch 45.
    await trainExactly(page, 30);
    const summary = await page.evaluate(() => window.nnplay.summary);
    assert.equal(summary.epoch, 30);
    const column = lastColumn(await pixels(page, 'timeGradients'));
    const band = Math.floor(column.length / 20);
    const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
    results[kind] = {
      accuracy: summary.testAccuracy,
      first: mean(column.slice(-band)), // t1, at the bottom
      last: mean(column.slice(0, band)), // t20, on top
    };
    // One test sequence unrolled: its ±1 inputs and its states in the
    // palette's two colours.
    const palette = await page.evaluate(async () => (await import('./web/pkg-images/nnplay_wasm.js')).palette());
    const unrolled = await pixels(page, 'unrolled');
    assert.ok(count(unrolled, parse(palette.positive), 30) > 200, `${kind}: positive cells`);
    assert.ok(count(unrolled, parse(palette.negative), 30) > 200, `${kind}: negative cells`);
    assert.match(await page.locator('#unrolled-note').textContent(), /Test sequence 1 of 300: its first value says class [01]/);
    // The next sequence is another one.
    await page.click('#next-sequence');
    await page.waitForFunction(() => /Test sequence 2 of 300/.test(document.getElementById('unrolled-note').textContent));
    if (kind === 'gru') await shot(page, 'sequences-memory-gru', { fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { rnn, gru } = results;
  assert.ok(rnn.accuracy < 0.6, `the simple RNN stays near chance: ${rnn.accuracy}`);
  assert.ok(gru.accuracy > 0.95, `the GRU learns the first value: ${gru.accuracy}`);
  // Each step divided by the last: the simple RNN's first step sits far down
  // the scale, the GRU's near its last step's.
  const [faded, kept] = [rnn.last - rnn.first, gru.last - gru.first];
  assert.ok(faded > 0.25, `the RNN's gradient fades through time: t20 at ${rnn.last}, t1 at ${rnn.first} of the scale`);
  assert.ok(faded > 2 * kept, `the GRU's fades far less: t20 at ${gru.last}, t1 at ${gru.first} of the scale`);
});

test('the sines are drawn beside their forecast, and the window and the stack are edited from the page', async () => {
  const { page, context, errors } = await open(browser, '?dataset=sines&steps=10');
  // The scene's start: a GRU of 16 units, a linear output.
  assert.deepEqual(await page.evaluate(() => window.nnplay.state.layers), [{ kind: 'gru', units: 16 }]);
  const stack = await page.locator('.layer-stack').textContent();
  assert.match(stack, /10 × 1/);
  assert.match(stack, /1 unit, linear/);
  assert.match(stack, /16 · 912 parameters/);
  await playTo(page, 10);
  const palette = await page.evaluate(async () => (await import('./web/pkg-images/nnplay_wasm.js')).palette());
  const forecast = await pixels(page, 'forecast');
  assert.ok(count(forecast, parse(palette.test), 40) > 150, 'the forecast line is drawn');
  assert.ok(count(forecast, [136, 136, 136], 20) > 150, 'the series is drawn');
  const note = await page.locator('#unrolled-note').textContent();
  const [truth, predicted] = note.match(/-?\d+\.\d+/g).map(Number);
  assert.ok(Math.abs(truth - predicted) < 0.3, `a trained forecast is close: ${note}`);
  // The window, from its slider: the run and the link follow.
  await page.locator('[data-key="steps"]').fill('15');
  await page.locator('[data-key="steps"]').dispatchEvent('change');
  await page.waitForFunction(() => window.nnplay.state.steps === 15);
  assert.match(page.url(), /steps=15/);
  await page.waitForFunction(() => /15 × 1/.test(document.querySelector('.layer-stack').textContent));
  // A dense net on the shuffled window: no steps to unroll, and the page says so.
  await page.click('[data-key="example-dense"]');
  // (A list of dense layers is written as hidden layers.)
  await page.waitForFunction(() => window.nnplay.state.layers === 'auto' && window.nnplay.state.hiddenLayers.join() === '16');
  await page.click('[data-key="shuffleSteps"]');
  await page.waitForFunction(() => window.nnplay.state.shuffleSteps === true);
  await playTo(page, 3);
  assert.match(await page.locator('#unrolled-note').textContent(), /no recurrent layer/);
  assert.equal(await page.locator('#time-gradients').isVisible(), false);
  assert.match(page.url(), /hiddenLayers=16&layers=auto/);
  assert.match(page.url(), /shuffleSteps=1/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Memory button moves a player of the plane to the sequences, in Korean too', async () => {
  const { page, context, errors } = await open(browser, '?lang=ko');
  assert.equal((await page.evaluate(() => window.nnplay.engine)).module, 'plane');
  await page.click('[data-dataset="memory"]');
  await page.waitForFunction(() => window.nnplay.engine?.module === 'images' && window.nnplay.state.dataset === 'memory');
  // The sequences' starting scene, not the plane's 6-3 tanh net.
  const state = await page.evaluate(() => window.nnplay.state);
  assert.deepEqual(state.layers, [{ kind: 'gru', units: 16 }]);
  assert.equal(state.optimizer, 'adam');
  assert.match(page.url(), /dataset=memory/);
  // In the chapter's words.
  const text = await page.locator('.nnplay').textContent();
  assert.match(text, /시간에 따른 기울기/);
  assert.match(text, /기억할 거리/);
  assert.match(text, /기울기 소실/);
  await playTo(page, 5);
  const heatmap = await pixels(page, 'timeGradients');
  // Viridis cells fill the plot: many pixels neither white nor grey.
  let coloured = 0;
  for (let i = 0; i < heatmap.data.length; i += 4) {
    const [r, g, b] = [heatmap.data[i], heatmap.data[i + 1], heatmap.data[i + 2]];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
  }
  assert.ok(coloured > 5000, `the heatmap is drawn: ${coloured} coloured pixels`);
  assert.match(await page.locator('#unrolled-note').textContent(), /테스트 시퀀스 300개 중 1번째/);
  // Back to the plane.
  await page.goBack();
  await page.waitForFunction(() => window.nnplay.state.dataset === 'xor');
  assert.equal(await page.locator('#boundary').isVisible(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lesson on gradients vanishing through time compares the two layers\' time heatmaps, in Korean', async () => {
  const { page, context, errors } = await open(browser, '?preset=vanishing-through-time&lang=ko');
  assert.equal(await page.evaluate(() => window.nnplay.engine.module), 'images');
  const lesson = await page.locator('.lesson-host').textContent();
  assert.match(lesson, /시간을 거스르는 기울기 소실/);
  assert.match(lesson, /순환 신경망/);
  await page.getByRole('button', { name: '모두 재생' }).click();
  await page.waitForFunction(() => /에포크 (1[2-9]|[2-9]\d)/.test(document.querySelector('.variant .figures')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.getByRole('button', { name: '모두 일시정지' }).click();
  await page.waitForTimeout(300);
  // Each card's gradient through time, drawn on this thread: its pixels are read here.
  const images = await page.evaluate(() => [...document.querySelectorAll('.variant canvas.time-gradients')].map((c) => (
    { width: c.width, height: c.height, data: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) })));
  assert.equal(images.length, 2);
  const [rnn, gru] = images.map((image) => {
    const column = lastColumn(image);
    const band = Math.floor(column.length / 20);
    const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
    return { first: mean(column.slice(-band)), last: mean(column.slice(0, band)) };
  });
  const [faded, kept] = [rnn.last - rnn.first, gru.last - gru.first];
  assert.ok(faded > 0.25 && faded > 2 * kept, `RNN t1 ${rnn.first} t20 ${rnn.last}; GRU t1 ${gru.first} t20 ${gru.last}`);
  const figures = await page.locator('.variant .figures').allTextContents();
  const accuracy = (text) => Number(text.match(/테스트 정확도 ([\d.]+) %/)[1]);
  assert.ok(accuracy(figures[0]) < 65, figures[0]);
  assert.ok(accuracy(figures[1]) > 90, figures[1]);
  // Every tensor counted: the simple RNN's four (304) and the GRU's (912), and the output's 17.
  assert.match(figures[0], /매개변수 321개/);
  assert.match(figures[1], /매개변수 929개/);
  await shot(page, 'lesson-vanishing-through-time-ko', { fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
