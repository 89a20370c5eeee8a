import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommentSchema } from '../../../shared/rating';
import { cleanComment, commentLength } from '../../../renderer/src/flow/input-text';

describe('cleanComment', () => {
  it('drops NUL and control characters, keeps newlines, emoji, right-to-left text and HTML as text', () => {
    const result = cleanComment('a\u0000b\u0007c\nd 👍🏽 مرحبا <b>x</b>');
    expect(result).toEqual({ text: 'abc\nd 👍🏽 مرحبا <b>x</b>', truncated: false, cleaned: true });
  });

  it('cuts at 500 characters as the counter counts them (code points, NFC)', () => {
    const result = cleanComment('😀'.repeat(501));
    expect(result.truncated).toBe(true);
    expect(commentLength(result.text)).toBe(500);
    expect(commentLength('a\u0301')).toBe(1);
  });

  it('whatever is pasted, the result is accepted by the core schema', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 700 }), (raw) => {
        const { text } = cleanComment(raw);
        expect(CommentSchema.safeParse(text).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
