// nnplay's wasm in Chromium for `cargo xtask bench`: bench/run.mjs opens
// this page and calls `window.runBench(workloads, runs)`.
import init, { Playground } from '../web/pkg/nnplay_wasm.js';
import { runNnplay } from './contenders/nnplay.mjs';
import { loadModule } from '../web/modules.js';

await init();
// Image and sequence workloads run on the images module, with the digits loaded (as a page does).
const { module: images } = await loadModule('images');
window.runBench = (workloads, runs) => Object.fromEntries(workloads.map((w) => [w.name, runNnplay((w.images || w.sequences ? images : { Playground }).Playground, w, runs)]));
document.body.dataset.ready = 'true';
