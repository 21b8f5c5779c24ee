// <nn-playground>: a player for other people's pages. One module file; it
// finds the wasm and the styles beside itself (import.meta.url), so it works
// from any sub-path of any static host.
//
//   <script type="module" src="…/web/nn-playground.js"></script>
//   <nn-playground preset="xor-hidden-layer" autoplay></nn-playground>
//   <nn-playground dataset="circle" hidden-layers="4,2" activation="relu"
//                  controls="learning-rate,activation,step"></nn-playground>
//
// Attributes: `preset`, every config field in kebab-case (read exactly as a
// link's parameters are, so the same values are allowed and a bad one is
// named in the player's notice), `controls` (which controls to show beyond
// Play and Reset), `autoplay`, `lang`, `height` (CSS pixels). Changing one
// rebuilds the player. Attribute values are data: they are parsed, never
// inserted as markup.
//
// Each element mounts its own createApp in a shadow root, on the one wasm
// module; it trains only while on screen and the tab is visible, and frees
// its engine when removed. The engine runs in a worker of its own where the
// page allows one (see engine.js). For authors: `await el.ready`,
// `el.summary`, `el.call(op, args)` (the engine's operations: `exportModel`,
// `points`, `predictBatch`, …), `el.play()`, `el.pause()`, `el.reset()`, and
// an `epoch` event whose `detail` is the summary.

import { createApp, stateModel } from './app.js';
import { loadModule, moduleKindOfLink } from './modules.js';
import { CATALOGUES } from './messages/index.js';
import { kebab } from './controls.js';
import { listText } from './state.js';

/** The page's wasm module, loaded once from beside this file for every
 * player; a player of an image scene loads the images module (modules.js). */
const wasm = loadModule('plane');
/** The player's styles as a constructable sheet (allowed under a strict style-src). */
const styles = fetch(new URL('./style.css', import.meta.url))
  .then((response) => {
    if (!response.ok) throw new Error(`nnplay could not load its styles (${response.status} ${response.url})`);
    return response.text();
  })
  .then((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });

/** Attributes that are not settings of the run. */
const OWN = new Set(['controls', 'autoplay', 'height', 'id', 'class', 'style', 'title', 'hidden', 'slot']);
/** Attributes a host may change without touching the player (layout, ARIA, data). */
const HOSTS = new Set(['id', 'class', 'style', 'title', 'hidden', 'slot', 'tabindex']);
const isHosts = (name) => HOSTS.has(name) || name.startsWith('data-') || name.startsWith('aria-');
const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

export class NnPlayground extends HTMLElement {
  #app = null;
  #mounts = 0;
  #box = null;
  #visible = false;
  #shown = !document.hidden;
  #wanted = false;
  #observer = null;
  #watcher = null;
  #onVisibility = () => {
    this.#shown = !document.hidden;
    this.#follow();
  };
  #mounted;           // resolves when a player is first mounted
  #hasMounted = () => {};

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.#mounted = new Promise((resolve) => { this.#hasMounted = resolve; });
  }

  /** Resolves once the player runs its scene (after a rebuild, the new one). */
  get ready() {
    return this.#mounted.then(() => this.#app?.ready);
  }

  /** Where the player's engine runs and what it last said (`{ kind, state,
   * info }`; null until it runs, and once removed). */
  get engine() { return this.#app?.engine ?? null; }

  /** The last frame's figures: epoch, losses, accuracies (null before). */
  get summary() { return this.#app?.summary ?? null; }

  /** Asks the engine once the player runs: `el.call('exportModel')`,
   * `el.call('predictBatch', { xy })` (the calls are listed in the README). */
  async call(op, args) {
    await this.ready;
    if (!this.#app) throw new Error('the player was removed');
    return this.#app.call(op, args);
  }

  /** Starts training (once it is on screen). */
  play() {
    this.#wanted = true;
    this.#follow();
  }

  pause() {
    this.#wanted = false;
    this.#app?.pause();
  }

  /** Back to the same initial weights. */
  reset() { this.#app?.reset(); }

  async connectedCallback() {
    let sheet;
    try {
      [, sheet] = await Promise.all([wasm, styles]);
    } catch (error) {
      // Said inside the player's box, as text.
      const message = document.createElement('p');
      message.textContent = error.message;
      this.shadowRoot.replaceChildren(message);
      return;
    }
    if (!this.isConnected) return;
    this.shadowRoot.adoptedStyleSheets = [sheet];
    this.#mount();
    // Only the player's own attributes rebuild it (and restart its run).
    this.#watcher = new MutationObserver((records) => {
      if (records.some((r) => !isHosts(r.attributeName))) this.#mount();
    });
    this.#watcher.observe(this, { attributes: true });
    this.#observer = new IntersectionObserver(([entry]) => {
      this.#visible = entry.isIntersecting;
      this.#follow();
    });
    this.#observer.observe(this);
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  disconnectedCallback() {
    this.#watcher?.disconnect();
    this.#observer?.disconnect();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#app?.destroy();
    this.#app = null;
  }

  /** Plays while wanted, on screen and in a visible tab; pauses otherwise. */
  #follow() {
    if (!this.#app) return;
    if (this.#wanted && this.#visible && this.#shown) this.#app.play();
    else if (this.#app.playing) this.#app.pause();
  }

  /** (Re)builds the player from the attributes. */
  async #mount() {
    const params = new URLSearchParams();
    for (const { name, value } of this.attributes) {
      if (!OWN.has(name) && !isHosts(name)) params.append(camel(name), value);
    }
    const mounting = ++this.#mounts;
    let module;
    try {
      ({ module } = await loadModule(moduleKindOfLink(`?${params}`)));
    } catch (error) {
      ({ module } = await wasm);
      console.warn(error.message);
    }
    // A later change of the attributes mounts its own player.
    if (mounting !== this.#mounts || !this.isConnected) return;
    const wasPlaying = this.#app?.playing ?? false;
    this.#app?.destroy();
    this.#box?.remove();
    const model = stateModel(module);
    const { state, problems } = model.parse(`?${params}`);
    this.#box = document.createElement('div');
    const height = Number(this.getAttribute('height'));
    if (Number.isFinite(height) && height >= 200 && height <= 5000) {
      this.#box.style.maxHeight = `${height}px`;
      this.#box.style.overflow = 'auto';
    }
    this.shadowRoot.append(this.#box);
    const controls = (this.getAttribute('controls') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    this.#app = createApp(this.#box, {
      module,
      state,
      problems,
      catalogues: CATALOGUES,
      languages: navigator.languages ?? [navigator.language],
      controls,
      // The playground's own page (beside web/), with this player's scene.
      link: () => new URL(`../index.html${model.serialize(this.#app?.state ?? state)}`, import.meta.url).href,
      onEpoch: (summary) => this.dispatchEvent(new CustomEvent('epoch', { detail: summary })),
      onUserPlay: (playing) => { this.#wanted = playing; },
    });
    this.#wanted = this.#wanted || wasPlaying || this.hasAttribute('autoplay');
    this.#follow();
    this.#hasMounted();
  }
}

if (!customElements.get('nn-playground')) customElements.define('nn-playground', NnPlayground);

/** The traits a notebook widget may set, beside `config` (an object of config fields). */
const TRAITS = ['preset', 'controls', 'lang', 'height', 'autoplay'];

/**
 * The anywidget entry (Jupyter, MyST): a player in `el` whose attributes
 * come from the model's traits (`preset`, `controls`, `lang`, `height`,
 * `autoplay`, and `config`, an object such as `{ hiddenLayers: [4], activation:
 * 'relu' }`), kept in step when they change. Returns the clean-up.
 */
export function render({ model, el }) {
  const player = document.createElement('nn-playground');
  let configured = [];
  const put = (name, value) => {
    if (value === undefined || value === null || value === false || value === '') player.removeAttribute(name);
    // Lists as a link writes them (a layer list's objects included).
    else player.setAttribute(name, value === true ? '' : String(Array.isArray(value) ? listText(value) : value));
  };
  const follow = () => {
    for (const name of TRAITS) put(name, model.get(name));
    // A config key that was dropped takes its attribute with it.
    const config = model.get('config') ?? {};
    for (const name of configured) if (!(name in config)) player.removeAttribute(kebab(name));
    configured = Object.keys(config);
    for (const [key, value] of Object.entries(config)) put(kebab(key), value);
  };
  follow();
  for (const name of [...TRAITS, 'config']) model.on(`change:${name}`, follow);
  el.append(player);
  return () => {
    for (const name of [...TRAITS, 'config']) model.off?.(`change:${name}`, follow);
    player.remove();
  };
}

export default { render };
