// The lesson bar and panel: a menu of the lessons in the chapter's order
// with Previous/Next, and for the lesson being followed its words (what to
// look at, what to try, what should happen). Beside them, the lesson's own
// view if it has one: the line's equation, the side-by-side comparison, the
// step-through math. Knows the lessons table and the messages, not the engine.

import { el } from './dom.js';
import { LESSONS, lessonNamed } from './lessons.js';

/**
 * Builds the bar into `container` for lesson `name` (or null: free play);
 * `open(name | null)` goes to another lesson. Returns `{ lesson, slot,
 * equation }`: the lesson entry, the element a comparison or the math goes
 * into, and the element the line's equation goes into (or null).
 */
export function createLessonPanel(container, { name, messages, idPrefix = '', open }) {
  const t = messages.lessons;
  const lesson = name ? lessonNamed(name) : null;
  const index = lesson ? LESSONS.indexOf(lesson) : -1;
  const id = `${idPrefix}lesson-menu`;
  const menu = el('select', { id, class: 'lesson-menu' }, [
    el('option', { value: '', text: t.free }),
    ...LESSONS.map((l) => el('option', { value: l.name, text: t.items[l.name].title })),
  ]);
  menu.value = lesson ? lesson.name : '';
  menu.addEventListener('change', () => open(menu.value || null));
  const step = (to, text) => el('button', {
    type: 'button', class: 'lesson-step', text, disabled: !LESSONS[to],
    onclick: () => open(LESSONS[to].name),
  });
  const nav = el('nav', { class: 'lesson-nav', 'aria-label': t.menu }, [
    el('label', { for: id, text: `${t.menu}: ` }), menu,
    step(index - 1, t.previous), step(index + 1, t.next),
  ]);
  const box = el('section', { class: 'lesson', 'aria-label': t.label }, [nav]);
  container.append(box);
  if (!lesson) return { lesson: null, slot: null, equation: null };

  const words = t.items[lesson.name];
  box.append(
    el('h2', { class: 'lesson-title', text: words.title }),
    el('div', { class: 'lesson-text' }, [
      el('p', {}, [el('strong', { text: `${t.look}: ` }), words.look]),
      el('div', {}, [el('strong', { text: `${t.try}:` }), el('ul', {}, words.try.map((s) => el('li', { text: s })))]),
      el('p', { class: 'lesson-expect' }, [el('strong', { text: `${t.expect}: ` }), words.expect]),
    ]),
  );
  const equation = lesson.name === 'weights-bias' ? el('p', { class: 'equation', 'aria-live': 'polite' }) : null;
  if (equation) box.append(equation);
  const slot = el('div', { class: 'lesson-slot' });
  box.append(slot);
  return { lesson, slot, equation };
}

/** A list of every lesson, as links, in the chapter's order (`?preset=NAME`). */
export function createLessonList(container, messages) {
  const t = messages.lessons;
  container.append(el('nav', { class: 'lesson-list', 'aria-label': t.all }, [
    el('h2', { text: t.menu }),
    el('ol', {}, LESSONS.map((l) => el('li', {}, [
      el('a', { href: `?preset=${encodeURIComponent(l.name)}`, text: t.items[l.name].title.replace(/^\d+\.\s*/, '') }),
    ]))),
  ]));
}
