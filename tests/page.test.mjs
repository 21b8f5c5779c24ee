// End-to-end tests of the playground page in Debian's headless Chromium.
// `cargo xtask test` builds web/pkg, serves the repository and sets NNPLAY_URL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const text = (page, id) => page.locator(`#${id}`).textContent();
const epoch = async (page) => Number(await text(page, 'stat-epoch'));
/** Waits until the page shows epoch `n` (the display updates on the next frame). */
const showsEpoch = (page, n) => page.waitForFunction((e) => document.getElementById('stat-epoch').textContent === String(e), n);
const layersOf = (json) => JSON.stringify(JSON.parse(json).layers);

/** Counts pixels of the engine's canvas `name` for which `predicate(r, g,
 * b)` holds (the pixels are read where the engine draws, perhaps a worker,
 * and tested here, in Node). */
async function countPixels(page, name, predicate) {
  const data = await page.evaluate(async (canvas) => Array.from((await window.nnplay.call('image', { name: canvas })).data), name);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (predicate(data[i], data[i + 1], data[i + 2])) n++;
  return n;
}

test('the page loads with no console error, no failed and no foreign request', async () => {
  const { page, context, errors, failed, foreign } = await open(browser);
  assert.equal(await text(page, 'stat-epoch'), '0');
  assert.match(await text(page, 'version'), /^nnplay \d+\.\d+\.\d+$/);
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('stat-epoch').textContent === '1');
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('Play learns the default XOR to 100 % test accuracy within 100 epochs', async () => {
  const { page, context, errors } = await open(browser);
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('stat-test-acc').textContent === '100.0 %', null, { timeout: 60_000 });
  await page.click('#play');
  const reached = await epoch(page);
  assert.ok(reached > 0 && reached <= 100, `100 % test accuracy at epoch ${reached}`);
  const summary = await page.evaluate(() => window.nnplay.call('summary'));
  assert.equal(summary.testAccuracy, 1);
  assert.ok(Number(await text(page, 'stat-speed')) >= 0);
  await shot(page, 'trained-xor', { fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('Step trains exactly one epoch and Reset returns the same initial weights', async () => {
  const { page, context } = await open(browser);
  const initial = await page.evaluate(() => window.nnplay.call('exportModel'));
  for (let i = 1; i <= 3; i++) {
    await page.click('#step');
    await showsEpoch(page, i);
    assert.equal(await page.evaluate(async () => (await window.nnplay.call('summary')).epoch), i);
  }
  const trained = await page.evaluate(() => window.nnplay.call('exportModel'));
  assert.notEqual(layersOf(trained), layersOf(initial));
  await page.click('#reset');
  await showsEpoch(page, 0);
  const reset = await page.evaluate(() => window.nnplay.call('exportModel'));
  assert.equal(layersOf(reset), layersOf(initial));
  await context.close();
});

test('Reset while training fast starts from epoch 0 and stays there (the worker stops at once)', async () => {
  const { page, context, errors } = await open(browser, '?dataset=spiral&hiddenLayers=8%2C8&epochsPerFrame=50');
  const initial = await page.evaluate(() => window.nnplay.call('exportModel'));
  await page.click('#play');
  await page.waitForFunction(() => window.nnplay.summary?.epoch > 200);
  await page.click('#reset');
  await showsEpoch(page, 0);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(async () => (await window.nnplay.call('summary')).epoch), 0);
  assert.equal(layersOf(await page.evaluate(() => window.nnplay.call('exportModel'))), layersOf(initial));
  assert.equal(await epoch(page), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('controls write the URL, and the URL restores the settings and the run', async () => {
  const first = await open(browser);
  const page = first.page;
  await page.selectOption('#c-learningRate', '0.03');
  await page.click('[data-dataset="circle"]');
  await page.click('button[aria-label="more neurons in layer 1"]');
  await page.selectOption('#c-activation', 'relu');
  // The address bar follows each change once the engine has taken it.
  await page.waitForFunction(() => window.nnplay.state.activation === 'relu');
  const url = page.url();
  assert.match(url, /learningRate=0\.03/);
  assert.match(url, /dataset=circle/);
  assert.match(url, /hiddenLayers=7%2C3/);
  assert.match(url, /activation=relu/);
  // The same run from scratch in this page...
  await page.click('#reset');
  for (let i = 0; i < 3; i++) await page.click('#step');
  const here = await page.evaluate(() => window.nnplay.call('exportModel'));
  // ...and in a fresh page opened on the link.
  const second = await open(browser, new URL(url).search);
  assert.equal(await second.page.inputValue('#c-learningRate'), '0.03');
  assert.equal(await second.page.inputValue('#c-activation'), 'relu');
  assert.equal(await second.page.getAttribute('[data-dataset="circle"]', 'aria-checked'), 'true');
  for (let i = 0; i < 3; i++) await second.page.click('#step');
  const there = await second.page.evaluate(() => window.nnplay.call('exportModel'));
  assert.equal(there, here);
  // Back returns to the previous settings.
  await page.goBack();
  await page.waitForFunction(() => window.nnplay.state.activation === 'tanh');
  assert.equal(await page.inputValue('#c-activation'), 'tanh');
  await first.context.close();
  await second.context.close();
});

test('a loss that does not fit the next data set falls back to the task\'s own', async () => {
  const { page, context, errors } = await open(browser, '?loss=binaryCrossEntropy');
  await page.click('[data-dataset="spiral3"]');
  await page.waitForFunction(() => window.nnplay.state.dataset === 'spiral3');
  assert.equal(await page.evaluate(() => window.nnplay.state.loss), 'auto');
  assert.equal(await page.evaluate(() => window.nnplay.call('outputs')), 3);
  assert.equal(await page.inputValue('#c-loss'), 'auto');
  assert.deepEqual(errors, []);
  await context.close();
});

test('clicking the canvas adds a point of the chosen class where it was clicked', async () => {
  const { page, context } = await open(browser);
  const box = await page.locator('#boundary').boundingBox();
  const count = () => page.evaluate(async () => (await window.nnplay.call('points')).train.x.length);
  const last = () => page.evaluate(async () => {
    const t = (await window.nnplay.call('points')).train;
    const i = t.x.length - 1;
    return { x: t.x[i], y: t.y[i], label: t.label[i] };
  });
  const before = await count();
  // A quarter in from the top-left corner of the −6…6 square is (−3, 3).
  await page.mouse.click(box.x + box.width / 4, box.y + box.height / 4);
  assert.equal(await count(), before + 1);
  let p = await last();
  assert.ok(Math.abs(p.x + 3) < 0.1 && Math.abs(p.y - 3) < 0.1, JSON.stringify(p));
  assert.equal(p.label, 1);
  // Shift-click: the other class, at (3, −3).
  await page.keyboard.down('Shift');
  await page.mouse.click(box.x + (3 * box.width) / 4, box.y + (3 * box.height) / 4);
  await page.keyboard.up('Shift');
  p = await last();
  assert.ok(Math.abs(p.x - 3) < 0.1 && Math.abs(p.y + 3) < 0.1, JSON.stringify(p));
  assert.equal(p.label, 0);
  assert.match(page.url(), /data=/);
  // Right-click removes the nearest point.
  await page.mouse.click(box.x + (3 * box.width) / 4, box.y + (3 * box.height) / 4, { button: 'right' });
  assert.equal(await count(), before + 1);
  // New data settings regenerate the data: the hand-placed points give way.
  await page.locator('#c-noise').fill('0.2');
  await page.waitForFunction(() => window.nnplay.state.noise === 0.2);
  assert.equal(await count(), before);
  assert.doesNotMatch(page.url(), /data=/);
  await context.close();
});

test('on a touch screen a tap adds a point and a long press removes one', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(new URL('', BASE).href);
  await page.waitForSelector('body[data-ready="true"]');
  const count = () => page.evaluate(async () => (await window.nnplay.call('points')).train.x.length);
  const box = await page.locator('#boundary').boundingBox();
  const [x, y] = [box.x + box.width * 0.3, box.y + box.height * 0.3];
  const before = await count();
  await page.touchscreen.tap(x, y);
  assert.equal(await count(), before + 1);
  const touch = await context.newCDPSession(page);
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await page.waitForFunction((n) => window.nnplay.engine.info.train === n, before, { timeout: 5_000 });
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(200);
  assert.equal(await count(), before, 'a long press removes exactly one point');
  await context.close();
});

test('the separating lines and the vanishing-gradient heatmap are drawn', async () => {
  const { page, context } = await open(browser, '?hiddenLayers=8%2C8%2C8%2C8&activation=sigmoid&init=xavierUniform&dataset=circle');
  for (let i = 0; i < 5; i++) await page.click('#step');
  const dark = (r, g, b) => r < 90 && g < 90 && b < 90;
  const withLines = await countPixels(page, 'boundary', dark);
  await page.uncheck('#c-showLines');
  await page.waitForFunction(() => !window.nnplay.state.showLines);
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const without = await countPixels(page, 'boundary', dark);
  assert.ok(withLines > 200 && without < withLines / 10, `${withLines} dark pixels with lines, ${without} without`);
  // Viridis cells: strongly coloured, not grey.
  const coloured = await countPixels(page, 'gradients', (r, g, b) => Math.max(r, g, b) - Math.min(r, g, b) > 60);
  assert.ok(coloured > 2000, `${coloured} heatmap pixels`);
  // The coach names the vanishing gradient of this deep sigmoid network.
  const codes = await page.evaluate(() => [...document.querySelectorAll('#coach li')].map((li) => li.dataset.code));
  assert.ok(codes.includes('vanishingGradients'), codes.join());
  await context.close();
});

test('perceptron mode moves the line on each update and explains why XOR never settles', async () => {
  const { page, context } = await open(browser, '?mode=perceptron&dataset=xorTable');
  const note = await text(page, 'perceptron-note');
  assert.match(note, /no line can separate them/);
  const updates = [];
  for (let i = 0; i < 12; i++) {
    updates.push(await page.evaluate(() => window.nnplay.call('step')));
  }
  assert.ok(updates.every((u) => !u.converged && u.point !== null));
  await page.click('#step');
  const steps = await page.evaluate(async () => (await window.nnplay.call('summary')).step);
  assert.equal(steps, 13);
  await context.close();
});

test('a hostile link falls back to defaults with a notice, and nothing breaks', async () => {
  const { page, context, errors } = await open(browser, '?learningRate=abc&hiddenLayers=99&points=1e9&noise=NaN&colour=red&data=1,2');
  const notice = await text(page, 'notice');
  assert.match(notice, /learningRate=abc/);
  assert.match(notice, /unknown setting "colour"/);
  const state = await page.evaluate(() => window.nnplay.state);
  assert.equal(state.learningRate, 0.3);
  assert.deepEqual(state.hiddenLayers, [6, 3]);
  await page.click('#step');
  await showsEpoch(page, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 375 px phone gets one column, no sideways scrolling and sharp canvases', async () => {
  const { page, context, errors } = await open(browser, '', { width: 375, height: 740 }, 2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 375, `page is ${overflow} px wide`);
  const box = await page.locator('#boundary').boundingBox();
  assert.ok(box.width > 300, `boundary is ${box.width} px wide`);
  // devicePixelRatio 2: every canvas has two device pixels per CSS pixel.
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('stat-epoch').textContent === '1');
  const sizes = await page.evaluate(() => ['boundary', 'loss', 'gradients'].map((id) => {
    const c = document.getElementById(id);
    return [c.width, c.clientWidth];
  }));
  for (const [pixels, css] of sizes) assert.equal(pixels, 2 * css);
  assert.deepEqual(errors, []);
  await context.close();
});
