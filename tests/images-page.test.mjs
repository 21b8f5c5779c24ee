// The image scenes in the page, as a learner meets them: a link to the
// digits, the data-set button that moves a player to the images module,
// the network editor, the predictions beside the truth, the confusion
// matrix and its table, the filters, the drawing pad, the image lessons,
// in English and Korean. Each view is checked by the pixels the engine
// drew (read where it drew them), not only by the DOM.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { count, launch, open, parse, pixels, playTo, shot, trainExactly } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a link to the digits runs on the images module and draws the test images beside their predictions', async () => {
  const { page, context, errors, failed } = await open(browser, '?dataset=digits&layers=conv2d:6:3:same:relu,maxPool2d&optimizer=adam&learningRate=0.01&init=he&batchSize=16&points=600&testRatio=0.3');
  const engine = await page.evaluate(() => window.nnplay.engine);
  assert.equal(engine.module, 'images');
  assert.equal(engine.kind, 'worker');
  // The plane's views are gone, the images' are shown.
  assert.equal(await page.locator('#boundary').isVisible(), false);
  assert.equal(await page.locator('#predictions').isVisible(), true);
  // Whole epochs through the engine: a pause can land mid-epoch, where the
  // drawn predictions are newer than the epoch's measured accuracy.
  await trainExactly(page, 15);
  const palette = await page.evaluate(async () => (await import('./web/pkg-images/nnplay_wasm.js')).palette());
  const grid = await pixels(page, 'predictions');
  // Ink of the digits (near black) and, for the images read wrong, their orange frames.
  assert.ok(count(grid, [0, 0, 0], 60) > 2000, 'the digits are drawn');
  const summary = await page.evaluate(() => window.nnplay.summary);
  const note = await page.locator('#predictions-note').textContent();
  const [wrong, total] = note.match(/\d+/g).map(Number);
  assert.equal(total, 539);
  assert.equal(wrong, Math.round(total * (1 - summary.testAccuracy)), note);
  if (wrong > 0) assert.ok(count(grid, parse(palette.negative), 30) > 50, 'the wrong ones are framed');
  // The confusion matrix: the diagonal in the palette's blue, its table of ten classes.
  const matrix = await pixels(page, 'confusion');
  assert.ok(count(matrix, parse(palette.positive), 30) > 500, 'the diagonal is drawn');
  const rows = await page.locator('#metrics tbody tr').count();
  assert.equal(rows, 10);
  const supports = await page.locator('#metrics tbody tr td:last-child').allTextContents();
  assert.equal(supports.map(Number).reduce((a, b) => a + b, 0), 539);
  const accuracy = await page.locator('#metrics tfoot tr:last-child td').nth(3).textContent();
  assert.equal(accuracy, `${(summary.testAccuracy * 100).toFixed(1)} %`);
  // The six filters of the first convolution, each a small image of its weights.
  const filters = await pixels(page, 'filters');
  assert.ok(count(filters, parse(palette.positive), 80) + count(filters, parse(palette.negative), 80) > 100, 'the filters are drawn');
  await shot(page, 'digits', { fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
  await context.close();
});

test('the Digits button moves a player of the plane to the images module, and Back returns to its scene', async () => {
  const { page, context, errors } = await open(browser, '?dataset=circle');
  assert.equal(await page.evaluate(() => window.nnplay.engine.module), 'plane');
  await page.click('[data-dataset="digits"]');
  await page.waitForFunction(() => window.nnplay.engine?.module === 'images' && window.nnplay.state.dataset === 'digits');
  assert.match(await page.evaluate(() => location.search), /dataset=digits/);
  await page.waitForFunction(() => document.querySelector('#metrics tbody tr'));
  // The network editor lists the layers, with shapes and parameters.
  assert.match(await page.locator('.layer-stack').textContent(), /1 × 8 × 8/);
  await page.click('[data-key="example-conv"]');
  await page.waitForFunction(() => window.nnplay.state.layers?.[0]?.kind === 'conv2d');
  const text = await page.locator('.layer-stack').textContent();
  assert.match(text, /8 × 8 × 8 · 80 parameters/);
  assert.match(text, /8 × 4 × 4 · 0 parameters/);
  assert.match(await page.locator('.layer-stack + .hint').textContent(), /1,370 parameters/);
  // A filter count typed in the editor is the run's.
  await page.fill('[data-key="stack0-filters"]', '4');
  await page.locator('[data-key="stack0-filters"]').press('Enter');
  await page.waitForFunction(() => window.nnplay.state.layers[0].filters === 4);
  const weights = await page.evaluate(() => window.nnplay.call('weights'));
  assert.equal(weights[0].weights.length, 4 * 9);
  // Back through the edits to the scene in the plane.
  for (let i = 0; i < 6 && await page.evaluate(() => window.nnplay.state.dataset) !== 'circle'; i++) {
    await page.goBack();
    await page.waitForTimeout(300);
  }
  await page.waitForFunction(() => window.nnplay.state.dataset === 'circle');
  assert.equal(await page.locator('#boundary').isVisible(), true);
  // The plane's scene trains on in the images module.
  await page.click('#play');
  await page.waitForFunction(() => window.nnplay.summary?.epoch >= 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a digit drawn on the pad is read in the data set\'s 8 × 8 form, with a bar per class', async () => {
  const { page, context, errors } = await open(browser, '?dataset=digits&hiddenLayers=16&activation=relu&optimizer=adam&learningRate=0.01&points=1000&testRatio=0.2');
  await playTo(page, 20);
  const pad = await page.locator('canvas.draw').boundingBox();
  // A vertical stroke down the middle: a 1.
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.12);
  await page.mouse.down();
  for (let i = 0; i <= 12; i++) await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * (0.12 + 0.064 * i));
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelectorAll('.pad .prob').length === 10);
  // The network sees its 8 × 8 form: ink in the middle columns only.
  const seen = await page.evaluate(() => {
    const c = document.querySelector('canvas.seen');
    const d = c.getContext('2d').getImageData(0, 0, 8, 8).data;
    return Array.from({ length: 64 }, (_, i) => 255 - d[4 * i]);
  });
  const column = (c) => seen.filter((_, i) => i % 8 === c).reduce((a, b) => a + b, 0);
  assert.ok(column(3) + column(4) > 1000, `ink in the middle: ${seen}`);
  assert.equal(column(0) + column(7), 0);
  // The bars are the class probabilities: they add up to 100 %, and the sentence names the tallest.
  const bars = await page.locator('.pad .bars span:nth-child(3n)').allTextContents();
  const values = bars.map((b) => Number(b.replace(/[^\d]/g, '')));
  assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 100) <= 5, bars.join(' '));
  const best = values.indexOf(Math.max(...values));
  assert.match(await page.locator('.pad-answer').textContent(), new RegExp(`reads a ${best} `));
  // The drawing, labelled a 1, joins the training images; the run starts again.
  const before = await page.evaluate(() => window.nnplay.engine.info.train);
  await page.selectOption('[data-key="pad-label"]', '1');
  await page.click('[data-key="pad-add"]');
  await page.waitForFunction((n) => window.nnplay.engine.info.train === n + 1, before);
  assert.match(await page.locator('#notice').textContent(), /Your 1 is a training image now \(\d+ in all\)/);
  await page.waitForFunction(() => window.nnplay.summary.epoch === 0);
  assert.match(await page.locator('.pad-added').textContent(), /Your 1 is a training image now/);
  const train = await page.evaluate(() => window.nnplay.call('points'));
  assert.equal(train.train.x.length, before + 1);
  await shot(page, 'digits-pad', { fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the convolution lesson compares a dense and a convolutional net, their confusion matrices and parameters, in Korean too', async () => {
  const { page, context, errors } = await open(browser, '?preset=convolution&lang=ko');
  assert.equal(await page.evaluate(() => window.nnplay.engine.module), 'images');
  assert.match(await page.locator('.lesson-host').textContent(), /합성곱/);
  await page.getByRole('button', { name: '모두 재생' }).click();
  await page.waitForFunction(() => /에포크 ([3-9]|\d\d)/.test(document.querySelector('.variant .figures')?.textContent ?? ''), null, { timeout: 60_000 });
  const figures = await page.locator('.variant .figures').allTextContents();
  assert.match(figures[0], /매개변수 1,210개/);
  assert.match(figures[1], /매개변수 1,030개/);
  // Each card's confusion matrix is drawn (on this thread: its pixels are read here).
  const diagonal = await page.evaluate(() => [...document.querySelectorAll('.variant canvas.confusion')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let blue = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 40 && d[i + 1] > 90 && d[i + 1] < 140 && d[i + 2] > 150) blue++;
    return blue;
  }));
  assert.ok(diagonal.every((n) => n > 200), `diagonal pixels: ${diagonal}`);
  // And each card's test accuracy over the epochs, in the palette's test colour.
  const curves = await page.evaluate(() => [...document.querySelectorAll('.variant canvas.chart')].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let test = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 213) + Math.abs(d[i + 1] - 94) + Math.abs(d[i + 2]) < 60 && d[i + 3] > 200) test++;
    return test;
  }));
  assert.ok(curves.every((n) => n > 30), `test-accuracy pixels: ${curves}`);
  assert.equal(await page.locator('#predictions-title, h3:has-text("테스트 이미지")').count() > 0, true);
  await shot(page, 'lesson-convolution-ko');
  assert.deepEqual(errors, []);
  await context.close();
});

test('thinning one class marks its row, and its recall falls while accuracy stays high', async () => {
  const { page, context, errors } = await open(browser, '?dataset=digits&hiddenLayers=16&activation=relu&optimizer=adam&learningRate=0.01&init=he&batchSize=16&points=2000&testRatio=0.3&rareClass=8&rareClassShare=0.05');
  assert.equal(await page.inputValue('#c-rareClass'), '8');
  await playTo(page, 20);
  const row = page.locator('#metrics tbody tr.low');
  assert.equal(await row.count(), 1);
  assert.equal(await row.getAttribute('data-class'), '8');
  const recall = Number((await row.locator('td').nth(2).textContent()).replace(/[^\d.]/g, ''));
  const accuracy = await page.evaluate(() => window.nnplay.summary.testAccuracy);
  assert.ok(recall < 70, `recall of 8: ${recall} %`);
  assert.ok(accuracy > 0.88, `accuracy ${accuracy}`);
  // The coach says it with the numbers.
  await page.waitForFunction(() => document.querySelector('#coach li[data-code="classImbalance"]'));
  assert.match(await page.locator('#coach li[data-code="classImbalance"]').textContent(), /recall/);
  // The augmentation toggle is a setting of the run, in its link.
  await page.check('#c-augment');
  await page.waitForFunction(() => window.nnplay.state.augment === true);
  assert.match(await page.evaluate(() => location.search), /augment=1/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an image scene holds up to odd settings: no test images, digits38\'s thinned 8s, the keyboard, a refused move, a dense list in a link', async () => {
  const { page, context, errors } = await open(browser, '?dataset=digits&testRatio=0');
  await page.click('#play');
  await page.waitForFunction(() => window.nnplay.summary?.epoch >= 5);
  await page.click('#play');
  assert.equal(await page.locator('#notice').textContent(), '', 'no frame failed');
  // digits38: class 1 is the 8s, named so in the menu, and its row is the one marked.
  await page.goto(new URL('?dataset=digits38&rareClass=1&rareClassShare=0.1', page.url()).href);
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(await page.locator('#c-rareClass option').allTextContents(), ['3', '8']);
  await page.waitForFunction(() => document.querySelector('#metrics tbody tr.low'));
  assert.equal(await page.locator('#metrics tbody tr.low td').first().textContent(), '8');
  // The arrow keys choose a test image for its feature maps.
  await page.goto(new URL('?dataset=digits&layers=conv2d:4:3:same:relu,maxPool2d', page.url()).href);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => document.querySelector('#metrics tbody tr'));
  await page.focus('#predictions');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /from the test images/.test(document.getElementById('maps-note').textContent));
  // The dense example survives a link: it is kept as dense sizes.
  await page.click('[data-key="example-dense"]');
  await page.waitForFunction(() => window.nnplay.state.layers === 'auto' && window.nnplay.state.hiddenLayers.join() === '16');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.deepEqual(await page.evaluate(() => [window.nnplay.state.layers, window.nnplay.state.hiddenLayers]), ['auto', [16]]);
  assert.equal(await page.locator('#notice').textContent(), '');
  // A move to the images module the engine refuses leaves the player as it was.
  await page.goto(new URL('?dataset=circle', page.url()).href);
  await page.waitForSelector('body[data-ready="true"]');
  const refused = await page.evaluate(() => window.nnplay.call('apply', { patch: { dataset: 'digits', noSuchSetting: 1 } }).then(() => 'accepted', (e) => e.message));
  assert.match(refused, /unknown settings: noSuchSetting/);
  assert.equal(await page.evaluate(() => window.nnplay.engine.module), 'plane');
  await page.click('#play');
  await page.waitForFunction(() => window.nnplay.summary?.epoch >= 3);
  await page.click('[data-dataset="digits"]');
  await page.waitForFunction(() => window.nnplay.engine?.module === 'images');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a classification scene in the plane shows its confusion matrix and metrics too, from the page\'s own module', async () => {
  const { page, context, errors } = await open(browser, '?dataset=spiral3&hiddenLayers=8,8&activation=relu&optimizer=adam&learningRate=0.01');
  assert.equal(await page.evaluate(() => window.nnplay.engine.module), 'plane');
  assert.equal(await page.locator('.confusion-box').evaluate((d) => d.open), false, 'a click away in the plane');
  await page.click('.confusion-box > summary');
  await playTo(page, 40);
  const summary = await page.evaluate(() => window.nnplay.summary);
  const info = await page.evaluate(() => window.nnplay.engine.info);
  assert.equal(await page.locator('#metrics tbody tr').count(), 3);
  const supports = await page.locator('#metrics tbody tr td:last-child').allTextContents();
  assert.equal(supports.map(Number).reduce((a, b) => a + b, 0), info.test);
  assert.equal(await page.locator('#metrics tfoot tr:last-child td').nth(3).textContent(), `${(summary.testAccuracy * 100).toFixed(1)} %`);
  // The diagonal in the palette's blue (each cell's shade its share of the row).
  const matrix = await pixels(page, 'confusion');
  let bluish = 0;
  for (let i = 0; i < matrix.data.length; i += 4) if (matrix.data[i + 2] > matrix.data[i] + 60) bluish++;
  assert.ok(bluish > 2000, `the diagonal is drawn: ${bluish} bluish pixels`);
  // A regression has no classes to confuse; the perceptron is no softmax classifier.
  await page.goto(new URL('?dataset=regressionPlane', page.url()).href);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('.confusion-box').isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});
