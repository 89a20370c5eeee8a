/**
 * Dossier codes (mã hồ sơ) as a unit prints them on its receipts, checked the same way by the
 * renderer (to say at once what is wrong) and by the core (so the rule cannot be bypassed).
 *
 * Every code is first what `DossierCodeSchema` allows (letters, digits, `. / _ -`, at most 40
 * characters, stored trimmed and upper-case); then it must match the unit's pattern, a setting IT
 * staff may change (`dossierCodePattern`). Pure: no Node, no DOM.
 */
import { z } from 'zod';
import { DOSSIER_CODE_MAX_LENGTH } from './rating';
import { toNfc } from './text';

/**
 * Vietnamese dossier codes look like `000.00.00.H05-240101-0001` (the unit's code, the day, a
 * number): 8 to 40 letters, digits, dots and dashes (slash and underscore too), beginning and ending
 * with a letter or digit, with at least one digit. "A" and "AB" are not dossier codes.
 */
export const DEFAULT_DOSSIER_CODE_PATTERN = '^(?=.*[0-9])[A-Z0-9][A-Z0-9./_-]{6,38}[A-Z0-9]$';

/** What a unit's pattern may be at most: longer than any sensible description of a code. */
export const DOSSIER_CODE_PATTERN_MAX_LENGTH = 200;

/** A receipt's example code, shown to citizens with the rule. */
export const DOSSIER_CODE_EXAMPLE = '000.00.00.H05-240101-0001';

const ALLOWED_CHARACTER = /[A-Z0-9./_-]/u;

/** Why a code is not one, for the citizen's message. */
export type DossierCodeProblem =
  | { kind: 'empty' }
  /** Characters no dossier code has (each once, in the order typed). */
  | { kind: 'characters'; characters: string[] }
  | { kind: 'too_long'; length: number; max: number }
  /** Allowed characters, but not in the form of this unit's codes. */
  | { kind: 'format'; code: string; length: number };

export type DossierCodeCheck = { ok: true; code: string } | { ok: false; problem: DossierCodeProblem };

/**
 * Why a pattern may not be a unit's dossier-code rule, or null when it may: it must compile (as a
 * Unicode regular expression), match the whole code (`^…$`), and be safe to run on every tap — no
 * back-references, and no repeated group that itself varies in length or has alternatives
 * (`(a+)+`, `(a|ab)*`), which can take exponential time on a near-miss.
 */
export function dossierPatternProblem(source: string): string | null {
  if (source.length > DOSSIER_CODE_PATTERN_MAX_LENGTH) return `must be at most ${DOSSIER_CODE_PATTERN_MAX_LENGTH} characters`;
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return `must be a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return 'must match the whole code: start with ^ and end with $';
  if (/\\[1-9]|\\k</.test(source)) return 'must not use back-references';
  if (hasRepeatedRepetition(source)) return 'must not repeat a group that itself varies in length or has alternatives (slow on a near-miss)';
  return null;
}

/**
 * True when a group that contains a variable repetition (`*`, `+`, `?`, `{n,m}`) or an alternation
 * is itself repeated (any count above one): the shapes that make a backtracking engine take
 * exponential time on a near-miss. `(\d{3}\.){3}` is fine: a fixed count matches one way only.
 * Reads the source as the engine does: escapes, character classes and group prefixes are skipped.
 */
function hasRepeatedRepetition(source: string): boolean {
  const open: { risky: boolean }[] = [];
  let closed: { risky: boolean } | null = null;
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\\') {
      i += 2;
      closed = null;
    } else if (char === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      closed = null;
    } else if (char === '(') {
      i++;
      if (source[i] === '?') {
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') i = source.indexOf('>', i) + 1; // (?<name>
        else if (source[i] === '<') i += 2; // (?<= and (?<!
        else i++; // (?: (?= (?!
      }
      open.push({ risky: false });
      closed = null;
    } else if (char === ')') {
      closed = open.pop() ?? null;
      i++;
    } else if (char === '|') {
      for (const group of open) group.risky = true;
      i++;
      closed = null;
    } else {
      const quantifier = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})/.exec(source.slice(i));
      if (!quantifier) {
        i++;
        closed = null;
        continue;
      }
      const [text, min, comma, max] = quantifier;
      const least = text === '+' ? 1 : text === '*' || text === '?' ? 0 : Number(min);
      const most = text === '*' || text === '+' ? Infinity : text === '?' ? 1 : comma === undefined ? least : max === '' ? Infinity : Number(max);
      if (most > 1 && closed?.risky) return true;
      // A fixed count ({3}) matches one way; a variable one gives the engine choices to backtrack over.
      if (most !== least) for (const group of open) group.risky = true;
      i += text.length;
      if (source[i] === '?') i++; // lazy
      closed = null;
    }
  }
  return false;
}

/** The setting: a safe pattern (see dossierPatternProblem). */
export const DossierCodePatternSchema = z.string().superRefine((source, context) => {
  const problem = dossierPatternProblem(source);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const compiled = new Map<string, RegExp>();

/** The unit's pattern compiled once; a pattern that is not a safe one falls back to the default. */
function compile(source: string): RegExp {
  let pattern = compiled.get(source);
  if (!pattern) {
    pattern = new RegExp(dossierPatternProblem(source) === null ? source : DEFAULT_DOSSIER_CODE_PATTERN, 'u');
    if (compiled.size > 16) compiled.clear();
    compiled.set(source, pattern);
  }
  return pattern;
}

/**
 * A dossier code as the core stores it (scanner line endings dropped, trimmed, NFC, upper-case),
 * or what is wrong with it under the unit's pattern.
 */
export function checkDossierCode(raw: string, pattern: string = DEFAULT_DOSSIER_CODE_PATTERN): DossierCodeCheck {
  const code = toNfc(raw.replace(/[\r\n\t]/g, '')).trim().toUpperCase();
  const characters = [...code];
  if (characters.length === 0) return { ok: false, problem: { kind: 'empty' } };
  const odd = [...new Set(characters.filter((c) => !ALLOWED_CHARACTER.test(c)))];
  if (odd.length > 0) return { ok: false, problem: { kind: 'characters', characters: odd } };
  if (characters.length > DOSSIER_CODE_MAX_LENGTH) {
    return { ok: false, problem: { kind: 'too_long', length: characters.length, max: DOSSIER_CODE_MAX_LENGTH } };
  }
  if (!compile(pattern).test(code)) return { ok: false, problem: { kind: 'format', code, length: characters.length } };
  return { ok: true, code };
}

/** The problem in English, for the core's answer and the logs (the renderer shows its own words). */
export function describeDossierCodeProblem(problem: DossierCodeProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'a dossier code is empty';
    case 'characters':
      return `a dossier code has only letters, digits and . / _ -, not: ${problem.characters.map((c) => JSON.stringify(c)).join(' ')}`;
    case 'too_long':
      return `a dossier code has at most ${problem.max} characters, this one ${problem.length}`;
    case 'format':
      return `"${problem.code}" is not in the form of this unit's dossier codes`;
  }
}
