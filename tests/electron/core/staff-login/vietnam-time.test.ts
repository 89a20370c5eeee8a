import { describe, expect, it } from 'vitest';
import { nextVietnamTimeOfDay, vietnamDate, vietnamDayStart } from '../../../../electron/core/staff-login/vietnam-time';

const vn = (iso: string) => Date.parse(`${iso}+07:00`);

describe('Vietnam days and times of day (UTC+7, no daylight saving)', () => {
  it('starts the day at midnight in Vietnam, not UTC', () => {
    expect(vietnamDayStart(vn('2026-11-20T06:59:00'))).toBe(vn('2026-11-20T00:00:00'));
    expect(vietnamDate(Date.parse('2026-11-20T17:30:00Z'))).toBe('2026-11-21'); // 00:30 on the 21st in Hà Nội
    expect(vietnamDate(Date.parse('2026-11-20T16:59:59Z'))).toBe('2026-11-20');
  });

  it('finds the next end of shift after a login, today or tomorrow', () => {
    const times = ['12:00', '17:30'];
    expect(nextVietnamTimeOfDay(vn('2026-11-20T07:45:00'), times)).toBe(vn('2026-11-20T12:00:00'));
    expect(nextVietnamTimeOfDay(vn('2026-11-20T13:05:00'), times)).toBe(vn('2026-11-20T17:30:00'));
    expect(nextVietnamTimeOfDay(vn('2026-11-20T17:30:00'), times)).toBe(vn('2026-11-21T12:00:00'));
    expect(nextVietnamTimeOfDay(vn('2026-11-20T23:59:00'), times)).toBe(vn('2026-11-21T12:00:00'));
    expect(nextVietnamTimeOfDay(vn('2026-11-20T08:00:00'), [])).toBeNull();
  });
});
