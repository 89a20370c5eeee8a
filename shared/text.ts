/**
 * Vietnamese text helpers shared by every side. Pure functions: no Node, no DOM.
 *
 * Vietnamese arrives in many Unicode shapes (precomposed, decomposed, typed without tones,
 * old and new tone placement). We store NFC and compare through a search key.
 */

/** Canonical stored form of any text: Unicode NFC. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE_RUN = /\s+/g;

/**
 * A key for search and matching that ignores case, tones and other diacritics, đ/d, and extra
 * spaces. "Dương Thị Hoà", "Dương Thị Hòa" and "  duong thi hoa " all give "duong thi hoa".
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** True when every word of the query starts a word of the candidate (tone- and case-insensitive). */
export function matchesSearch(candidate: string, query: string): boolean {
  const queryWords = searchKey(query).split(' ').filter(Boolean);
  if (queryWords.length === 0) return false;
  const candidateWords = searchKey(candidate).split(' ');
  return queryWords.every((word) => candidateWords.some((c) => c.startsWith(word)));
}

// C0 controls except TAB and LF, DEL, and C1 controls. NUL is among them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** True when the text carries NUL or other control characters that never belong in stored text. */
export function hasControlCharacters(text: string): boolean {
  return FORBIDDEN_CONTROL.test(text);
}

// Bidirectional formatting: the marks ALM, LRM, RLM, the embeddings and overrides (U+202A–U+202E)
// and the isolates (U+2066–U+2069). Vietnamese never needs them; in a terminal or a table they
// reorder what people read (U+202E turns the rest of a line around).
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'g');
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** True when the text carries a bidirectional formatting character. */
export function hasBidiControls(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/**
 * The text with every control character (line breaks included) and every bidirectional
 * formatting character replaced by U+FFFD, which shows that something was there.
 */
export function replaceControls(text: string): string {
  return text.replace(ANY_CONTROL, '\ufffd').replace(BIDI_CONTROLS, '\ufffd');
}

/** Length as a person counts it on the screen's counter: code points of the NFC form. */
export function visibleLength(text: string): number {
  return [...toNfc(text)].length;
}

/**
 * What stands in for an officer's missing photo, on every screen alike: the first letters of the
 * family name (first word) and of the given name (last word), by which Vietnamese call a person
 * ("Nguyễn Thị Thu Hà" → "NH"). Middle names are left out: they repeat across a unit (Thị, Văn).
 */
export function initials(fullName: string): string {
  const words = toNfc(fullName).trim().split(WHITESPACE_RUN).filter(Boolean);
  if (words.length === 0) return '';
  const firstLetter = (word: string) => [...word][0] ?? '';
  const family = firstLetter(words[0]!);
  const given = words.length > 1 ? firstLetter(words[words.length - 1]!) : '';
  return (family + given).toUpperCase();
}
