// <nn-playground> in someone else's page: autoplay, controls, attributes
// that change the player, a bad attribute that is named and never run, the
// host's styles kept out, training only while on screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const epoch = (page, id) => page.evaluate((i) => document.getElementById(i).summary?.epoch ?? -1, id);

test('players in a blog post: autoplay, Play, controls, attributes, events, and nothing from an attribute runs', async () => {
  const { page, context, errors, failed, foreign } = await open(browser, 'tests/pages/embed.html', { width: 1280, height: 1200 });
  await page.waitForFunction(() => ['auto', 'manual', 'bad'].every((id) => document.getElementById(id).summary));
  await page.evaluate(() => {
    window.epochs = 0;
    document.getElementById('auto').addEventListener('epoch', () => { window.epochs++; });
  });
  // The autoplay player trains; the other waits for its Play.
  await page.waitForFunction(() => document.getElementById('auto').summary.epoch > 5);
  assert.equal(await epoch(page, 'manual'), 0);
  // Epoch events keep coming while it plays.
  await page.waitForFunction(() => window.epochs > 2);
  await page.locator('#manual').locator('#play').click();
  await page.waitForFunction(() => document.getElementById('manual').summary.epoch > 2);
  // Only the controls asked for (and Play, Reset) are shown.
  const manual = page.locator('#manual');
  assert.ok(await manual.locator('#c-learningRate').isVisible());
  assert.ok(await manual.locator('#c-activation').isVisible());
  assert.ok(await manual.locator('#step').isVisible());
  assert.ok(!(await manual.locator('#c-optimizer').isVisible()));
  // A named part comes whole: the view options with all their boxes.
  assert.ok(await manual.locator('#c-showTest').isVisible());
  assert.ok(await manual.locator('#c-logScale').isVisible());
  assert.ok(!(await manual.locator('#share').isVisible()));
  assert.ok(!(await manual.locator('.panel.network').isVisible()));
  // The attributes made the run; changing one rebuilds it.
  assert.deepEqual(await page.evaluate(async () => (await document.getElementById('manual').call('config')).hiddenLayers), [4, 2]);
  await page.evaluate(() => document.getElementById('manual').setAttribute('learning-rate', '0.3'));
  await page.waitForFunction(() => Math.abs(document.getElementById('manual').engine?.state?.learningRate - 0.3) < 1e-6);
  // The host's red buttons stay outside.
  const colour = await manual.locator('#play').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(colour, 'rgb(255, 0, 0)');
  // A bad attribute is named in the player's own words, as text.
  const bad = page.locator('#bad');
  const notice = await bad.locator('#notice').textContent();
  assert.match(notice, /unknown lesson "nope"/);
  assert.match(notice, /learningRate=<img/);
  assert.equal(await page.evaluate(() => document.getElementById('bad').shadowRoot.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await shot(page, 'embed-blog');
  // Off screen, the autoplay player pauses; back on screen it goes on.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(300);
  const parked = await epoch(page, 'auto');
  await page.waitForTimeout(600);
  assert.equal(await epoch(page, 'auto'), parked, 'it trained while off screen');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((e) => document.getElementById('auto').summary.epoch > e, parked);
  // A host's own attributes leave the run alone; removed, a player stops its engine.
  const epochNow = await epoch(page, 'auto');
  await page.evaluate(() => document.getElementById('auto').setAttribute('class', 'wide'));
  await page.waitForTimeout(200);
  assert.ok(await epoch(page, 'auto') >= epochNow, 'a class change restarted the run');
  const freed = await page.evaluate(() => {
    const el = document.getElementById('auto');
    el.remove();
    return el.engine === null && el.summary === null;
  });
  assert.ok(freed);
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

/** The strict policy blogs and course platforms send. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:";

/** A page served with the strict policy (or `policy`), recording every violation. */
async function underPolicy(query, viewport, policy = CSP) {
  const opened = { context: await browser.newContext({ viewport: viewport ?? { width: 1280, height: 1000 } }) };
  const { context } = opened;
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(query, process.env.NNPLAY_URL ?? 'http://127.0.0.1:8000/').href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, context, errors };
}

test('under a policy that refuses workers, the engine runs on the page\'s thread and nothing else changes', async () => {
  const { page, context, errors } = await underPolicy('?dataset=circle', undefined, `${CSP}; worker-src 'none'`);
  assert.equal(await page.evaluate(() => window.nnplay.engine.kind), 'page');
  await page.click('#play');
  await page.waitForFunction(() => window.nnplay.summary?.epoch > 3);
  await page.click('#play');
  await page.click('#step');
  await page.waitForFunction(() => window.nnplay.engine.kind === 'page' && !window.nnplay.playing);
  // The browser reports the worker it refused; nothing else was refused,
  // and the page itself says nothing is wrong.
  const violations = await page.evaluate(() => window.violations);
  assert.ok(violations.length > 0 && violations.every((v) => v.startsWith('worker-src')), violations.join('\n'));
  assert.deepEqual(errors.filter((e) => !/worker/i.test(e)), []);
  assert.equal(await page.locator('#notice').textContent(), '');
  await context.close();
});

test('the full page works under a strict Content-Security-Policy with no violation', async () => {
  const { page, context, errors } = await underPolicy('?preset=activations');
  assert.equal(await page.evaluate(() => window.nnplay.engine.kind), 'worker');
  await page.click('text=▶ Play all');
  await page.click('#play');
  await page.waitForFunction(() => window.nnplay.summary?.epoch > 3);
  await page.selectOption('#c-activation', 'relu');
  await page.click('text=❚❚ Pause all');
  const violations = await page.evaluate(() => window.violations);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a course page under the strict policy: two players and an iframe player, no violation, the frame sized by its message', async () => {
  const { page, context, errors } = await underPolicy('tests/pages/csp-blog.html');
  await page.waitForFunction(() => document.getElementById('one').summary && document.getElementById('two').summary);
  await page.waitForFunction(() => document.getElementById('one').summary.epoch > 3);
  assert.equal(await page.evaluate(() => document.getElementById('two').summary.epoch), 0);
  // The iframe player: at 640 × 480, the boundary and Play in view without scrolling.
  const frame = page.frameLocator('#frame');
  for (const id of ['#boundary', '#play']) {
    const box = await frame.locator(id).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
    assert.ok(box.top >= 0 && box.bottom <= 480 && box.left >= 0 && box.right <= 640, `${id} ${JSON.stringify(box)}`);
  }
  await page.waitForFunction(() => window.heights.length > 0);
  const height = await page.evaluate(() => window.heights[window.heights.length - 1]);
  assert.ok(height > 300 && height < 2000, `height message ${height}`);
  await frame.locator('#play').click();
  await page.waitForFunction(() => document.getElementById('frame').contentWindow.nnplay?.summary?.epoch > 3);
  const violations = await page.evaluate(() => [...window.violations, ...document.getElementById('frame').contentWindow.violations]);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await shot(page, 'embed-csp', { fullPage: true });
  await context.close();
});

test('the distributable: its folder works from a sub-path, and its one HTML file trains XOR from disk', async () => {
  // dist/ as published, served under /dist/: the page and the component.
  const { page, context, errors, failed, foreign } = await open(browser, 'dist/index.html?preset=xor-hidden-layer');
  await page.click('#step');
  await page.waitForFunction(() => window.nnplay.summary?.epoch === 1);
  const blog = await open(browser, 'tests/pages/dist-blog.html');
  await blog.page.waitForFunction(() => document.getElementById('one').summary?.epoch > 3);
  await blog.context.close();
  assert.deepEqual([...errors, ...blog.errors], []);
  assert.deepEqual([...failed, ...blog.failed], []);
  assert.deepEqual([...foreign, ...blog.foreign], []);
  await context.close();
  // The standalone file, opened from disk: no server, no other file.
  const local = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const file = await local.newPage();
  const problems = [];
  file.on('pageerror', (e) => problems.push(String(e)));
  file.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  file.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request ${r.url()}`); });
  await file.goto(new URL('../dist/nnplay-standalone.html', import.meta.url).href);
  await file.waitForSelector('body[data-ready="true"]');
  await file.click('#play');
  await file.waitForFunction(() => window.nnplay.summary?.testAccuracy === 1, null, { timeout: 60_000 });
  assert.deepEqual(problems, []);
  await local.close();
});

test('the anywidget entry mounts a player from a notebook model and follows its changes', async () => {
  const { page, context, errors } = await open(browser, 'tests/pages/two-players.html');
  const result = await page.evaluate(async () => {
    const { render } = await import('../../web/nn-playground.js');
    const values = { preset: 'softmax', controls: 'learning-rate', config: { learningRate: 0.03 } };
    const listeners = {};
    const model = {
      get: (name) => values[name],
      on: (event, fn) => { (listeners[event] ??= []).push(fn); },
      off: () => {},
      set(name, value) { values[name] = value; (listeners[`change:${name}`] ?? []).forEach((fn) => fn()); },
    };
    const el = document.createElement('div');
    document.body.prepend(el);
    const cleanup = render({ model, el });
    const player = el.querySelector('nn-playground');
    // A call made at once waits for the player to run (el.ready).
    const before = [await player.call('outputs'), (await player.call('config')).learningRate];
    await player.ready;
    // A host can hide the player with the hidden attribute.
    player.hidden = true;
    const hidden = getComputedStyle(player).display;
    player.hidden = false;
    model.set('config', { learningRate: 0.1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await player.call('config')).learningRate;
    cleanup();
    return { before, after, hidden, gone: !el.querySelector('nn-playground') };
  });
  assert.equal(result.before[0], 3);
  assert.ok(Math.abs(result.before[1] - 0.03) < 1e-6);
  assert.ok(Math.abs(result.after - 0.1) < 1e-6);
  assert.equal(result.hidden, 'none');
  assert.ok(result.gone);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the SCORM package holds a manifest with one item per lesson, launching the standalone file', async () => {
  const { readFile } = await import('node:fs/promises');
  const { LESSONS } = await import('../web/lessons.js');
  const dist = new URL('../dist/', import.meta.url);
  const zip = await readFile(new URL('nnplay-scorm.zip', dist));
  const standalone = await readFile(new URL('nnplay-standalone.html', dist));
  // Stored entries: the files are in the zip as they are, after their headers.
  const text = zip.toString('latin1');
  assert.equal(zip.readUInt32LE(0), 0x04034b50, 'a zip file');
  const manifest = text.slice(text.indexOf('<?xml'), text.indexOf('</manifest>') + '</manifest>'.length);
  assert.match(manifest, /<schemaversion>1\.2<\/schemaversion>/);
  assert.match(manifest, /<resource identifier="player" type="webcontent" adlcp:scormtype="sco" href="nnplay-standalone.html">/);
  const launches = [...manifest.matchAll(/parameters="\?preset=([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(launches, LESSONS.map((l) => l.name));
  const { default: en } = await import('../web/messages/en.js');
  const titles = [...manifest.matchAll(/<item [^>]*>\s*<title>([^<]*)<\/title>/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.deepEqual(titles, LESSONS.map((l) => en.lessons.items[l.name].title));
  assert.ok(zip.includes(standalone), 'the standalone file, whole');
  // A launch URL opens its lesson, from disk.
  const local = await browser.newContext();
  const page = await local.newPage();
  await page.goto(new URL('nnplay-standalone.html?preset=perceptron-and', dist).href);
  await page.waitForSelector('body[data-ready="true"]');
  assert.match(await page.locator('.lesson-title').textContent(), /perceptron learns AND/);
  await local.close();
});

test('the release wasm a page downloads is at most 150 kB gzipped', async () => {
  const { readFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const wasm = readFileSync(new URL('../dist/web/pkg/nnplay_wasm_bg.wasm', import.meta.url));
  const gzip = gzipSync(wasm, { level: 9 }).length;
  console.log(`release wasm: ${wasm.length} bytes raw, ${gzip} bytes gzip -9`);
  assert.ok(gzip <= 150_000, `the wasm is ${gzip} bytes gzipped; the budget is 150,000`);
});
