// The two snippets that put the current scene into another page: the web
// component (two lines) and the iframe player (for hosts that strip
// scripts). Pure: a state model, a state and the address of the playground
// in, text out. Every value is escaped for an HTML attribute.

import { kebab } from './controls.js';

const escape = (text) => String(text)
  .replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * `{ component, iframe }` for `state`, with the playground served at `base`
 * (the URL of its index.html's folder, ending in '/').
 */
export function embedCode(model, state, base) {
  // A lesson brings its words along; other scenes show the player alone.
  const controls = state.preset ? ['lessons'] : null;
  const params = new URLSearchParams(model.serialize({ ...state, embed: false, controls }));
  const attributes = [...params].map(([key, value]) => ` ${kebab(key)}="${escape(value)}"`).join('');
  const component = `<script type="module" src="${escape(new URL('web/nn-playground.js', base).href)}"></script>\n`
    + `<nn-playground${attributes}></nn-playground>`;
  params.set('embed', '1');
  const src = new URL(`index.html?${params}`, base).href;
  const iframe = `<iframe src="${escape(src)}" title="nnplay" width="640" height="520" loading="lazy"></iframe>`;
  return { component, iframe };
}
