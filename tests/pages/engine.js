// The engine without the page around it (tests/engine.test.mjs): `?worker=0`
// runs it on the page's thread. `window.engineTest` drives it.
import init, { schema } from '../../web/pkg/nnplay_wasm.js';
import { startEngine } from '../../web/engine.js';
import { createStateModel } from '../../web/state.js';

await init();
const worker = new URLSearchParams(location.search).get('worker') !== '0';
const snapshots = [];
const engine = await startEngine({ worker, onSnapshot: (s) => snapshots.push(s) });
const model = createStateModel(schema());
engine.attachCanvases({
  boundary: document.getElementById('boundary'),
  loss: document.getElementById('loss'),
  gradients: document.getElementById('gradients'),
});
// The CSS box a page's drawing sizes a canvas to (canvas.rs: clientWidth × clientHeight).
const size = (id) => [document.getElementById(id).clientWidth, document.getElementById(id).clientHeight];
engine.view({ dpr: devicePixelRatio, sizes: { boundary: size('boundary'), loss: size('loss'), gradients: size('gradients') } });

let playing = false;
let frames = 0;
function loop(now) {
  if (engine.frame({ now, playing, due: { thumbnails: true, charts: true, diagram: true, coach: frames % 30 === 0 }, hovered: null })) frames++;
  requestAnimationFrame(loop);
}
requestAnimationFrame(loop);

window.engineTest = {
  engine,
  model,
  snapshots,
  get frames() { return frames; },
  play() { playing = true; },
  pause() {
    playing = false;
    engine.pause();
  },
  start: (query) => engine.call('start', { state: model.parse(query).state }),
};
document.body.dataset.ready = 'true';
