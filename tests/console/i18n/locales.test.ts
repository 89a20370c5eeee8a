/**
 * Every visible string of the console goes through i18next, Vietnamese first: both locales have
 * the same keys and placeholders, every key the console uses exists, every error code the API can
 * answer has a message of the console's own, and no component shows a literal text.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../console/src/i18n/locales/en.json';
import vi from '../../../console/src/i18n/locales/vi.json';
import { AUDIT_ACTIONS, CONSOLE_ROLES } from '../../../shared/console/constants';
import { CRITERIA } from '../../../shared/criteria';
import { ROSTER_PROBLEM_REASONS } from '../../../shared/fleet';
import { SCALES } from '../../../shared/scales';
import { CONSOLE_ERROR_CODES } from '../../../server/console/errors';
import { flatten, literalTexts, sourceFilesOf, usedKeys, variables } from '../../i18n-texts';

const CONSOLE = join(__dirname, '../../../console/src');
const locales = { vi: flatten(vi), en: flatten(en) };
const files = sourceFilesOf(CONSOLE);

describe('the console’s locales', () => {
  it('vi and en have exactly the same keys', () => {
    expect(Object.keys(locales.en).sort()).toEqual(Object.keys(locales.vi).sort());
  });

  it('no text is empty and both languages use the same placeholders', () => {
    for (const key of Object.keys(locales.vi)) {
      expect(locales.vi[key]!.trim(), `vi ${key}`).not.toBe('');
      expect(locales.en[key]!.trim(), `en ${key}`).not.toBe('');
      expect(variables(locales.en[key]!), key).toEqual(variables(locales.vi[key]!));
    }
  });

  it('the behaviours, the three levels, the desks, the roles and the audited actions have texts in both languages', () => {
    const keys = [
      ...CRITERIA.map((c) => c.labelKey),
      ...SCALES.vn3.levels.map((l) => l.labelKey),
      'deskRole.reception',
      'deskRole.results',
      ...CONSOLE_ROLES.map((role) => `roles.${role}`),
      ...AUDIT_ACTIONS.map((action) => `audit.actions.${action}`),
      ...['province', 'department', 'district', 'commune'].map((level) => `levels.${level}`),
    ];
    for (const key of keys) {
      expect(locales.vi[key], `vi ${key}`).toBeTruthy();
      expect(locales.en[key], `en ${key}`).toBeTruthy();
    }
  });

  it('every reason a kiosk gives for a roster row it left out has a text in both languages', () => {
    for (const reason of ROSTER_PROBLEM_REASONS) {
      expect(locales.vi[`rosterProblems.reason.${reason}`], `vi ${reason}`).toBeTruthy();
      expect(locales.en[`rosterProblems.reason.${reason}`], `en ${reason}`).toBeTruthy();
    }
  });

  it('every error code the console API answers has the console’s own message in both languages', () => {
    expect(CONSOLE_ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of CONSOLE_ERROR_CODES) {
      expect(locales.vi[`errors.${code}`], `vi errors.${code}`).toBeTruthy();
      expect(locales.en[`errors.${code}`], `en errors.${code}`).toBeTruthy();
    }
  });
});

describe('the console', () => {
  it('uses only keys that exist in every locale', () => {
    const used = usedKeys(files);
    expect(used.length).toBeGreaterThan(100);
    for (const { file, key, prefix } of used) {
      for (const [language, texts] of Object.entries(locales)) {
        const exists = prefix ? Object.keys(texts).some((k) => k.startsWith(key)) : key in texts;
        expect(exists, `${file}: "${key}" missing in ${language}`).toBe(true);
      }
    }
  });

  it('shows no literal text: every visible string goes through i18next', () => {
    expect(files.some(({ file }) => file.startsWith('pages/admin/'))).toBe(true);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(({ file, source }) => literalTexts(file, source))).toEqual([]);
  });
});
