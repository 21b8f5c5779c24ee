// nnplay's wasm in Chromium for `cargo xtask bench`: bench/run.mjs opens
// this page and calls `window.runBench(workloads, runs)`.
import init, { Playground } from '../web/pkg/nnplay_wasm.js';
import { runNnplay } from './contenders/nnplay.mjs';

await init();
window.runBench = (workloads, runs) => Object.fromEntries(workloads.map((w) => [w.name, runNnplay(Playground, w, runs)]));
document.body.dataset.ready = 'true';
