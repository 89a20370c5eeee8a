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
