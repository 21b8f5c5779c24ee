// The page as an app: the bugs a learner hit (a diverging run, an invisible
// point, raw numbers), two players on one page, the layout a learner uses
// while watching, keyboard use and an accessibility audit. Debian's headless
// Chromium through playwright-core; `cargo xtask test` serves the repository.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Milliseconds the page takes to answer a trivial evaluation. */
async function answerTime(page) {
  const t = Date.now();
  await page.evaluate(() => 1);
  return Date.now() - t;
}

/** Every number printed in the page's visible text with more than `max` significant digits. */
async function longNumbers(page, max = 5) {
  const text = await page.evaluate(() => document.body.innerText);
  return (text.match(/\d[\d.,]*(?:e[+-]?\d+)?/g) ?? [])
    .filter((n) => n.replace(/e.*$/, '').replace(/[.,]/g, '').replace(/^0+/, '').length > max);
}

for (const query of ['?dataset=regressionPlane&learningRate=1', '?dataset=regressionGaussians&learningRate=3', '?dataset=regressionPlane&learningRate=10']) {
  test(`a diverging run (${query}) stops, says so, and the tab keeps answering`, async () => {
    const { page, context, errors } = await open(browser, query);
    await page.click('#play');
    const slowest = [];
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(200);
      slowest.push(await answerTime(page));
    }
    assert.ok(Math.max(...slowest) < 1000, `answers took ${slowest.join(', ')} ms`);
    await page.waitForFunction(() => window.nnplay.summary?.diverged, null, { timeout: 20_000 });
    await page.waitForFunction(() => !window.nnplay.playing);
    assert.match(await page.locator('#notice').textContent(), /diverged/);
    assert.equal(await page.locator('#stat-train-loss').textContent(), 'diverged');
    // The coach says what to do, and every chart was drawn from clamped values.
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const codes = await page.evaluate(() => [...document.querySelectorAll('#coach li')].map((li) => li.dataset.code));
    assert.deepEqual(codes, ['lossNotFinite']);
    assert.deepEqual(await longNumbers(page), []);
    // The log scale and Play again change nothing; Reset recovers.
    await page.check('#c-logScale');
    await page.click('#play');
    assert.equal(await page.evaluate(() => window.nnplay.playing), false);
    assert.ok(await answerTime(page) < 1000);
    await page.click('#reset');
    await page.waitForFunction(() => document.getElementById('stat-epoch').textContent === '0');
    assert.notEqual(await page.locator('#stat-train-loss').textContent(), 'diverged');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** RGBA of the boundary canvas at the CSS point (x, y) of the viewport (its
 * pixels are read where the engine draws them, perhaps in a worker). */
async function pixelAt(page, x, y) {
  return page.evaluate(async ([cx, cy]) => {
    const r = document.getElementById('boundary').getBoundingClientRect();
    const image = await window.nnplay.call('image', { name: 'boundary' });
    const px = Math.round(((cx - r.left) / r.width) * image.width);
    const py = Math.round(((cy - r.top) / r.height) * image.height);
    return Array.from(image.data.subarray(4 * (py * image.width + px), 4 * (py * image.width + px) + 4));
  }, [x, y]);
}

test('a clicked point is drawn where it was clicked, and removing it clears the spot', async () => {
  const { page, context } = await open(browser, '?dataset=circle&points=20&showTest=0');
  const box = await page.locator('#boundary').boundingBox();
  // An empty spot near a corner of the circle set: nothing but background there.
  const [x, y] = [box.x + box.width * 0.06, box.y + box.height * 0.94];
  const before = await pixelAt(page, x, y);
  const count = () => page.evaluate(async () => (await window.nnplay.call('points')).train.x.length);
  const n = await count();
  await page.mouse.click(x, y);
  assert.equal(await count(), n + 1);
  await page.evaluate(() => new Promise(requestAnimationFrame));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const after = await pixelAt(page, x, y);
  // Class 1 is blue (0, 114, 178): the spot turned from background to the point's colour.
  const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  assert.ok(distance(after, [0, 114, 178]) < 40, `the point's pixel is ${after}, was ${before}`);
  assert.ok(distance(after, before) > 60, `the spot did not change: ${before} → ${after}`);
  await page.mouse.click(x, y, { button: 'right' });
  assert.equal(await count(), n);
  await page.evaluate(() => new Promise(requestAnimationFrame));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  const cleared = await pixelAt(page, x, y);
  assert.ok(distance(cleared, [0, 114, 178]) > 60, `the removed point is still drawn: ${cleared}`);
  await context.close();
});

test('two players on one page train, edit points and change settings independently', async () => {
  const { page, context, errors } = await open(browser, 'tests/pages/two-players.html');
  const summary = (i) => page.evaluate((k) => window.players[k].call('summary'), i);
  const points = (i) => page.evaluate(async (k) => (await window.players[k].call('points')).train.x.length, i);
  assert.equal(await page.locator('#a-boundary').count(), 1);
  assert.equal(await page.locator('#b-boundary').count(), 1);
  // Play the first: only the first trains.
  await page.click('#a-play');
  await page.waitForFunction(() => window.players[0].summary?.epoch >= 5);
  await page.click('#a-play');
  assert.equal((await summary(1)).epoch, 0);
  // Step the second: only the second moves.
  const first = (await summary(0)).epoch;
  await page.click('#b-step');
  await page.waitForFunction(() => document.getElementById('b-stat-epoch').textContent === '1');
  assert.equal((await summary(0)).epoch, first);
  assert.equal(await page.locator('#a-stat-epoch').textContent(), String(first));
  // A point added to the second leaves the first's data alone.
  const [a, b] = [await points(0), await points(1)];
  const box = await page.locator('#b-boundary').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.equal(await points(1), b + 1);
  assert.equal(await points(0), a);
  // A setting changed in the first stays in the first.
  await page.selectOption('#a-c-activation', 'relu');
  await page.waitForFunction(() => window.players[0].state.activation === 'relu');
  assert.equal(await page.evaluate(() => window.players[0].state.activation), 'relu');
  assert.equal(await page.evaluate(() => window.players[1].state.activation), 'tanh');
  assert.equal(await page.evaluate(() => window.players[1].state.dataset), 'circle');
  assert.deepEqual(await page.evaluate(async () => (await window.players[1].call('config')).hiddenLayers), [4]);
  // Removing one player frees it and leaves the other working (the added
  // point restarted the second's training at epoch 0).
  await page.evaluate(() => window.players[0].destroy());
  assert.equal(await page.locator('#a-boundary').count(), 0);
  await page.click('#b-step');
  await page.waitForFunction(() => document.getElementById('b-stat-epoch').textContent === '1');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the controls a learner changes most are in view beside the output', async () => {
  for (const [width, height] of [[1440, 900], [1024, 768]]) {
    const { page, context } = await open(browser, '', { width, height });
    for (const id of ['c-learningRate', 'c-activation', 'c-loss', 'c-optimizer', 'c-regularization', 'play']) {
      const box = await page.locator(`#${id}`).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= height, `#${id} at y ${box?.y} of ${height} (${width} px wide)`);
    }
    // Most of the output is in view at the same time.
    const out = await page.locator('#boundary').boundingBox();
    const visible = Math.max(0, Math.min(out.y + out.height, height) - Math.max(out.y, 0));
    assert.ok(visible >= 0.6 * out.height, `${visible} of the boundary's ${out.height} px are in view at ${width}×${height}`);
    await shot(page, `page-${width}`);
    await context.close();
  }
  // On a phone the sticky header takes at most a tenth of the screen.
  const { page, context } = await open(browser, '', { width: 375, height: 740 }, 2);
  const bar = await page.locator('.bar').boundingBox();
  assert.ok(bar.height <= 74, `the phone's header is ${bar.height} px tall`);
  assert.ok(await page.locator('#play').isVisible());
  await shot(page, 'page-phone');
  await context.close();
});

test('the settings a truth table ignores are disabled, with the reason shown', async () => {
  const { page, context } = await open(browser, '?dataset=xorTable');
  for (const key of ['points', 'noise', 'testRatio']) assert.ok(await page.locator(`#c-${key}`).isDisabled(), key);
  assert.ok(await page.getByText(/points, noise and test share do not apply/).isVisible());
  await page.click('[data-dataset="circle"]');
  await page.waitForFunction(() => window.nnplay.state.dataset === 'circle');
  for (const key of ['points', 'noise', 'testRatio']) assert.ok(await page.locator(`#c-${key}`).isEnabled(), key);
  await context.close();
});

test('the keyboard: few tab stops, the diagram is one of them, focus stays where the learner is', async () => {
  const { page, context } = await open(browser);
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a.id || a.dataset.key || a.getAttribute('aria-label') || a.tagName;
  });
  // Tab through the page once.
  const stops = [];
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    const here = await focused();
    if (stops.includes(here) && here === stops[0]) break;
    stops.push(here);
  }
  const rate = stops.indexOf('c-learningRate');
  assert.ok(rate >= 0 && rate < 12, `the learning rate is tab stop ${rate + 1}: ${stops.slice(0, 14).join(' | ')}`);
  const inDiagram = await page.evaluate(() => document.querySelectorAll('.diagram [tabindex="0"]').length);
  assert.equal(inDiagram, 1, 'the diagram has one tab stop');
  // The page had 106 tab stops, 33 of them weight links; now the diagram is
  // one, and what remains is one per control (16 are the lesson list's
  // links, 6 the files' buttons and fields).
  assert.ok(stops.length <= 80, `${stops.length} tab stops`);
  // Inside the diagram, arrow keys move from neuron to link to bias.
  await page.locator('.diagram [tabindex="0"]').focus();
  const firstItem = await focused();
  await page.keyboard.press('ArrowDown');
  const second = await focused();
  assert.notEqual(second, firstItem);
  assert.match(second, /^weight from/);
  // Enter edits the link; Escape (or Set) returns focus to it.
  await page.keyboard.press('Enter');
  assert.ok(await page.locator('.editor').isVisible());
  await page.keyboard.press('Escape');
  assert.equal(await focused(), second);
  await page.keyboard.press('Enter');
  await page.keyboard.type('0.5');
  await page.keyboard.press('Enter');
  assert.match(await focused(), /^weight from/);
  const w = await page.evaluate(async () => (await window.nnplay.call('weights'))[0].weights[0]);
  assert.equal(w, 0.5);
  // + keeps the focus after the layer controls are rebuilt.
  await page.locator('button[aria-label="more neurons in layer 1"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.nnplay.state.hiddenLayers[0] === 7);
  assert.equal(await focused(), 'layer0+');
  // Data sets form a radio group: arrow keys choose the next one.
  await page.locator('[data-dataset="xor"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.nnplay.state.dataset === 'xorTable');
  // The focus ring is not the colour of a negative weight (nor of a positive one).
  const [ring, palette] = await page.evaluate(async () => {
    const { palette: enginePalette } = await import('./web/pkg/nnplay_wasm.js');
    return [getComputedStyle(document.activeElement).outlineColor, enginePalette()];
  });
  const css = (c) => c.replace(/\s/g, '');
  assert.notEqual(css(ring), css(palette.negative), ring);
  assert.notEqual(css(ring), css(palette.positive), ring);
  await context.close();
});

test('axe-core finds no serious or critical accessibility problem', async () => {
  const require = createRequire(import.meta.url);
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const [query, viewport] of [['', undefined], ['?dataset=spiral3&hiddenLayers=4%2C4', undefined], ['', { width: 375, height: 740 }]]) {
    const { page, context } = await open(browser, query, viewport);
    await page.click('#step');
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${query} ${JSON.stringify(viewport)}`);
    await context.close();
  }
});

test('lang=ko shows the page in Korean, the browser\'s language picks it too, and switching keeps the run', async () => {
  const { default: en } = await import('../web/messages/en.js');
  const { page, context, errors } = await open(browser, '?lang=ko');
  assert.equal(await page.locator('#play').textContent(), '▶ 재생');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.waitForFunction(() => document.getElementById('stat-epoch').textContent === '3');
  await page.evaluate(() => new Promise(requestAnimationFrame));
  // No English sentence or label of the page is left (names like ReLU, SGD,
  // XOR and the formulas are the same in both languages).
  const text = await page.evaluate(() => document.body.innerText);
  const english = [en.transport.step, en.transport.reset, en.stats.trainLoss, en.panels.network, en.panels.gradients,
    en.controls.learningRate, en.controls.regenerate, en.view.showTest, en.picker.newPoints.trim(), en.task.binary, en.coach.ok];
  for (const words of english) assert.ok(!text.includes(words), `"${words}" is still English`);
  assert.match(text, /학습률/);
  // Switching to English keeps the epoch count and the weights.
  const before = await page.evaluate(() => window.nnplay.call('exportModel'));
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.getElementById('play').textContent === '▶ Play');
  assert.equal(await page.locator('#stat-epoch').textContent(), '3');
  assert.equal(await page.evaluate(() => window.nnplay.call('exportModel')), before);
  assert.match(page.url(), /lang=en/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(errors, []);
  await context.close();
  // With no lang= in the link, a Korean browser gets Korean.
  const korean = await browser.newContext({ locale: 'ko-KR' });
  const page2 = await korean.newPage();
  await page2.goto(new URL('', process.env.NNPLAY_URL ?? 'http://127.0.0.1:8000/').href);
  await page2.waitForSelector('body[data-ready="true"]');
  assert.equal(await page2.locator('#play').textContent(), '▶ 재생');
  await korean.close();
});

test('Embed gives the two snippets for the current scene', async () => {
  const { page, context } = await open(browser, '?preset=width-depth');
  await page.selectOption('#c-learningRate', '0.03');
  await page.click('#embed');
  const [component, iframe] = await page.evaluate(() => [...document.querySelectorAll('.embed-code textarea')].map((t) => t.value));
  assert.match(component, /<script type="module" src="http:\/\/[^"]+\/web\/nn-playground\.js"><\/script>/);
  assert.match(component, /<nn-playground [^>]*learning-rate="0\.03"/);
  assert.match(component, /preset="width-depth"/);
  assert.match(component, /controls="lessons"/);
  assert.match(iframe, /<iframe src="http:\/\/[^"]+\/index\.html\?[^"]*embed=1/);
  assert.match(iframe, /learningRate=0\.03/);
  // The iframe's address opens the same scene as a player.
  const src = iframe.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await page.goto(src);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.evaluate(() => window.nnplay.state.learningRate), 0.03);
  assert.equal(await page.evaluate(() => window.nnplay.state.embed), true);
  assert.ok(await page.locator('.lesson-title').isVisible());
  assert.ok(!(await page.locator('#c-optimizer').isVisible()));
  await context.close();
});

test('points go out and come back as CSV, the model as JSON and the output as PNG; bad rows name their line', async () => {
  const { page, context, errors } = await open(browser, '?dataset=circle&points=60');
  const { readFile } = await import('node:fs/promises');
  const downloaded = async (selector) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return readFile(await file.path());
  };
  const csv = (await downloaded('#csv-download')).toString();
  assert.equal(csv, await page.evaluate(() => window.nnplay.call('pointsCsv')));
  assert.equal(csv.trim().split('\n').length, 61);
  const model = (await downloaded('#model-download')).toString();
  const png = await downloaded('#png-download');
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  // The model file loads back and predicts the same.
  const same = await page.evaluate(async (text) => {
    const { Playground } = await import('./web/pkg/nnplay_wasm.js');
    const copy = Playground.fromModel(text);
    const xy = new Float32Array([1, 2, -3, 0.5, 4, -4]);
    const a = Array.from(await window.nnplay.call('predictBatch', { xy }));
    const b = Array.from(copy.predictBatch(xy));
    copy.free();
    return JSON.stringify(a) === JSON.stringify(b);
  }, model);
  assert.ok(same);
  // Loaded on the page (the Load a model button) into another scene: the
  // model's settings, weights and points, predicting the same.
  const other0 = await open(browser, '?dataset=xor&hiddenLayers=3');
  await other0.page.setInputFiles('#model-file', { name: 'nnplay-model.json', mimeType: 'application/json', buffer: Buffer.from(model) });
  await other0.page.waitForFunction(() => window.nnplay.state.dataset === 'circle');
  const predict = (pg) => pg.evaluate(async () => Array.from(await window.nnplay.call('predictBatch', { xy: new Float32Array([1, 2, -3, 0.5, 4, -4]) })));
  assert.deepEqual(await predict(other0.page), await predict(page));
  assert.equal(await other0.page.evaluate(() => window.nnplay.call('exportModel')), model);
  assert.match(await other0.page.locator('#notice').textContent(), /Model loaded/);
  // A broken file is refused with the reason and the scene stays.
  await other0.page.setInputFiles('#model-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(model.replace('"layers":[', '"layers":[7,')) });
  await other0.page.waitForFunction(() => /cannot read the model file/.test(document.getElementById('notice').textContent));
  assert.equal(await other0.page.evaluate(() => window.nnplay.call('exportModel')), model);
  assert.deepEqual(other0.errors, []);
  await other0.context.close();
  // A bad row: refused with its line, the scene unchanged.
  const before = await page.evaluate(() => window.nnplay.call('pointsCsv'));
  await page.fill('#csv-text', `${csv.trim()}\n1,2,7,train`);
  await page.click('#csv-load');
  await page.waitForFunction(() => /^line 62/.test(document.getElementById('notice').textContent));
  assert.match(await page.locator('#notice').textContent(), /^line 62: a label of a binary task must be 0 or 1, got 7$/);
  assert.equal(await page.evaluate(() => window.nnplay.call('pointsCsv')), before);
  // The downloaded CSV, loaded into another page's run, gives the same points.
  const other = await open(browser, '?dataset=circle&points=200&dataSeed=9');
  await other.page.fill('#csv-text', csv);
  await other.page.click('#csv-load');
  await other.page.waitForFunction(() => /data=/.test(location.href));
  assert.equal(await other.page.evaluate(() => window.nnplay.call('pointsCsv')), csv);
  assert.match(other.page.url(), /data=/);
  await other.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('Copy as PyTorch downloads the script and says so beside the button, to screen readers too', async () => {
  const { page, context, errors } = await open(browser, '?dataset=xor&optimizer=adam&learningRate=0.01');
  await page.click('#step');
  await page.click('#step');
  const { readFile } = await import('node:fs/promises');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#pytorch')]);
  assert.equal(file.suggestedFilename(), 'nnplay.py');
  const script = (await readFile(await file.path())).toString();
  assert.match(script, /^# nnplay\.py: the nnplay scene "xor" as PyTorch, going on from where\n# nnplay stands \(epoch 2,/);
  assert.match(script, /"exp_avg_sq"/);
  const note = page.locator('#files-note');
  await note.waitFor({ state: 'visible' });
  assert.equal(await note.getAttribute('role'), 'status');
  assert.match(await note.textContent(), /nnplay\.py.*python3 nnplay\.py/);
  // Where the learner is looking: in the viewport, just under the button.
  const [button, box, viewport] = [await page.locator('#pytorch').boundingBox(), await note.boundingBox(), page.viewportSize()];
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the note is at y=${box.y} in a ${viewport.height} px viewport`);
  assert.ok(box.y > button.y && box.y - (button.y + button.height) < 60, `the note is ${box.y - button.y - button.height} px under the button`);
  assert.equal(await page.locator('#notice').isVisible(), false, 'nothing said out of sight at the top');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a full data set says its limit in words when clicked', async () => {
  const { page, context } = await open(browser, '?dataset=circle&points=5000');
  const box = await page.locator('#boundary').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  // The engine's refusal comes back a moment later.
  await page.waitForFunction(() => document.getElementById('notice').textContent !== '');
  assert.match(await page.locator('#notice').textContent(), /holds at most 5000 points/);
  await context.close();
});

test('a link keeps every setting it can: a refused combination drops one setting and says which', async () => {
  const { page, context, errors } = await open(browser, '?mode=perceptron&dataset=spiral3&learningRate=0.03&layerActivations=relu');
  const state = await page.evaluate(() => window.nnplay.state);
  assert.equal(state.dataset, 'spiral3', 'the data set is kept');
  assert.equal(state.mode, 'network', 'the perceptron is dropped');
  assert.equal(state.learningRate, 0.03, 'the rest is kept');
  const notice = await page.locator('#notice').textContent();
  assert.match(notice, /mode=perceptron was dropped \(a perceptron separates two classes/);
  assert.match(notice, /layerActivations gives 1 activations for 2 hidden layers/);
  // Clicks in a burst are one step back in the history.
  const box = await page.locator('#boundary').boundingBox();
  const length = await page.evaluate(() => history.length);
  for (let i = 0; i < 4; i++) await page.mouse.click(box.x + box.width * (0.2 + 0.1 * i), box.y + box.height * 0.3);
  assert.ok(await page.evaluate(() => history.length) <= length + 1, 'four points, at most one history entry');
  assert.deepEqual(errors, []);
  await context.close();
});
