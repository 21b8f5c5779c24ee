// <nn-playground> in someone else's page: autoplay, controls, attributes
// that change the player, a bad attribute that is named and never run, the
// host's styles kept out, training only while on screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const epoch = (page, id) => page.evaluate((i) => document.getElementById(i).playground?.summary().epoch ?? -1, id);

test('players in a blog post: autoplay, Play, controls, attributes, events, and nothing from an attribute runs', async () => {
  const { page, context, errors, failed, foreign } = await open(browser, 'tests/pages/embed.html', { width: 1280, height: 1200 });
  await page.waitForFunction(() => ['auto', 'manual', 'bad'].every((id) => document.getElementById(id).playground));
  await page.evaluate(() => {
    window.epochs = 0;
    document.getElementById('auto').addEventListener('epoch', () => { window.epochs++; });
  });
  // The autoplay player trains; the other waits for its Play.
  await page.waitForFunction(() => document.getElementById('auto').playground.summary().epoch > 5);
  assert.equal(await epoch(page, 'manual'), 0);
  assert.ok(await page.evaluate(() => window.epochs) > 0, 'epoch events');
  await page.locator('#manual').locator('#play').click();
  await page.waitForFunction(() => document.getElementById('manual').playground.summary().epoch > 2);
  // Only the controls asked for (and Play, Reset) are shown.
  const manual = page.locator('#manual');
  assert.ok(await manual.locator('#c-learningRate').isVisible());
  assert.ok(await manual.locator('#c-activation').isVisible());
  assert.ok(await manual.locator('#step').isVisible());
  assert.ok(!(await manual.locator('#c-optimizer').isVisible()));
  assert.ok(!(await manual.locator('#share').isVisible()));
  assert.ok(!(await manual.locator('.panel.network').isVisible()));
  // The attributes made the run; changing one rebuilds it.
  assert.deepEqual(await page.evaluate(() => document.getElementById('manual').playground.config().hiddenLayers), [4, 2]);
  await page.evaluate(() => document.getElementById('manual').setAttribute('learning-rate', '0.3'));
  await page.waitForFunction(() => Math.abs(document.getElementById('manual').playground.config().learningRate - 0.3) < 1e-6);
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
  await page.waitForFunction((e) => document.getElementById('auto').playground.summary().epoch > e, parked);
  // Removed, a player stops and frees its playground.
  await page.evaluate(() => document.getElementById('auto').remove());
  await page.waitForTimeout(200);
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
  assert.deepEqual(foreign, []);
  await context.close();
});
