// The SCORM package's SCO in a real SCORM 1.2 runtime: scorm-again's
// Scorm12API (from npm) as the LMS's `API` in a host page, the packaged
// standalone file in its iframe as an LMS launches it (`?preset=NAME`).
// Playing the lesson to its tested outcome sets the status (and the score);
// the scene is saved in cmi.suspend_data and comes back at the next launch;
// leaving the page finishes the session.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, launch } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const runtime = await readFile(new URL('node_modules/scorm-again/dist/scorm12.min.js', import.meta.url));
const sco = await readFile(new URL('../dist/nnplay-standalone.html', import.meta.url));

/** A page of a pretend LMS whose API is scorm-again's, launching `lesson`
 * (with `cmi`, the data the LMS kept from an earlier session). */
async function lms(lesson, kept = null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const host = `${BASE}lms/`;
  await page.route(`${host}**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.endsWith('/scorm12.js')) return route.fulfill({ body: runtime, contentType: 'text/javascript' });
    if (path.endsWith('/nnplay-standalone.html')) return route.fulfill({ body: sco, contentType: 'text/html' });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
  window.API = new Scorm12API({ logLevel: 5 });
  ${kept ? `window.API.loadFromJSON(${JSON.stringify(kept)});` : ''}
  window.log = [];
  for (const name of ['LMSInitialize', 'LMSFinish']) window.API.on(name, () => window.log.push(name));
  window.API.on('LMSSetValue.cmi.*', (key, value) => window.log.push(key + '=' + value));
</script>
<iframe id="sco" src="nnplay-standalone.html?preset=${lesson}" style="width: 1200px; height: 850px"></iframe>`,
    });
  });
  await page.goto(`${host}index.html`);
  const frame = page.frameLocator('#sco');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  const cmi = (key) => page.evaluate((k) => window.API.LMSGetValue(k), key);
  return { context, page, frame, cmi, errors };
}

test('a lesson played to its tested outcome reports passed, with its score', async () => {
  const { context, page, frame, cmi, errors } = await lms('xor-hidden-layer');
  assert.equal(await cmi('cmi.core.lesson_status'), 'incomplete', 'launched: incomplete');
  assert.deepEqual(await page.evaluate(() => window.log.slice(0, 1)), ['LMSInitialize']);
  await frame.locator('#play').click();
  await page.waitForFunction(() => window.API.LMSGetValue('cmi.core.lesson_status') === 'passed', null, { timeout: 60_000 });
  const epoch = await frame.locator('body').evaluate(() => window.nnplay.summary.epoch);
  assert.ok(epoch >= 200, `passed at epoch ${epoch}, the outcome's 200 or later`);
  // The outcome is a test accuracy of at least 95 %: the score is the learner's.
  const accuracy = await frame.locator('body').evaluate(() => window.nnplay.summary.testAccuracy);
  assert.equal(Number(await cmi('cmi.core.score.raw')), Math.round(100 * accuracy));
  assert.ok(Number(await cmi('cmi.core.score.raw')) >= 95);
  // Leaving the lesson ends the session.
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await page.waitForFunction(() => window.log.includes('LMSFinish'));
  // (session_time is write-only in SCORM 1.2: the log shows what was written.)
  const log = await page.evaluate(() => window.log);
  assert.ok(log.some((l) => /^cmi\.core\.session_time=\d{4}:\d\d:\d\d$/.test(l)), log.join(' '));
  assert.ok(log.indexOf('LMSFinish') > log.findIndex((l) => l.startsWith('cmi.core.session_time=')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('until the outcome is reached the status is incomplete; the scene is saved and comes back', async () => {
  const { context, page, frame, cmi, errors } = await lms('perceptron-and');
  // Another learning rate: the scene changes, and is saved as a link.
  await frame.locator('body').evaluate(() => window.nnplay.apply({ learningRate: 0.03 }));
  await page.waitForFunction(() => window.API.LMSGetValue('cmi.suspend_data').includes('learningRate=0.03'));
  const saved = await cmi('cmi.suspend_data');
  assert.equal(new URLSearchParams(saved).get('preset'), 'perceptron-and');
  assert.equal(await cmi('cmi.core.lesson_status'), 'incomplete');
  assert.ok((await page.evaluate(() => window.log)).includes('cmi.core.exit=suspend'), 'exit: suspend (write-only)');
  await context.close();
  // The next launch resumes the saved scene (the LMS hands back what it kept).
  const again = await lms('perceptron-and', { cmi: { suspend_data: saved, core: { lesson_status: 'incomplete' } } });
  assert.equal(await again.frame.locator('body').evaluate(() => window.nnplay.state.learningRate), 0.03);
  // Played on, the perceptron learns AND: completed (its outcome is
  // something to see, with no score).
  await again.frame.locator('#play').click();
  await again.page.waitForFunction(() => window.API.LMSGetValue('cmi.core.lesson_status') === 'completed', null, { timeout: 60_000 });
  assert.equal(await again.cmi('cmi.core.score.raw'), '');
  assert.deepEqual([...errors, ...again.errors], []);
  await again.context.close();
});

test('opening a lesson completes nothing; another lesson opened inside it is not saved as its scene', async () => {
  // weights-bias: an outcome at epoch 0, measured only after the learner acts.
  const { context, page, frame, cmi, errors } = await lms('weights-bias');
  await page.waitForTimeout(2500);
  assert.equal(await cmi('cmi.core.lesson_status'), 'incomplete');
  await frame.locator('body').evaluate(() => window.nnplay.apply({ learningRate: 0.1 }));
  await page.waitForFunction(() => window.API.LMSGetValue('cmi.suspend_data').includes('learningRate=0.1'));
  // The lesson menu moves to another lesson: the launched one's scene stays saved.
  await frame.locator('.lesson-menu').selectOption('xor-hidden-layer');
  await frame.locator('body').evaluate(() => new Promise((resolve) => {
    const check = () => (window.nnplay.state.preset === 'xor-hidden-layer' ? resolve() : setTimeout(check, 50));
    check();
  }));
  await frame.locator('body').evaluate(() => window.nnplay.apply({ learningRate: 0.03 }));
  await page.waitForTimeout(300);
  assert.equal(new URLSearchParams(await cmi('cmi.suspend_data')).get('preset'), 'weights-bias');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an LMS whose calls throw does not stop the lesson', async () => {
  const { context, page, frame, errors } = await lms('xor-hidden-layer');
  await page.evaluate(() => {
    for (const name of ['LMSSetValue', 'LMSCommit', 'LMSGetValue', 'LMSFinish']) window.API[name] = () => { throw new Error(`${name} broke`); };
  });
  await frame.locator('body').evaluate(() => window.nnplay.apply({ learningRate: 0.3 }));
  await frame.locator('#play').click();
  await frame.locator('body').evaluate(() => new Promise((resolve) => {
    const check = () => (window.nnplay.summary.epoch >= 220 ? resolve() : setTimeout(check, 50));
    check();
  }));
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  assert.deepEqual(errors, []);
  await context.close();
});

test('outside an LMS the page reports to nobody and says nothing of SCORM', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A parent that is not an LMS: an unrelated `API` without LMSInitialize.
  await page.route(`${BASE}other/**`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><script>window.API = { hello: 1 };</script><iframe id="p" src="${BASE}?preset=perceptron-and"></iframe>`,
  }));
  await page.goto(`${BASE}other/index.html`);
  const frame = page.frameLocator('#p');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => Object.keys(window.API).join()), 'hello');
  assert.deepEqual(errors, []);
  await context.close();
});
