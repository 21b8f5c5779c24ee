// The page's thin boot: URL → state → createApp(document's #app). The page
// owns only what belongs to a page: the address bar (each accepted change is
// a history entry; Back and Forward restore the state), its title and
// language, and the test hook.

import init from './pkg/nnplay_wasm.js';
import { createApp, stateModel } from './app.js';
import { CATALOGUES } from './messages/index.js';

await init();

const model = stateModel();
const { state, problems } = model.parse(location.search);
const app = createApp(document.getElementById('app'), {
  state,
  problems,
  catalogues: CATALOGUES,
  languages: navigator.languages ?? [navigator.language],
  title: true,
  onStateChange(next) {
    history.pushState(null, '', model.serialize(next) || location.pathname);
    showLanguage();
  },
});

function showLanguage() {
  document.title = app.messages.title;
  document.documentElement.lang = app.messages.lang;
}
showLanguage();

window.addEventListener('popstate', () => {
  const parsed = model.parse(location.search);
  try {
    app.setState(parsed.state);
  } catch (error) {
    app.notice(error.message);
  }
  showLanguage();
});

// For tests and for curious learners at the console.
window.nnplay = {
  get playground() { return app.playground; },
  get state() { return app.state; },
  get playing() { return app.playing; },
  play: app.play,
  pause: app.pause,
  apply: app.apply,
};
requestAnimationFrame(() => { document.body.dataset.ready = 'true'; });
