import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatDay, formatMonth, formatPercent, formatPointChange, languageOf } from '../../../console/src/format/numbers';

describe('figures as a Vietnamese or an English reader writes them', () => {
  it('percentages with one decimal: a comma in Vietnamese, a point in English', () => {
    expect(formatPercent(87.5, 'vi')).toBe('87,5%');
    expect(formatPercent(87.5, 'en')).toBe('87.5%');
    expect(formatPercent(100, 'vi')).toBe('100,0%');
    expect(formatPercent(0, 'en')).toBe('0.0%');
    expect(formatPercent(33.3, 'vi')).toBe('33,3%');
  });

  it('counts grouped by thousands: dots in Vietnamese, commas in English', () => {
    expect(formatCount(10_000_000, 'vi')).toBe('10.000.000');
    expect(formatCount(10_000_000, 'en')).toBe('10,000,000');
    expect(formatCount(999, 'vi')).toBe('999');
  });

  it('a change of the satisfaction rate in points, with a real minus sign', () => {
    expect(formatPointChange(1.2, 'vi')).toBe('+1,2');
    expect(formatPointChange(-0.44, 'en')).toBe('\u22120.4');
    expect(formatPointChange(0.04, 'vi')).toBe('0,0');
    expect(formatPointChange(87.5 - 86.3, 'en')).toBe('+1.2');
  });

  it('times in Vietnam time, whatever the computer’s zone, day first in both languages', () => {
    // 23:30 on 31 December 2025 in Vietnam is 16:30 UTC.
    expect(formatDateTime(Date.UTC(2025, 11, 31, 16, 30))).toBe('31/12/2025 23:30');
    expect(formatDateTime(Date.UTC(2025, 11, 31, 17, 5))).toBe('01/01/2026 00:05');
    expect(formatDay('2026-03-09')).toBe('09/03/2026');
    expect(formatMonth('2026-03')).toBe('03/2026');
  });

  it('any English variant reads as English, anything else as Vietnamese', () => {
    expect(languageOf('en-GB')).toBe('en');
    expect(languageOf('vi')).toBe('vi');
    expect(languageOf('fr')).toBe('vi');
  });
});
