import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import telexFixture from '../fixtures/telex.json';
import {
  applyTelexKey,
  backspace,
  composeTelex,
  diacriticChoices,
  replaceLastWord,
  telexKeysFor,
} from '../../shared/telex';

const expectedTexts = (text: string | string[]) => (Array.isArray(text) ? text : [text]).map((t) => t.normalize('NFC'));


describe('Telex composer: the fixture cases', () => {
  for (const { keys, text } of telexFixture.cases) {
    it(`"${keys}" types ${JSON.stringify(text)}`, () => {
      const typed = composeTelex(keys);
      expect(expectedTexts(text)).toContain(typed);
      expect(typed).toBe(typed.normalize('NFC'));
    });
  }

  it('picks one tone placement consistently (the modern one: hoà, thuỷ)', () => {
    expect(composeTelex('hoaf')).toBe('hoà');
    expect(composeTelex('thuyr')).toBe('thuỷ');
    expect(composeTelex('hoaf hoaf')).toBe('hoà hoà');
  });
});

describe('Telex composer: keys', () => {
  it('places and moves the tone as the word grows', () => {
    expect(composeTelex('hoas')).toBe('hoá');
    expect(composeTelex('hoasn')).toBe('hoán');
    expect(composeTelex('tieesp')).toBe('tiếp');
    expect(composeTelex('nguowif')).toBe('người');
    // As in every Telex (Unikey, the OS keyboards): c-a-a-m-r is "cẩm"; "cảm" is typed "camr".
    expect(composeTelex('caamr own')).toBe('cẩm ơn');
    expect(composeTelex('camr own')).toBe('cảm ơn');
  });

  it('treats the u of qu and the i of gi as consonants', () => {
    expect(composeTelex('quar')).toBe('quả');
    expect(composeTelex('quys')).toBe('quý');
    expect(composeTelex('giaf')).toBe('già');
    expect(composeTelex('gif')).toBe('gì');
    expect(composeTelex('giuwx')).toBe('giữ');
  });

  it('a repeated modifier undoes itself and types the letter', () => {
    expect(composeTelex('ass')).toBe('as');
    expect(composeTelex('aaa')).toBe('aa');
    expect(composeTelex('ddd')).toBe('dd');
    expect(composeTelex('aww')).toBe('aw');
  });

  it('z removes the tone; a lone w types ư', () => {
    expect(composeTelex('asz')).toBe('a');
    expect(composeTelex('tw')).toBe('tư');
    expect(composeTelex('w')).toBe('ư');
  });

  it('keeps capitals', () => {
    expect(composeTelex('DDAATS')).toBe('ĐẤT');
    expect(composeTelex('Vieejt Nam')).toBe('Việt Nam');
  });

  it('passes digits, punctuation and spaces through and composes only the last word', () => {
    expect(composeTelex('Quaafy 5, toots!')).toBe('Quầy 5, tốt!');
    expect(applyTelexKey('xin chao', 'f')).toBe('xin chào');
    expect(applyTelexKey('12', 's')).toBe('12s');
  });

  it('composes onto text typed in another form (decomposed, or pasted)', () => {
    expect(applyTelexKey('hoa\u0300', 'n')).toBe('hoàn');
    expect(applyTelexKey('👍 ca', 'f')).toBe('👍 cà');
  });
});

describe('Telex composer: one-tap choices and backspace', () => {
  it('offers the six tones and the vowel shapes of the last word', () => {
    const choices = diacriticChoices('xin cho');
    expect(choices).toEqual(expect.arrayContaining(['chó', 'chò', 'chỏ', 'chõ', 'chọ', 'chô', 'chơ']));
    expect(choices).not.toContain('cho');
  });

  it('offers đ for a leading d and nothing for a word without a vowel', () => {
    expect(diacriticChoices('dat')).toContain('đat');
    expect(diacriticChoices('ng')).toEqual([]);
    expect(diacriticChoices('')).toEqual([]);
  });

  it('a choice replaces only the last word', () => {
    expect(replaceLastWord('rất hai', 'hài')).toBe('rất hài');
  });

  it('backspace removes one visible character', () => {
    expect(backspace('cảm ơn')).toBe('cảm ơ');
    expect(backspace('a\u0301')).toBe('');
    expect(backspace('')).toBe('');
  });
});

// Syllables from their parts, with the tone carrier marked by "*" (modern placement).
const ONSETS = ['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x'];
const RHYMES = [
  '*a', '*ai', '*ao', '*au', '*ay', '*âu', '*ây', '*an', '*ang', '*anh', '*ăn', '*ăng', '*âm', '*ân', '*ac', '*at',
  '*e', '*eo', '*ê', '*êu', '*ênh', '*êt', '*i', '*ia', '*iu', 'i*êu', 'i*ên', 'i*êng', 'i*êt',
  '*o', '*oi', 'o*a', 'o*ai', 'o*an', 'o*ang', 'o*anh', 'o*ay', 'o*e', 'o*en', 'o*ăn', 'o*ăc',
  '*ô', '*ôi', '*ông', '*ôc', '*ơ', '*ơi', '*ơn', '*ơp',
  '*u', '*ui', '*ua', 'u*ân', 'u*ê', 'u*y', 'uy*ên', 'u*ôi', 'u*ôn', 'u*ông', 'u*ôc',
  '*ư', '*ưa', '*ưi', '*ưu', '*ưng', 'ư*ơ', 'ư*ơi', 'ư*ơn', 'ư*ơng', 'ư*ơu', 'ư*ơc',
  '*y', 'y*ên', 'y*êu',
];
const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

const syllable = fc
  .record({
    onset: fc.constantFrom(...ONSETS),
    rhyme: fc.constantFrom(...RHYMES),
    tone: fc.constantFrom(...TONE_MARKS),
    capital: fc.boolean(),
  })
  .filter(({ onset, rhyme }) => {
    const first = rhyme.replace('*', '')[0]!;
    if (onset === 'gi' && (first === 'i' || first === 'y')) return false;
    if (onset === 'qu' && /^[uưoô]/.test(rhyme.replace('*', ''))) return false;
    // Spelling: g and ng are written gh and ngh before i, e, ê (so "gia" is always gi + a).
    if ((onset === 'g' || onset === 'ng') && /^[ieêy]/.test(rhyme.replace('*', ''))) return false;
    return true;
  })
  .map(({ onset, rhyme, tone, capital }) => {
    const text = (onset + rhyme.replace(/\*(.)/u, (_m, vowel: string) => vowel + tone)).normalize('NFC');
    return capital ? text[0]!.toUpperCase() + text.slice(1) : text;
  });

describe('Telex composer: properties', () => {
  it('typing the Telex keys of a generated syllable composes it back (NFC)', () => {
    fc.assert(
      fc.property(syllable, (text) => {
        const keys = telexKeysFor(text);
        expect(keys).not.toBeNull();
        expect(composeTelex(keys!)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('a phrase of syllables composes word by word', () => {
    fc.assert(
      fc.property(fc.array(syllable, { minLength: 1, maxLength: 6 }), (words) => {
        const keys = words.map((w) => telexKeysFor(w)!).join(' ');
        expect(composeTelex(keys)).toBe(words.join(' '));
      }),
      { numRuns: 500 },
    );
  });

  it('any key sequence gives NFC text and never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'aAdeEfijorsuwxyzDnt 1,.'.split('')), { maxLength: 40 }), (keys) => {
        const text = composeTelex(keys.join(''));
        expect(text).toBe(text.normalize('NFC'));
      }),
      { numRuns: 1000 },
    );
  });

  it('each one-tap choice is NFC and keeps the text before the last word', () => {
    fc.assert(
      fc.property(fc.array(syllable, { minLength: 1, maxLength: 3 }), (words) => {
        const text = words.join(' ');
        const head = text.slice(0, text.length - words[words.length - 1]!.length);
        for (const choice of diacriticChoices(text)) {
          const replaced = replaceLastWord(text, choice);
          expect(replaced.startsWith(head)).toBe(true);
          expect(replaced).toBe(replaced.normalize('NFC'));
        }
      }),
      { numRuns: 300 },
    );
  });
});
