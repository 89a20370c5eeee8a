/**
 * Every visible string goes through i18next: the locales have the same keys, every key the
 * renderer uses exists in each locale, and no component shows a literal text of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../../../shared/criteria';
import { SCALES } from '../../../shared/scales';
import en from '../../../renderer/src/i18n/locales/en.json';
import vi from '../../../renderer/src/i18n/locales/vi.json';

const RENDERER = join(__dirname, '../../../renderer/src');

function flatten(object: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string') out[prefix + key] = value;
    else Object.assign(out, flatten(value as object, `${prefix}${key}.`));
  }
  return out;
}
const locales = { vi: flatten(vi), en: flatten(en) };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}
const files = sourceFiles(RENDERER).map((file) => ({
  file: relative(RENDERER, file),
  source: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX),
}));

const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

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

const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'alt', 'title', 'placeholder', 'aria-description', 'aria-valuetext']);

/** Texts with letters written straight into JSX (children or visible attributes), not through t(). */
function literalTexts(file: string, source: ts.SourceFile): string[] {
  const literal: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) literal.push(`${file}: text "${node.text.trim()}"`);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      const text = ts.isStringLiteral(init)
        ? init.text
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteral(init.expression)
          ? init.expression.text
          : '';
      if (/\p{L}/u.test(text)) literal.push(`${file}: ${node.name.getText()}="${text}"`);
    }
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteral(node.expression) && ts.isJsxElement(node.parent) && /\p{L}/u.test(node.expression.text)) {
      literal.push(`${file}: text {"${node.expression.text}"}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return literal;
}

/** The first argument of every t(...) call: a literal key, or the literal head of a template key. */
function usedKeys(): { file: string; key: string; prefix: boolean }[] {
  const found: { file: string; key: string; prefix: boolean }[] = [];
  for (const { file, source } of files) {
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't') {
        const arg = node.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) found.push({ file, key: arg.text, prefix: false });
        else if (arg && ts.isTemplateExpression(arg)) found.push({ file, key: arg.head.text, prefix: true });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

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
