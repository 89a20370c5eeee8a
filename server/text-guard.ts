/**
 * Strings PostgreSQL cannot store faithfully: NUL (refused by text columns) and lone UTF-16
 * surrogates (silently replaced on the way to UTF-8, so a resend would look like a conflict).
 * Returns where the first such string is in `value`, or null when all strings are storable.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path || '(value)' : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (findUnstorableText(key) !== null) return `${path}.(key)`;
      const found = findUnstorableText(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}
