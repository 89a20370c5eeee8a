import { describe, expect, it } from 'vitest';
import { HeartbeatRequestSchema } from '../../shared/protocol';

describe('what a kiosk reports of its self-update', () => {
  const beat = (updater: Record<string, unknown>) => ({ appVersion: '0.2.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0, updater });
  const hostile = ['\u001b]0;pwned\u0007', '\u0007', 'Quầy\u202e10', 'x\u2066y'];

  it('names its version without ESC, BEL or bidirectional characters, which are refused', () => {
    expect(HeartbeatRequestSchema.safeParse(beat({ phase: 'ready', version: '0.2.1', error: null, since: 1 })).success).toBe(true);
    for (const text of hostile) {
      expect({ text, ok: HeartbeatRequestSchema.safeParse(beat({ phase: 'ready', version: `0.2.1${text}`, error: null, since: 1 })).success }).toEqual({ text, ok: false });
    }
  });

  it('tells why an update failed with those characters made harmless, never refused', () => {
    const parsed = HeartbeatRequestSchema.parse(beat({ phase: 'failed', version: '0.2.1', error: `lỗi ${hostile.join(' ')}`, since: 1 }));
    expect(parsed.updater?.error).toMatch(/^lỗi /);
    // eslint-disable-next-line no-control-regex
    expect(parsed.updater?.error).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(parsed.updater?.error).toContain('\ufffd]0;pwned\ufffd');
  });
});
