/**
 * Telex input for the kiosk's on-screen Vietnamese keyboard. Pure functions, no DOM: the renderer
 * keeps the text, and every key tap becomes `applyTelexKey(text, key)`.
 *
 * The composer works on the last word of the text (the trailing run of letters), so it also
 * composes correctly after a one-tap diacritic choice, a backspace or a pasted text. A word is
 * held as letters (base letter + vowel shape) and one tone; the tone is placed again after every
 * key, so "hoaf" gives "hoà" and "thuyr" gives "thuỷ" (the modern placement, used consistently).
 *
 * Keys: s f r x j = sắc huyền hỏi ngã nặng, z = remove the tone; aa ee oo = â ê ô; aw ow uw = ă ơ ư
 * (uow = ươ, a lone w = ư); dd = đ. Typing a modifier twice undoes it and types the letter itself
 * ("ass" gives "as"), as Unikey does.
 */

export type Tone = '' | 's' | 'f' | 'r' | 'x' | 'j';
/** Vowel shape: none, circumflex (â ê ô), breve (ă), horn (ơ ư). */
type Shape = '' | 'circumflex' | 'breve' | 'horn';

interface Letter {
  /** Lower-case base letter a–z, or 'đ'. */
  base: string;
  shape: Shape;
  upper: boolean;
}

interface Word {
  letters: Letter[];
  tone: Tone;
}

const TONE_MARKS: Record<Exclude<Tone, ''>, string> = {
  s: '\u0301',
  f: '\u0300',
  r: '\u0309',
  x: '\u0303',
  j: '\u0323',
};
const MARK_TONES: Record<string, Exclude<Tone, ''>> = Object.fromEntries(
  Object.entries(TONE_MARKS).map(([tone, mark]) => [mark, tone as Exclude<Tone, ''>]),
);
const SHAPE_MARKS: Record<Exclude<Shape, ''>, string> = {
  circumflex: '\u0302',
  breve: '\u0306',
  horn: '\u031b',
};
const MARK_SHAPES: Record<string, Exclude<Shape, ''>> = {
  '\u0302': 'circumflex',
  '\u0306': 'breve',
  '\u031b': 'horn',
};
export const TONES: readonly Tone[] = ['', 's', 'f', 'r', 'x', 'j'];
const TONE_KEYS = new Set(['s', 'f', 'r', 'x', 'j']);
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
/** Which vowel takes which shape. */
const SHAPES_OF: Record<string, Shape[]> = { a: ['circumflex', 'breve'], e: ['circumflex'], o: ['circumflex', 'horn'], u: ['horn'] };

const isVowel = (letter: Letter) => VOWELS.has(letter.base);

/** True for a character that belongs to a Vietnamese (or Latin) word being typed. */
export function isWordCharacter(char: string): boolean {
  const base = char.normalize('NFD')[0] ?? '';
  return /^[a-zA-Z]$/.test(base) || char === 'đ' || char === 'Đ';
}

/** Splits one composed character into a letter and its tone; null when it is not a Latin letter. */
function parseCharacter(char: string): { letter: Letter; tone: Tone } | null {
  if (char === 'đ' || char === 'Đ') return { letter: { base: 'đ', shape: '', upper: char === 'Đ' }, tone: '' };
  const [first = '', ...marks] = [...char.normalize('NFD')];
  if (!/^[a-zA-Z]$/.test(first)) return null;
  const letter: Letter = { base: first.toLowerCase(), shape: '', upper: first !== first.toLowerCase() };
  let tone: Tone = '';
  for (const mark of marks) {
    if (MARK_SHAPES[mark]) letter.shape = MARK_SHAPES[mark]!;
    else if (MARK_TONES[mark]) tone = MARK_TONES[mark]!;
    else return null;
  }
  return { letter, tone };
}

/** Splits text into what comes before the last word and the last word itself. */
export function splitLastWord(text: string): { head: string; word: string } {
  const chars = [...text.normalize('NFC')];
  let start = chars.length;
  while (start > 0 && isWordCharacter(chars[start - 1]!)) start -= 1;
  return { head: chars.slice(0, start).join(''), word: chars.slice(start).join('') };
}

function parseWord(text: string): Word {
  const word: Word = { letters: [], tone: '' };
  for (const char of text.normalize('NFC')) {
    const parsed = parseCharacter(char);
    if (!parsed) continue;
    word.letters.push(parsed.letter);
    if (parsed.tone && !word.tone) word.tone = parsed.tone;
  }
  return word;
}

/**
 * The index range of the vowel nucleus: the run of vowels, where the u of "qu" and the i of "gi"
 * (followed by another vowel) belong to the consonant.
 */
function vowelNucleus(letters: Letter[]): { start: number; end: number } | null {
  let start = letters.findIndex(isVowel);
  if (start < 0) return null;
  let end = start;
  while (end + 1 < letters.length && isVowel(letters[end + 1]!)) end += 1;
  const previous = letters[start - 1]?.base;
  const first = letters[start]!;
  if (end > start && ((previous === 'q' && first.base === 'u') || (previous === 'g' && first.base === 'i' && first.shape === ''))) {
    start += 1;
  }
  return { start, end };
}

/** Where the tone goes (modern placement: hoà, thuỷ, người, tiếp). */
function toneIndex(letters: Letter[]): number {
  const nucleus = vowelNucleus(letters);
  if (!nucleus) return -1;
  const { start, end } = nucleus;
  for (let i = end; i >= start; i -= 1) {
    if (letters[i]!.shape !== '') {
      // "ươ": the tone goes on ơ, the last shaped vowel; "ưu", "ưa": on ư.
      return i;
    }
  }
  const length = end - start + 1;
  const hasFinalConsonant = end < letters.length - 1;
  if (length === 1) return start;
  if (hasFinalConsonant) return end;
  if (length === 2) {
    const pair = letters[start]!.base + letters[end]!.base;
    return pair === 'oa' || pair === 'oe' || pair === 'uy' ? end : start;
  }
  return start + 1;
}

function renderWord(word: Word): string {
  const at = word.tone ? toneIndex(word.letters) : -1;
  return word.letters
    .map((letter, index) => {
      let text = letter.base === 'đ' ? 'đ' : letter.base;
      if (letter.shape) text += SHAPE_MARKS[letter.shape];
      if (index === at && word.tone) text += TONE_MARKS[word.tone];
      text = text.normalize('NFC');
      return letter.upper ? text.toUpperCase() : text;
    })
    .join('')
    .normalize('NFC');
}

const literal = (key: string): Letter => ({ base: key.toLowerCase(), shape: '', upper: key !== key.toLowerCase() });

/** Applies one Telex key to a word; answers the new word. */
function applyKeyToWord(word: Word, key: string): Word {
  const lower = key.toLowerCase();
  const letters = word.letters.map((letter) => ({ ...letter }));
  const last = letters[letters.length - 1];
  const hasVowel = letters.some(isVowel);

  if (TONE_KEYS.has(lower) && hasVowel) {
    const tone = lower as Tone;
    if (word.tone === tone) return { letters: [...letters, literal(key)], tone: '' };
    return { letters, tone };
  }
  if (lower === 'z' && word.tone) return { letters, tone: '' };

  if ((lower === 'a' || lower === 'e' || lower === 'o') && last && last.base === lower) {
    if (last.shape === '') {
      last.shape = 'circumflex';
      return { letters, tone: word.tone };
    }
    if (last.shape === 'circumflex') {
      last.shape = '';
      return { letters: [...letters, literal(key)], tone: word.tone };
    }
  }

  if (lower === 'd' && letters.length === 1 && last && (last.base === 'd' || last.base === 'đ')) {
    if (last.base === 'd') {
      last.base = 'đ';
      return { letters, tone: word.tone };
    }
    last.base = 'd';
    return { letters: [...letters, literal(key)], tone: word.tone };
  }

  if (lower === 'w') {
    const nucleus = vowelNucleus(letters);
    if (nucleus) {
      const { start, end } = nucleus;
      // "uo" (or "ưo") takes the horn on both: ươ.
      for (let i = start; i < end; i += 1) {
        const u = letters[i]!;
        const o = letters[i + 1]!;
        if (u.base === 'u' && o.base === 'o' && !(u.shape === 'horn' && o.shape === 'horn')) {
          u.shape = 'horn';
          o.shape = 'horn';
          return { letters, tone: word.tone };
        }
      }
      for (let i = end; i >= start; i -= 1) {
        const vowel = letters[i]!;
        const wanted: Shape = vowel.base === 'a' ? 'breve' : vowel.base === 'o' || vowel.base === 'u' ? 'horn' : '';
        if (!wanted) continue;
        if (vowel.shape === wanted) {
          // A second w undoes the shape and types w.
          vowel.shape = '';
          if (vowel.base === 'o' && letters[i - 1]?.base === 'u' && letters[i - 1]!.shape === 'horn') letters[i - 1]!.shape = '';
          return { letters: [...letters, literal(key)], tone: word.tone };
        }
        vowel.shape = wanted;
        return { letters, tone: word.tone };
      }
    } else {
      // A lone w types ư (as in "tw" → "tư").
      return { letters: [...letters, { base: 'u', shape: 'horn', upper: key !== lower }], tone: word.tone };
    }
  }

  return { letters: [...letters, literal(key)], tone: word.tone };
}

/**
 * Applies one key tap to the text. Letters compose with the last word by Telex; anything else
 * (space, digit, punctuation) is appended as it is. The result is NFC.
 */
export function applyTelexKey(text: string, key: string): string {
  const normalized = text.normalize('NFC');
  if (!/^[a-zA-Z]$/.test(key)) return (normalized + key).normalize('NFC');
  const { head, word } = splitLastWord(normalized);
  return (head + renderWord(applyKeyToWord(parseWord(word), key))).normalize('NFC');
}

/** Types a whole string of keys, as tapping them one by one would. */
export function composeTelex(keys: string, start = ''): string {
  let text = start;
  for (const key of keys) text = applyTelexKey(text, key);
  return text.normalize('NFC');
}

/**
 * One-tap choices for the last word: the word with each of the six tones, then with each vowel
 * shape its last shapeable vowel can take (and đ for a leading d). Empty when the word has no vowel.
 */
export function diacriticChoices(text: string): string[] {
  const { word } = splitLastWord(text);
  const parsed = parseWord(word);
  if (!parsed.letters.some(isVowel)) return [];
  const choices = new Set<string>();
  for (const tone of TONES) choices.add(renderWord({ letters: parsed.letters, tone }));
  const nucleus = vowelNucleus(parsed.letters);
  if (nucleus) {
    for (let i = nucleus.end; i >= nucleus.start; i -= 1) {
      const shapes = SHAPES_OF[parsed.letters[i]!.base];
      if (!shapes) continue;
      for (const shape of ['', ...shapes] as Shape[]) {
        const letters = parsed.letters.map((letter, index) => (index === i ? { ...letter, shape } : letter));
        choices.add(renderWord({ letters, tone: parsed.tone }));
      }
      break;
    }
  }
  const first = parsed.letters[0]!;
  if (first.base === 'd' || first.base === 'đ') {
    const letters = parsed.letters.map((letter, index) => (index === 0 ? { ...letter, base: first.base === 'd' ? 'đ' : 'd' } : letter));
    choices.add(renderWord({ letters, tone: parsed.tone }));
  }
  choices.delete(word.normalize('NFC'));
  return [...choices];
}

/** Replaces the last word of the text with `choice` (a one-tap diacritic choice). */
export function replaceLastWord(text: string, choice: string): string {
  return (splitLastWord(text).head + choice).normalize('NFC');
}

/** Removes the last character (code point, after NFC) as the keyboard's backspace does. */
export function backspace(text: string): string {
  const chars = [...text.normalize('NFC')];
  chars.pop();
  return chars.join('');
}

/**
 * The Telex keys that type a Vietnamese syllable (for tests and for showing a hint):
 * "người" → "nguwowif". Answers null for text the keyboard cannot type.
 */
export function telexKeysFor(syllable: string): string | null {
  let keys = '';
  let tone: Tone = '';
  for (const char of syllable.normalize('NFC')) {
    const parsed = parseCharacter(char);
    if (!parsed) return null;
    const { letter } = parsed;
    if (parsed.tone) tone = parsed.tone;
    const base = letter.base === 'đ' ? 'dd' : letter.base;
    let typed = base;
    if (letter.shape === 'circumflex') typed = base + base;
    else if (letter.shape === 'breve' || letter.shape === 'horn') typed = base + 'w';
    keys += letter.upper ? typed[0]!.toUpperCase() + typed.slice(1) : typed;
  }
  return keys + tone;
}
