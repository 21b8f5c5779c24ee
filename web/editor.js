// The weight editor: a small form that sets one weight or bias. Focus
// returns to what opened it (a link of the diagram) when it closes.

import { el } from './dom.js';

/**
 * Builds the editor inside `container`; `commit(target, value)` applies a
 * value (and reports a refusal itself). Returns `{ open(target, anchor) }`,
 * where `target.label` is the form's label and `anchor` gets focus back.
 */
export function createEditor(container, messages, commit) {
  const label = el('label', { class: 'editor-label' });
  const input = el('input', { type: 'number', step: '0.01', required: true, class: 'editor-value' });
  const form = el('form', {}, [
    label, input,
    el('button', { type: 'submit', text: messages.editor.set }),
    el('button', { type: 'button', text: messages.editor.cancel, onclick: () => close() }),
  ]);
  const box = el('div', { class: 'editor', hidden: true }, [form]);
  container.append(box);
  let target = null;
  let anchor = null;

  function close() {
    box.hidden = true;
    target = null;
    anchor?.focus();
    anchor = null;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (target) commit(target, Number(input.value));
    close();
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  return {
    /** Opens at the viewport point (`x`, `y`) for `t` = { label, value, x, y }. */
    open(t, returnFocusTo) {
      target = t;
      anchor = returnFocusTo ?? null;
      label.textContent = t.label;
      input.value = t.value.toFixed(3);
      input.setAttribute('aria-label', t.label);
      box.hidden = false;
      // CSSOM positions (allowed under a strict style-src policy).
      box.style.left = `${Math.max(8, Math.min(t.x, window.innerWidth - box.offsetWidth - 8))}px`;
      box.style.top = `${Math.max(8, Math.min(t.y + 8, window.innerHeight - box.offsetHeight - 8))}px`;
      input.focus();
      input.select();
    },
  };
}
