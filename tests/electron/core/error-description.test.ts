import { describe, expect, it } from 'vitest';
import { describeBriefly, describeForLog } from '../../../electron/core/error-description';

describe('an unexpected error as the kiosk logs it', () => {
  const quoting = Object.assign(new Error('could not save "Bình luận 7741"\nsecond line 7741'), { code: 'SQLITE_CONSTRAINT_CHECK' });

  it('names its kind, its code and where it happened, and never its message', () => {
    const logged = describeForLog(quoting);
    expect(logged).toMatch(/^Error SQLITE_CONSTRAINT_CHECK\n {2}at /);
    expect(logged).toContain('error-description.test.ts');
    expect(logged).not.toContain('7741');
  });

  it('fits on one line for the sync status and the heartbeat', () => {
    const brief = describeBriefly(quoting);
    expect(brief).toMatch(/^Error SQLITE_CONSTRAINT_CHECK at .*error-description\.test\.ts/);
    expect(brief).not.toContain('\n');
    expect(brief).not.toContain('7741');
  });

  it('leaves out a code that is not a code, and says what was thrown when it is not an error', () => {
    expect(describeForLog(Object.assign(new TypeError('x'), { code: 'a code with 7741 in it' }))).toMatch(/^TypeError\n/);
    expect(describeBriefly('7741')).toBe('a thrown string');
  });
});
