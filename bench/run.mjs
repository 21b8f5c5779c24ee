// `cargo xtask bench`: every contender on every workload, the table, and
// the results under bench/results/. `--smoke` runs each once, tiny, so
// `cargo xtask test` keeps the bench from rotting.
//
// Environment (set by xtask): NNPLAY_URL, a server of the repository root
// (for Chromium); NNPLAY_BENCH_NATIVE, the built native contender.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { LIMITS, imageWorkloads, sequenceWorkloads, workloads as makeWorkloads } from './workloads.mjs';
import { runNnplay } from './contenders/nnplay.mjs';
import { runBrain, runTf, tfBackend } from './contenders/peers.mjs';
import { runConvnet, runTfImages } from './contenders/images.mjs';
import { runTfSequences } from './contenders/sequences.mjs';

const smoke = process.argv.includes('--smoke');
const runs = smoke ? 1 : 5;
const here = new URL('./', import.meta.url);
// The digits as the data file holds them: every label, then 64 counts
// (0–16) per image; a pixel is its count / 16, as nnplay reads it.
const digitsFile = gunzipSync(readFileSync(new URL('../web/data/digits.u8.gz', here)));
const count = digitsFile.length / 65;
const digits = {
  labels: Array.from(digitsFile.subarray(0, count)),
  pixels: Array.from(digitsFile.subarray(count), (v) => v / 16),
};
const workloads = [...makeWorkloads(smoke), ...imageWorkloads(digits, smoke), ...sequenceWorkloads(smoke)];
/** A workload without its digits or sequences (nnplay reads or makes them itself). */
const lean = (w) => (w.images || w.sequences ? { ...w, digits: undefined, data: undefined } : w);
/** True for the workloads of the images module (images and sequences). */
const needsImages = (w) => Boolean(w.images || w.sequences);
const results = {};
const log = (text) => process.stderr.write(`bench: ${text}\n`);

// Native Rust.
mkdirSync(new URL('.work/', here), { recursive: true });
const file = new URL('.work/workloads.json', here).pathname;
writeFileSync(file, JSON.stringify(workloads.map(({ name, kind, model, epochs, maxEpochs, target, trainEpochs, resolution, frames }) => ({
  name, kind, model, epochs, maxEpochs, target, trainEpochs, resolution, frames,
}))));
log('nnplay native');
const native = spawnSync(process.env.NNPLAY_BENCH_NATIVE, [file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (native.status !== 0) throw new Error(`the native contender failed: ${native.stderr}`);
results['nnplay native'] = JSON.parse(native.stdout);

// nnplay's wasm in Node.
log('nnplay wasm, Node');
const wasm = await import(new URL('../web/pkg/nnplay_wasm.js', here).href);
wasm.initSync({ module: readFileSync(new URL('../web/pkg/nnplay_wasm_bg.wasm', here)) });
// Image workloads run on the images module, handed the digits.
const imagesWasm = await import(new URL('../web/pkg-images/nnplay_wasm.js', here).href);
imagesWasm.initSync({ module: readFileSync(new URL('../web/pkg-images/nnplay_wasm_bg.wasm', here)) });
imagesWasm.loadDigits(digitsFile);
// The agreement's peers train on exactly nnplay's training images.
for (const w of workloads.filter((w) => w.images && w.kind === 'agree')) {
  const p = imagesWasm.Playground.fromModel(w.model, LIMITS);
  const chosen = p.images('train');
  p.free();
  w.digits = { pixels: Array.from(chosen.pixels), labels: Array.from(chosen.labels) };
  w.samples = chosen.labels.length;
}
// The sequence peers train on nnplay's own sequences.
for (const w of workloads.filter((w) => w.sequences)) {
  const p = imagesWasm.Playground.fromModel(w.model, LIMITS);
  const chosen = p.sequences('train');
  p.free();
  w.data = { values: Array.from(chosen.values), labels: Array.from(chosen.labels) };
}
results['nnplay wasm Node'] = Object.fromEntries(workloads.map((w) => [w.name, runNnplay((needsImages(w) ? imagesWasm : wasm).Playground, w, runs)]));

// nnplay's wasm in headless Chromium.
log('nnplay wasm, Chromium');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL('bench/page.html', process.env.NNPLAY_URL).href);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  results['nnplay wasm Chromium'] = await page.evaluate(([w, r]) => window.runBench(w, r), [workloads.map(lean), runs]);
  if (errors.length) throw new Error(`Chromium: ${errors.join('; ')}`);
} finally {
  await browser.close();
}

// The peers, in Node.
log('brain.js');
// brain.js has no convolution, and its recurrent nets take no batches of
// given weights: the plane's workloads only.
results['brain.js'] = Object.fromEntries(workloads.filter((w) => !needsImages(w)).map((w) => [w.name, runBrain(w, runs)]));
for (const backend of ['cpu', 'wasm']) {
  log(`TensorFlow.js ${backend}`);
  await tfBackend(backend);
  results[`TF.js ${backend}`] = Object.fromEntries(workloads.map((w) => [w.name, (w.images ? runTfImages : w.sequences ? runTfSequences : runTf)(w, runs)]));
}
log('ConvNetJS');
// ConvNetJS is for convolutional nets: the image workloads only.
results.ConvNetJS = Object.fromEntries(workloads.filter((w) => w.images).map((w) => [w.name, runConvnet(w, runs)]));

// Agreement: the same loss from the same weights after the same full-batch epochs.
const agreement = [];
for (const w of workloads.filter((w) => w.kind === 'agree')) {
  const losses = Object.entries(results)
    .filter(([, r]) => r[w.name] && r[w.name].loss !== undefined)
    .map(([who, r]) => [who, r[w.name].loss]);
  const reference = losses[0][1];
  for (const [who, loss] of losses) {
    const difference = Math.abs(loss - reference) / Math.max(Math.abs(reference), 1e-12);
    agreement.push({ workload: w.name, contender: who, loss, relativeDifference: difference });
    if (!(difference < 1e-3)) throw new Error(`${who} ends ${w.name} at loss ${loss}, nnplay native at ${reference}: not the same computation`);
  }
}

const table = markdown(workloads, results, agreement);
console.log(table);
if (!smoke) {
  mkdirSync(new URL('results/', here), { recursive: true });
  const stamp = new Date().toISOString().slice(0, 10);
  const machine = `${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`;
  writeFileSync(new URL(`results/${stamp}.json`, here), `${JSON.stringify({ date: stamp, machine, results, agreement }, null, 2)}\n`);
  writeFileSync(new URL('results/latest.md', here), `# nnplay bench, ${stamp}\n\n${machine}\n\n${table}\n`);
  log(`wrote bench/results/${stamp}.json and bench/results/latest.md`);
}

function fmt(v, unit) {
  if (v === undefined || v === null) return '–';
  if (unit === 'ms') return v < 10 ? v.toFixed(2) : v.toFixed(0);
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : `${(v / 1e3).toFixed(1)} k`;
}

function markdown(list, all, agree) {
  const who = Object.keys(all);
  const lines = [];
  const row = (cells) => lines.push(`| ${cells.join(' | ')} |`);
  const figure = (w, r) => {
    if (!r) return '–';
    if (r.unsupported) return 'cannot train it';
    if (w.kind === 'converge') return r.epochs === null ? 'did not converge' : `${fmt(r.ms.median, 'ms')} ms (${fmt(r.ms.min, 'ms')}–${fmt(r.ms.max, 'ms')}), ${r.epochs} epochs`;
    const s = r.samplesPerSecond ?? r.predictionsPerSecond;
    return s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '–';
  };
  row(['workload', ...who]);
  row(['---', ...who.map(() => '---:')]);
  for (const w of list.filter((w) => w.kind !== 'agree')) row([w.name, ...who.map((k) => figure(w, all[k][w.name]))]);
  lines.push('', 'W1: time to an epoch MSE < 0.01 (median, min–max). W2, W4, W5 and scaling: training samples per second (W5: sequences of 20 steps). W3: grid cells per second, read back into JavaScript (nnplay\'s grid is a picture: tanh and sigmoid within 1e-4; the peers compute exact outputs). TF.js\'s GRU puts the reset gate before the product (Keras\' reset_after=False): the same size and cost, another cell.', '');
  // Ratios nnplay wasm (Node) / peer, from the same run.
  const ours = all['nnplay wasm Node'];
  const peers = who.filter((k) => !k.startsWith('nnplay'));
  row(['nnplay wasm Node ÷ peer', ...peers]);
  row(['---', ...peers.map(() => '---:')]);
  for (const w of list.filter((w) => w.kind === 'throughput' || w.kind === 'grid')) {
    const rate = (r) => (r?.samplesPerSecond ?? r?.predictionsPerSecond)?.median;
    // brain.js learns one sample at a time whatever the batch: its batch-1 figure stands for it.
    const peerRate = (k) => rate(all[k][w.name]) ?? (k === 'brain.js' && w.name.startsWith('W2') ? rate(all[k]['W2 spiral batch 1']) : undefined);
    row([w.name, ...peers.map((k) => (peerRate(k) ? `×${(rate(ours[w.name]) / peerRate(k)).toFixed(1)}` : '–'))]);
  }
  lines.push('', 'Agreement (full batch, same weights, same epochs; loss relative to nnplay native):', '');
  row(['workload', 'contender', 'loss', 'relative difference']);
  row(['---', '---', '---:', '---:']);
  for (const a of agree) row([a.workload, a.contender, a.loss.toPrecision(7), a.relativeDifference.toExponential(1)]);
  return lines.join('\n');
}
