import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDossierCode,
  DEFAULT_DOSSIER_CODE_PATTERN,
  DOSSIER_CODE_EXAMPLE,
  dossierPatternProblem,
  DossierCodePatternSchema,
} from '../../shared/dossier-code';
import { DossierCodeSchema } from '../../shared/rating';
import { KioskSettingsSchema } from '../../shared/settings';
import { KioskSettingsPatchSchema } from '../../shared/protocol';

const code = (raw: string, pattern?: string) => {
  const check = checkDossierCode(raw, pattern);
  return check.ok ? check.code : null;
};

describe('a dossier code under the default pattern', () => {
  it('trims and upper-cases a code as receipts print it, scanner line endings included', () => {
    expect(code(' h31-0042\r\n')).toBe('H31-0042');
    expect(code('000.26.05.H31-250114-0042')).toBe('000.26.05.H31-250114-0042');
    expect(code(DOSSIER_CODE_EXAMPLE)).toBe(DOSSIER_CODE_EXAMPLE);
    expect(code('H06.261121.0001')).toBe('H06.261121.0001');
  });

  it('refuses what is not a code', () => {
    expect(code('')).toBeNull();
    expect(code('-abc')).toBeNull();
    expect(code('<script>')).toBeNull();
    expect(code('A'.repeat(41))).toBeNull();
  });

  it('refuses "A", "AB" and other codes too short or without a digit, saying it is not the form of this unit', () => {
    expect(checkDossierCode('A')).toEqual({ ok: false, problem: { kind: 'format', code: 'A', length: 1 } });
    expect(checkDossierCode('ab')).toEqual({ ok: false, problem: { kind: 'format', code: 'AB', length: 2 } });
    expect(code('H31-004')).toBeNull(); // 7 characters
    expect(code('ABCDEFGHIJ')).toBeNull();
    expect(code('H31-0042-')).toBeNull(); // ends with a separator
  });

  it('says which characters no dossier code has, and when one is too long', () => {
    expect(checkDossierCode('H31 0042<>-<')).toEqual({ ok: false, problem: { kind: 'characters', characters: [' ', '<', '>'] } });
    expect(checkDossierCode('H'.repeat(41))).toEqual({ ok: false, problem: { kind: 'too_long', length: 41, max: 40 } });
    expect(checkDossierCode('  \r\n')).toEqual({ ok: false, problem: { kind: 'empty' } });
  });

  it('accepts only what the stored schema accepts (the core stores exactly the checked code)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AB09./_-h \r\n<'), maxLength: 45 }), (raw) => {
        const check = checkDossierCode(raw);
        if (check.ok) expect(DossierCodeSchema.parse(check.code)).toBe(check.code);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('a unit’s own pattern', () => {
  it('is what decides, once the characters and length are right', () => {
    const pattern = '^H[0-9]{2}-[0-9]{6}-[0-9]{4}$';
    expect(code('h31-250114-0042', pattern)).toBe('H31-250114-0042');
    expect(code(DOSSIER_CODE_EXAMPLE, pattern)).toBeNull();
    expect(code('AB', '^[A-Z]{2}$')).toBe('AB');
  });

  it('must compile, match the whole code and be safe to run on every tap', () => {
    expect(dossierPatternProblem(DEFAULT_DOSSIER_CODE_PATTERN)).toBeNull();
    expect(dossierPatternProblem('^(?:[0-9]{3}\\.){3}H[0-9]{2}-[0-9]{6}-[0-9]{4}$')).toBeNull();
    expect(dossierPatternProblem('^(')).toMatch(/valid regular expression/);
    expect(dossierPatternProblem('[A-Z]+')).toMatch(/whole code/);
    expect(dossierPatternProblem('^[A-Z]+\\$')).toMatch(/whole code/);
    expect(dossierPatternProblem('^(A)\\1$')).toMatch(/back-references/);
    expect(dossierPatternProblem('^(a+)+$')).toMatch(/slow/);
    expect(dossierPatternProblem('^(a|ab)*$')).toMatch(/slow/);
    expect(dossierPatternProblem('^([A-Z]+-){1,5}[0-9]+$')).toMatch(/slow/);
    expect(dossierPatternProblem('^(?<part>[A-Z]?){20}$')).toMatch(/slow/);
    expect(dossierPatternProblem(`^${'A'.repeat(200)}$`)).toMatch(/at most 200/);
  });

  it('an unsafe one is refused as a setting, locally and from the server, and nothing else changes', () => {
    expect(DossierCodePatternSchema.safeParse('^(a+)+$').success).toBe(false);
    expect(KioskSettingsSchema.partial().safeParse({ dossierCodePattern: '^(a+)+$' }).success).toBe(false);
    expect(KioskSettingsPatchSchema.safeParse({ dossierCodePattern: '^(a+)+$' }).success).toBe(false);
    expect(KioskSettingsPatchSchema.parse({ dossierCodePattern: '^H[0-9]{2}-[0-9]{4}$' }).dossierCodePattern).toBe('^H[0-9]{2}-[0-9]{4}$');
    expect(KioskSettingsSchema.parse({}).dossierCodePattern).toBe(DEFAULT_DOSSIER_CODE_PATTERN);
  });

  it('that is not a safe one (it never should reach the check) falls back to the default', () => {
    expect(code('AAAAAAAAAAAAAAAAAAAAAAAAAAAAA!', '^(A+)+$')).toBeNull();
    expect(code(DOSSIER_CODE_EXAMPLE, '^(A+)+$')).toBe(DOSSIER_CODE_EXAMPLE);
  });
});
