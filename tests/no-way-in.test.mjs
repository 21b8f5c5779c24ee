// No way in: markup and script put into every URL parameter, every
// <nn-playground> attribute, a CSV file and a model file never run, never
// become elements, and nothing is fetched from another origin — on the page,
// in the player, and in the standalone file opened from disk.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open } from './helpers.mjs';

const browser = await launch();
after(() => browser.close());

/** Each tries to run script (setting window.pwned) or to fetch from elsewhere. */
const PAYLOADS = [
  '<img src=x onerror="window.pwned=1">',
  '"><svg onload="window.pwned=1"></svg>',
  "'><script>window.pwned=1</script>",
  'javascript:window.pwned=1',
  '<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>',
  '${window.pwned=1}{{constructor.constructor("window.pwned=1")()}}',
  '<img src="http://evil.example/x.png">',
  '<style>@import "http://evil.example/x.css";</style>',
];

/** Elements and attributes that can carry script, anywhere (shadow roots too). */
function injected() {
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (tag === 'script' && el.textContent.includes('pwned')) found.push('script');
      if (tag === 'iframe' || tag === 'object' || tag === 'embed') found.push(tag);
      if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img');
      // The players' own attributes are the host's text, put there by the test.
      for (const a of tag === 'nn-playground' ? [] : el.attributes) {
        if (/^on/i.test(a.name) || /javascript:/i.test(a.value) || a.value.includes('evil.example')) found.push(`${tag}[${a.name}]`);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return found;
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(100);
}

async function checkClean(page, foreign, what) {
  await settle(page);
  assert.equal(await page.evaluate(() => window.pwned), undefined, `${what}: script ran`);
  assert.deepEqual(await page.evaluate(injected), [], `${what}: markup became elements`);
  assert.deepEqual(foreign, [], `${what}: requests to other origins`);
}

test('every URL parameter holding markup or script: shown as text, never run', async () => {
  const probe = await open(browser, '');
  const keys = await probe.page.evaluate(() => Object.keys(window.nnplay.state));
  await probe.context.close();
  assert.ok(keys.length > 20, `the page's settings (${keys.length})`);
  for (const payload of PAYLOADS) {
    const params = new URLSearchParams();
    for (const key of [...keys, 'unknownSetting']) params.set(key, payload);
    const { page, context, errors, foreign } = await open(browser, `?${params}`);
    await checkClean(page, foreign, `URL = ${payload}`);
    // The player still works and says what it dropped, as text.
    assert.ok(await page.evaluate(() => window.nnplay.summary.epoch >= 0));
    const notice = await page.locator('#notice').textContent();
    assert.ok(notice.length > 0, 'the dropped settings are named');
    assert.deepEqual(errors, [], `URL = ${payload}: console errors`);
    await context.close();
  }
});

test('every attribute of <nn-playground> holding markup or script: never run', async () => {
  const probe = await open(browser, '');
  const keys = await probe.page.evaluate(() => Object.keys(window.nnplay.state));
  await probe.context.close();
  const kebab = (k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const { page, context, errors, foreign } = await open(browser, 'tests/pages/embed.html');
  for (const payload of PAYLOADS) {
    await page.evaluate(({ keys, payload }) => {
      const player = document.createElement('nn-playground');
      for (const key of [...keys, 'controls', 'height', 'lang', 'preset', 'unknown-attribute']) player.setAttribute(key, payload);
      player.className = 'hostile';
      document.body.prepend(player);
    }, { keys: keys.map(kebab), payload });
    await page.waitForFunction(() => [...document.querySelectorAll('nn-playground.hostile')].every((p) => p.summary));
  }
  await checkClean(page, foreign, 'attributes');
  const notices = await page.evaluate(() => [...document.querySelectorAll('nn-playground.hostile')].map((p) => p.shadowRoot.querySelector('#notice')?.textContent ?? ''));
  assert.equal(notices.length, PAYLOADS.length);
  assert.ok(notices.every((n) => n.length > 0), 'each player names what it dropped');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a CSV file and a model file holding markup or script: refused or read as data, never run', async () => {
  const { page, context, foreign } = await open(browser, '');
  const model = await page.evaluate(() => window.nnplay.call('exportModel'));
  for (const payload of PAYLOADS) {
    const csv = `x,y,label\n1,1,0\n${payload},1,1\n-1,1,1\n`;
    await page.setInputFiles('#csv-file', { name: `${payload}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await settle(page);
    const labelled = `x,y,label,set\n1,1,0,${payload}\n`;
    await page.setInputFiles('#csv-file', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(labelled) });
    await settle(page);
    const file = JSON.parse(model);
    file.config.dataset = payload;
    await page.setInputFiles('#model-file', { name: `${payload}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await settle(page);
    const unknown = model.replace('"format"', `"${payload.replace(/"/g, '\\"')}":1,"format"`);
    await page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(unknown) });
    await checkClean(page, foreign, `files with ${payload}`);
    // Refused with a reason, shown as text.
    await page.waitForFunction(() => document.getElementById('notice').textContent.includes('cannot read the model file'));
  }
  await context.close();
});

test('the standalone file from disk, with markup in its link: nothing runs, nothing is fetched', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) requests.push(r.url()); });
  const params = new URLSearchParams({ dataset: PAYLOADS[0], preset: PAYLOADS[1], lang: PAYLOADS[6], learningRate: PAYLOADS[2] });
  await page.goto(`${new URL('../dist/nnplay-standalone.html', import.meta.url).href}?${params}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await settle(page);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(await page.evaluate(injected), []);
  assert.deepEqual(requests, []);
  await context.close();
});

test('no script or markup is ever built from text: no innerHTML, eval, new Function or document.write in the sources', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const root = new URL('../', import.meta.url);
  const files = ['index.html'];
  for (const dir of ['web', 'web/messages', 'web/pkg', 'web/pkg-images']) {
    for (const name of await readdir(new URL(`${dir}/`, root))) if (/\.(js|html)$/.test(name)) files.push(`${dir}/${name}`);
  }
  const sinks = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|(?<![\w$.`'"])Function\s*\(|srcdoc|set(Timeout|Interval)\s*\(\s*['"`]|createContextualFragment|DOMParser|setHTMLUnsafe|parseHTMLUnsafe)/;
  const found = [];
  for (const file of files) {
    const text = await readFile(new URL(file, root), 'utf8');
    text.split('\n').forEach((line, i) => { if (sinks.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`); });
  }
  assert.ok(files.length > 20, `${files.length} files read`);
  assert.deepEqual(found, []);
});
