import { describe, expect, it } from 'vitest';
import { isInQuietHours, nextQuietHoursStart, QuietHoursRangeSchema } from '../../shared/quiet-hours';
import { KioskSettingsSchema } from '../../shared/settings';

/** UTC ms of a Vietnam wall-clock time (UTC+7) on 21 November 2026. */
const vn = (hhmm: string, day = 21) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 10, day, h! - 7, m!);
};

describe('quiet hours', () => {
  const ranges = ['12:00-13:00', '17:30-07:00'];

  it('are read in Vietnam time, whatever the machine’s time zone', () => {
    expect(isInQuietHours(ranges, vn('12:00'))).toBe(true);
    expect(isInQuietHours(ranges, vn('12:59'))).toBe(true);
    expect(isInQuietHours(ranges, vn('13:00'))).toBe(false);
    expect(isInQuietHours(ranges, vn('09:30'))).toBe(false);
    expect(isInQuietHours(ranges, vn('11:59'))).toBe(false);
  });

  it('run past midnight when they end before they start', () => {
    expect(isInQuietHours(ranges, vn('17:30'))).toBe(true);
    expect(isInQuietHours(ranges, vn('23:59'))).toBe(true);
    expect(isInQuietHours(ranges, vn('00:00', 22))).toBe(true);
    expect(isInQuietHours(ranges, vn('06:59', 22))).toBe(true);
    expect(isInQuietHours(ranges, vn('07:00', 22))).toBe(false);
    expect(isInQuietHours(ranges, vn('17:29'))).toBe(false);
  });

  it('say when the next one starts', () => {
    expect(nextQuietHoursStart(ranges, vn('09:30'))).toBe(vn('12:00'));
    expect(nextQuietHoursStart(ranges, vn('12:00'))).toBe(vn('17:30'));
    expect(nextQuietHoursStart(ranges, vn('18:00'))).toBe(vn('12:00', 22));
    expect(nextQuietHoursStart([], vn('18:00'))).toBeNull();
    expect(isInQuietHours([], vn('18:00'))).toBe(false);
  });

  it('are a kiosk setting: lunch and night by default, and bad ranges are refused', () => {
    expect(KioskSettingsSchema.parse({}).updateQuietHours).toEqual(['12:00-13:00', '17:30-07:00']);
    for (const bad of ['12:00', '12-13', '24:00-01:00', '12:00-12:00', '12:60-13:00', ' 12:00-13:00']) {
      expect(QuietHoursRangeSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(KioskSettingsSchema.safeParse({ updateQuietHours: ['12:00-13:00', 'later'] }).success).toBe(false);
  });
});
