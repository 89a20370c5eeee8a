import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../shared/csp';

/** Directives that browsers ignore in a <meta> CSP: they can only come with the header. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function directives(policy: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values.join(' '));
  }
  return map;
}

function metaPolicy(htmlFile: string): string {
  const html = readFileSync(htmlFile, 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!match?.[1]) throw new Error(`${htmlFile} has no Content-Security-Policy meta tag`);
  return match[1];
}

const header = directives(RENDERER_CSP);

describe('the renderer Content-Security-Policy', () => {
  it('allows only the app itself: no remote origin, no eval, no plugins, no <base>', () => {
    for (const [name, value] of header) {
      expect(value, name).not.toMatch(/https?:|\*|'unsafe-eval'/);
    }
    expect(header.get('default-src')).toBe("'self'");
    expect(header.get('script-src')).not.toContain("'unsafe-inline'");
    expect(header.get('object-src')).toBe("'none'");
    expect(header.get('base-uri')).toBe("'none'");
    expect(header.get('form-action')).toBe("'none'");
    expect(header.get('frame-ancestors')).toBe("'none'");
  });

  it.each([
    ['renderer/index.html', 'renderer/index.html'],
    ['the built dist/renderer/index.html', 'dist/renderer/index.html'],
  ])('%s carries the same policy as shared/csp.ts (less header-only directives)', (_name, file) => {
    if (file.startsWith('dist/') && !existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
    const meta = directives(metaPolicy(file));
    const expected = new Map([...header].filter(([name]) => !HEADER_ONLY.has(name)));
    expect(Object.fromEntries(meta)).toEqual(Object.fromEntries(expected));
  });
});
