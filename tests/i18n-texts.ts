/**
 * What the locale tests of the kiosk's renderer and of the console both check: locale files
 * flattened to dotted keys, the keys a source tree passes to t(), and texts written straight
 * into JSX instead of going through i18next.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export function flatten(object: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string') out[prefix + key] = value;
    else Object.assign(out, flatten(value as object, `${prefix}${key}.`));
  }
  return out;
}

export interface SourceFile {
  file: string;
  source: ts.SourceFile;
}

/** Every .ts and .tsx file under a folder (declarations apart), parsed. */
export function sourceFilesOf(root: string): SourceFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return walk(full);
      return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
    });
  return walk(root).map((file) => ({
    file: relative(root, file),
    source: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX),
  }));
}

/** The {{placeholders}} of a text, sorted. */
export const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'alt', 'title', 'placeholder', 'aria-description', 'aria-valuetext']);

/** Texts with letters written straight into JSX (children or visible attributes), not through t(). */
export function literalTexts(file: string, source: ts.SourceFile): string[] {
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

export interface UsedKey {
  file: string;
  key: string;
  /** A template key (`errors.${code}`): only its literal head is known. */
  prefix: boolean;
}

/** The first argument of every t(...) call: a literal key, or the literal head of a template key. */
export function usedKeys(files: SourceFile[]): UsedKey[] {
  const found: UsedKey[] = [];
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
