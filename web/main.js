// The page's thin boot: URL → state → createApp(document's #app). The page
// owns only what belongs to a page: the address bar (each accepted change is
// a history entry; Back and Forward restore the state), its title and
// language, and the test hook.

import { createApp, stateModel } from './app.js';
import { CATALOGUES } from './messages/index.js';
import { expandLink } from './points-link.js';
import { loadModule, moduleKindOfLink } from './modules.js';
import { connectScorm } from './scorm.js';
import { LESSONS } from './lessons.js';

// A page without an address of its own (an iframe given its document
// inline, as the Jupyter cell shows it) is given its link in
// <meta name="nnplay-link">, and writes no history.
const given = document.querySelector('meta[name="nnplay-link"]')?.content ?? null;
const addressBar = given === null;
const address = given ?? location.search;
// In an LMS (a lesson of the SCORM package), the session starts first: a
// learner coming back to the lesson finds the scene saved last time.
const scorm = connectScorm();
const launched = new URLSearchParams(address).get('preset');
const saved = scorm?.resumeLink ? new URLSearchParams(scorm.resumeLink).get('preset') : null;
const launch = saved !== null && saved === launched ? scorm.resumeLink : address;
if (addressBar && launch !== address) history.replaceState(null, '', launch);
let tracker = null;

// An image scene (`?dataset=digits`, or a lesson on images) loads the
// images module and the digits; any other, the page's module.
// If the images module or the digits cannot be loaded, the page's module
// runs instead, and the page says why.
let unloaded = null;
const { module } = await loadModule(moduleKindOfLink(launch)).catch((error) => {
  unloaded = error.message;
  return loadModule('plane');
});
const models = new Map([[module, stateModel(module)]]);
/** The state model of the module the player runs now (it may move to the images module). */
const modelOf = (m) => {
  if (!models.has(m)) models.set(m, stateModel(m));
  return models.get(m);
};
const model = modelOf(module);
// A shared link may carry its points compressed ("data=z…").
const { state, problems } = model.parse(await expandLink(launch));
let previous = state;
let lastDataEdit = -Infinity;
/** True if `b` differs from `a` in its hand-placed points alone. */
const onlyData = (a, b) => Object.keys(b).every((k) => k === 'data' || JSON.stringify(a[k]) === JSON.stringify(b[k]));
// `embed=1`: the page is an iframe player in someone else's page: just the
// player, the controls named in `controls=`, and no history entries in the host.
const embedded = state.embed;
document.body.classList.toggle('embedded', embedded);
const app = createApp(document.getElementById('app'), {
  module,
  state,
  problems,
  catalogues: CATALOGUES,
  languages: navigator.languages ?? [navigator.language],
  title: !embedded,
  // (A page without an address has no link to share.)
  ...(addressBar ? {} : { link: null }),
  controls: embedded ? (state.controls ?? []) : null,
  onStateChange(next) {
    const url = modelOf(app.module).serialize(next) || location.pathname;
    // Points added or removed in a burst are one step back, not one each.
    const now = performance.now();
    const burst = onlyData(previous, next) && now - lastDataEdit < 2000;
    if (onlyData(previous, next)) lastDataEdit = now;
    previous = next;
    if (!addressBar) {
      // (No address bar: nothing to write.)
    } else if (embedded || burst) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    showLanguage();
    tracker?.saved(next);
  },
  onEpoch() {
    tracker?.epoch();
  },
});
await app.ready;
tracker = scorm?.track(app, LESSONS.find((l) => l.name === launched) ?? null, (next) => modelOf(app.module).serialize(next)) ?? null;
// What the player kept of the link (a refused combination drops a setting).
previous = app.state;
if (unloaded) app.notice(unloaded);
if (embedded && window.parent !== window) postHeight();

/**
 * Tells the host page how tall the player is, so it can size the iframe:
 * `{ type: 'nnplay:height', height }` (CSS pixels) each time it changes.
 */
function postHeight() {
  let last = 0;
  // The player's own height, not the document's (which is never less than
  // the frame): a host may shrink the frame as well as grow it.
  const player = document.querySelector('.nnplay');
  new ResizeObserver(() => {
    const height = Math.ceil(player.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'nnplay:height', height }, '*');
    }
  }).observe(player);
}

function showLanguage() {
  document.title = app.messages.title;
  document.documentElement.lang = app.messages.lang;
}
showLanguage();

let navigation = 0;
window.addEventListener('popstate', async () => {
  // Expanding compressed points takes a moment: a later Back or Forward wins.
  const mine = ++navigation;
  const search = await expandLink(location.search);
  if (mine !== navigation) return;
  // A link to an image scene needs the images module's model to be read.
  const wanted = moduleKindOfLink(search) === 'images' ? (await loadModule('images')).module : app.module;
  if (mine !== navigation) return;
  const parsed = modelOf(wanted).parse(search);
  try {
    await app.setState(parsed.state);
  } catch (error) {
    app.notice(error.message);
  }
  showLanguage();
});

// For tests and for curious learners at the console: `await
// nnplay.call('exportModel')`, `nnplay.summary.epoch`, `nnplay.engine.kind`.
window.nnplay = {
  get engine() { return app.engine; },
  get summary() { return app.summary; },
  get snapshot() { return app.snapshot; },
  get state() { return app.state; },
  get playing() { return app.playing; },
  call: app.call,
  play: app.play,
  pause: app.pause,
  apply: app.apply,
};
// Ready once the first frame is on screen (its figures came from the engine).
await new Promise((resolve) => {
  const check = () => (app.summary ? resolve() : requestAnimationFrame(check));
  check();
});
document.body.dataset.ready = 'true';
