// The Jupyter package `cargo xtask dist` writes (dist/nnplay-*.whl): a
// well-formed wheel whose module, imported straight from it, renders a
// playground that opens the lesson it names and trains, inside an output
// the way JupyterLab shows it (an iframe's srcdoc in a page of another
// address). `cargo xtask check-jupyter` renders the README's cell in a real
// JupyterLab (opt-in: JupyterLab is large).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { BASE, launch } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const dist = new URL('../dist/', import.meta.url);
const wheelName = readdirSync(dist).find((f) => /^nnplay-[\d.]+-py3-none-any\.whl$/.test(f));
const wheel = new URL(wheelName, dist).pathname;

/** The stored (uncompressed) entries of a zip: name → bytes. */
function entries(zip) {
  const out = new Map();
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    out.set(name, zip.subarray(start, start + size));
    at = start + size;
  }
  return out;
}

/** What the module renders for `args` (Python keyword arguments). */
const rendered = (args) => execFileSync('python3', ['-c',
  `import sys; sys.path.insert(0, sys.argv[1]); import nnplay; sys.stdout.write(nnplay.Playground(${args})._repr_html_())`, wheel],
{ encoding: 'utf8', maxBuffer: 1 << 26 });

test('the wheel holds the module, the playground and metadata whose RECORD hashes match', () => {
  const files = entries(readFileSync(wheel));
  const version = wheelName.match(/^nnplay-([\d.]+)-/)[1];
  const info = `nnplay-${version}.dist-info`;
  assert.deepEqual([...files.keys()].sort(), ['nnplay/__init__.py', 'nnplay/nnplay-standalone.html', `${info}/METADATA`, `${info}/RECORD`, `${info}/WHEEL`].sort());
  assert.deepEqual(files.get('nnplay/nnplay-standalone.html'), readFileSync(new URL('nnplay-standalone.html', dist)));
  assert.match(files.get(`${info}/METADATA`).toString(), new RegExp(`^Metadata-Version: 2\\.1\\nName: nnplay\\nVersion: ${version.replaceAll('.', '\\.')}\\n`));
  assert.match(files.get(`${info}/WHEEL`).toString(), /Root-Is-Purelib: true\nTag: py3-none-any\n/);
  const record = files.get(`${info}/RECORD`).toString().trim().split('\n');
  assert.equal(record.length, 5);
  for (const line of record) {
    const [name, hash, size] = line.split(',');
    if (name.endsWith('RECORD')) continue;
    const data = files.get(name);
    assert.equal(hash, `sha256=${createHash('sha256').update(data).digest('base64url')}`, name);
    assert.equal(Number(size), data.length, name);
  }
});

test('a cell\'s output opens the lesson it names and trains, with no address of its own', async () => {
  const html = rendered('"perceptron-and"');
  assert.match(html, /^<iframe srcdoc="&lt;!doctype html&gt;/);
  assert.match(html, /&lt;meta name=&quot;nnplay-link&quot; content=&quot;\?preset=perceptron-and&quot;&gt;/);
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A notebook page of another address, with the output in it.
  await page.route(`${BASE}notebook/**`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>notebook</title><div class="output">${html}</div>` }));
  await page.goto(`${BASE}notebook/lab.html`);
  const frame = page.frameLocator('iframe[title="nnplay"]');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  assert.match(await frame.locator('.lesson-title').textContent(), /perceptron learns AND/);
  // No address to share or embed: those buttons are not there.
  assert.deepEqual([await frame.locator('#share').isVisible(), await frame.locator('#embed').isVisible(), await frame.locator('#play').isVisible()], [false, false, true]);
  // Changes and steps work (a srcdoc has no history to write).
  await frame.locator('body').evaluate(() => window.nnplay.apply({ learningRate: 0.03 }));
  await frame.locator('#step').click();
  await frame.locator('body').evaluate(() => new Promise((resolve) => {
    const check = () => (window.nnplay.summary.step >= 1 ? resolve() : setTimeout(check, 50));
    check();
  }));
  assert.equal(page.url(), `${BASE}notebook/lab.html`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('settings go by name in the link\'s form; url= shows a published copy instead', () => {
  const html = rendered('dataset="spiral", hiddenLayers=[8, 8], learningRate=0.03, embed=True, url="https://example.org/nnplay/"');
  assert.equal(html, '<iframe src="https://example.org/nnplay/?dataset=spiral&amp;hiddenLayers=8%2C8&amp;learningRate=0.03&amp;embed=1" style="width: 100%; height: 760px; border: 0" title="nnplay"></iframe>');
});
