// Opt-in, not part of `cargo xtask test` (JupyterLab is a few hundred MB
// and takes a while to start): the README's notebook cell, rendered by a
// real JupyterLab in Debian's headless Chromium. The cell's playground
// must appear in the output, open the lesson it names, and train.
//
//   cargo xtask check-jupyter               (sets up its own virtual environment)
//   node tests/jupyter-check.mjs PYTHON     (a Python with jupyterlab and the wheel)

import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { launch } from './helpers.mjs';

const python = process.argv[2];
if (!python) {
  console.error('usage: node tests/jupyter-check.mjs PYTHON (with jupyterlab and dist/nnplay-*.whl installed)');
  process.exit(2);
}

// The cell exactly as the README shows it (the block after its heading).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### In a Jupyter notebook'));
const cell = section.match(/```python\n([\s\S]*?)```/)[1];
const lesson = cell.match(/lesson="([a-z-]+)"/)[1];

const dir = mkdtempSync(join(tmpdir(), 'nnplay-jupyter-'));
writeFileSync(join(dir, 'nnplay.ipynb'), JSON.stringify({
  cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: cell }],
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
}));

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const lab = spawn(python, ['-m', 'jupyter', 'lab', '--no-browser', `--port=${port}`, '--ServerApp.ip=127.0.0.1',
  '--allow-root', '--IdentityProvider.token=', '--ServerApp.password=', `--ServerApp.root_dir=${dir}`], { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
lab.stderr.on('data', (d) => { log += d; });
const base = `http://127.0.0.1:${port}`;
let failed = false;
let browser;
let page;
try {
  for (let i = 0; ; i++) {
    if (i > 120) throw new Error(`JupyterLab did not start:\n${log.slice(-2000)}`);
    try {
      if ((await fetch(`${base}/api`)).ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(`${base}/lab/tree/nnplay.ipynb`);
  // Run the cell once the notebook's kernel has started and is idle (the
  // server says so); the first start of JupyterLab takes a while.
  for (let i = 0; ; i++) {
    if (i > 240) throw new Error('the notebook\'s kernel never became idle');
    const kernels = await (await fetch(`${base}/api/kernels`)).json().catch(() => []);
    if (kernels.length && kernels.every((k) => k.execution_state === 'idle')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.locator('.jp-Cell .jp-InputArea-editor').first().click();
  await page.keyboard.press('Shift+Enter');
  const frameElement = page.locator('.jp-OutputArea-output iframe[title="nnplay"]');
  await frameElement.waitFor({ timeout: 60_000 });
  const frame = page.frameLocator('.jp-OutputArea-output iframe[title="nnplay"]');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
  const title = await frame.locator('.lesson-title').textContent();
  const preset = await frame.locator('body').evaluate(() => window.nnplay.state.preset);
  if (preset !== lesson) throw new Error(`the cell opened ${preset}, not ${lesson}`);
  await frame.locator('#play').click();
  await frame.locator('body').evaluate(() => new Promise((resolve) => {
    const check = () => (window.nnplay.summary.epoch >= 20 ? resolve() : setTimeout(check, 100));
    check();
  }));
  const summary = await frame.locator('body').evaluate(() => window.nnplay.summary);
  await frameElement.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(dir, 'jupyterlab.png') });
  console.log(`ok: JupyterLab rendered the README's cell: lesson "${title.trim()}" (${preset}), trained to epoch ${summary.epoch}, train loss ${summary.trainLoss.toFixed(4)}; screenshot ${join(dir, 'jupyterlab.png')}`);
} catch (error) {
  failed = true;
  console.error(`FAIL: ${error.message}`);
  if (page) {
    await page.screenshot({ path: join(dir, 'failed.png') }).catch(() => {});
    console.error(`what the page showed: ${join(dir, 'failed.png')}`);
  }
} finally {
  await browser?.close();
  lab.kill();
}
process.exit(failed ? 1 : 0);
