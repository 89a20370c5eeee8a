/**
 * Every visible string goes through i18next: the locales have the same keys, every key the
 * renderer uses exists in each locale, and no component shows a literal text of its own.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../../../shared/criteria';
import { SCALES } from '../../../shared/scales';
import en from '../../../renderer/src/i18n/locales/en.json';
import vi from '../../../renderer/src/i18n/locales/vi.json';
import { flatten, literalTexts, sourceFilesOf, usedKeys as keysUsedIn, variables } from '../../i18n-texts';

const RENDERER = join(__dirname, '../../../renderer/src');

const locales = { vi: flatten(vi), en: flatten(en) };
const files = sourceFilesOf(RENDERER);
const usedKeys = () => keysUsedIn(files);

describe('locales', () => {
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

  it('the shared criteria and scale labels have texts in both languages', () => {
    const keys = [...CRITERIA.map((c) => c.labelKey), ...SCALES.vn3.levels.map((l) => l.labelKey), 'deskRole.reception', 'deskRole.results'];
    for (const key of keys) {
      expect(locales.vi[key], `vi ${key}`).toBeTruthy();
      expect(locales.en[key], `en ${key}`).toBeTruthy();
    }
  });
});

describe('the renderer', () => {
  it('uses only keys that exist in every locale', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(30);
    for (const { file, key, prefix } of used) {
      for (const [language, texts] of Object.entries(locales)) {
        const exists = prefix ? Object.keys(texts).some((k) => k.startsWith(key)) : key in texts;
        expect(exists, `${file}: "${key}" missing in ${language}`).toBe(true);
      }
    }
  });

  it('shows no literal text: every visible string goes through i18next', () => {
    // All of the renderer: the citizen's flow, the staff layer and the IT staff's sync panel (#admin).
    expect(files.some(({ file }) => file.startsWith('admin/'))).toBe(true);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(({ file, source }) => literalTexts(file, source))).toEqual([]);
  });

  it('(the check above finds literal texts and attributes)', () => {
    const sample = ts.createSourceFile(
      'sample.tsx',
      `const a = <p aria-label="Đóng">Xin chào {'Cảm ơn'} {t('x')} ⌫ {count}/500</p>;`,
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    expect(literalTexts('sample.tsx', sample)).toEqual([
      'sample.tsx: aria-label="Đóng"',
      'sample.tsx: text "Xin chào"',
      'sample.tsx: text {"Cảm ơn"}',
    ]);
  });
});
