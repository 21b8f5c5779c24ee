// Shared set-up of the page tests: Debian's Chromium through playwright-core,
// the page served by `cargo xtask test` at NNPLAY_URL.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE = process.env.NNPLAY_URL ?? 'http://127.0.0.1:8000/';

export const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

/** A browser page on nnplay with `query`, its console errors and failed or foreign requests. */
export async function open(browser, query = '', viewport = { width: 1440, height: 1000 }, deviceScaleFactor = 1) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  const foreign = [];
  const origin = new URL(BASE).origin;
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  await page.goto(new URL(query, BASE).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, context, errors, failed, foreign };
}

export async function launch() {
  return chromium.launch(LAUNCH);
}

/** Saves a screenshot as tests/artifacts/NAME.png (look at them), after the next frame. */
export async function shot(page, name, { fullPage = false } = {}) {
  mkdirSync(new URL('./artifacts/', import.meta.url), { recursive: true });
  await page.evaluate(() => new Promise(requestAnimationFrame));
  await page.screenshot({ path: new URL(`./artifacts/${name}.png`, import.meta.url).pathname, fullPage });
}

// What the page tests of the engine's own views share: its canvases' pixels,
// read where it drew them, and playing to an epoch.

/** A canvas the engine draws on, as `{ width, height, data }` (plain arrays). */
export async function pixels(page, name) {
  return page.evaluate(async (n) => {
    const image = await window.nnplay.call('image', { name: n });
    return { width: image.width, height: image.height, data: Array.from(image.data) };
  }, name);
}

/** How many pixels of `image` are close to the colour `rgb`. */
export function count(image, [r, g, b], tolerance = 40) {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const d = Math.abs(image.data[i] - r) + Math.abs(image.data[i + 1] - g) + Math.abs(image.data[i + 2] - b);
    if (image.data[i + 3] > 200 && d <= tolerance) n++;
  }
  return n;
}

export const parse = (rgb) => rgb.match(/\d+/g).map(Number);

/**
 * Trains exactly `epochs` more epochs through the engine (not Play, whose
 * pause lands a few epochs late on a busy machine), then lets the paused
 * page draw every view: for tests whose pictures depend on the epoch.
 */
export async function trainExactly(page, epochs) {
  const { epoch } = await page.evaluate((n) => window.nnplay.call('trainEpochs', { n }), epochs);
  // The page's own copy of the summary comes with the next snapshot.
  await page.waitForFunction((e) => window.nnplay.summary?.epoch === e, epoch);
  await page.evaluate(() => window.nnplay.call('summary'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
}

/** Plays until the epoch reaches `epochs`, then pauses and waits for a full frame. */
export async function playTo(page, epochs) {
  await page.click('#play');
  await page.waitForFunction((n) => window.nnplay.summary?.epoch >= n, epochs, { timeout: 60_000 });
  await page.click('#play');
  await page.waitForFunction(() => !window.nnplay.playing);
  // A paused frame draws every view: ask for one (a host's read redraws).
  await page.evaluate(() => window.nnplay.call('summary'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
}
