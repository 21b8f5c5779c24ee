// Building DOM nodes without markup strings: text is always text, never
// parsed as HTML.

/**
 * `el('button', { class: 'primary', text: 'Play', onclick }, [children])`:
 * `text` sets textContent, `on…` adds a listener, `null`/`undefined` values
 * are skipped, anything else is an attribute.
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** The element that has focus inside `root` (a document or a shadow root). */
export function focusedIn(root) {
  const doc = root.getRootNode ? root.getRootNode() : document;
  const active = doc.activeElement ?? document.activeElement;
  return active && root.contains(active) ? active : null;
}
