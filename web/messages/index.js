// The message catalogues, one per language, and how a player picks one:
// the language asked for (a link's `lang=`, an attribute), else the
// browser's first language that nnplay speaks, else English.

import en from './en.js';
import ko from './ko.js';

export const CATALOGUES = { en, ko };

/** The names of the languages, each in its own language (for the switch). */
export const LANGUAGE_NAMES = { en: 'English', ko: '한국어' };

/** The catalogue for `lang` (may be null), falling back on `preferred` languages. */
export function pickMessages(lang, preferred = [], catalogues = CATALOGUES) {
  if (lang && catalogues[lang]) return catalogues[lang];
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (catalogues[base]) return catalogues[base];
  }
  return catalogues.en ?? Object.values(catalogues)[0];
}
