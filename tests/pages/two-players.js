// Two players on one page, as a course page would hold them: each mounted
// by createApp in its own element, with its own ids and its own state.
import init from '../../web/pkg/nnplay_wasm.js';
import { createApp, stateModel } from '../../web/app.js';
import messages from '../../web/messages/en.js';

await init();
const model = stateModel();
window.players = [
  createApp(document.getElementById('first'), { messages, idPrefix: 'a-' }),
  createApp(document.getElementById('second'), {
    messages, idPrefix: 'b-', state: model.parse('?dataset=circle&hiddenLayers=4').state,
  }),
];
await Promise.all(window.players.map((p) => p.ready));
await new Promise((resolve) => {
  const check = () => (window.players.every((p) => p.summary) ? resolve() : requestAnimationFrame(check));
  check();
});
document.body.dataset.ready = 'true';
