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
