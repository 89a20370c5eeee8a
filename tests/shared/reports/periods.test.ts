import { describe, expect, it } from 'vitest';
import {
  calendarPeriod,
  checkPeriod,
  formatDay,
  monthsOf,
  nextPeriod,
  parseDay,
  periodBounds,
  previousPeriod,
  splitIntoMonths,
  vietnamDayOf,
} from '../../../shared/reports/periods';

const at = (iso: string) => Date.parse(iso);

describe('periods in Vietnam time', () => {
  it('a rating at 23:59 Vietnam time belongs to that day, one at 00:00 to the next', () => {
    // 2025-03-31 23:59 in Hanoi is 16:59 UTC; 2025-04-01 00:00 in Hanoi is 17:00 UTC on 31 March.
    expect(formatDay(vietnamDayOf(at('2025-03-31T16:59:59.999Z')))).toBe('2025-03-31');
    expect(formatDay(vietnamDayOf(at('2025-03-31T17:00:00.000Z')))).toBe('2025-04-01');
  });

  it('a period runs from midnight to midnight in Vietnam, in UTC ms', () => {
    const { start, end } = periodBounds({ from: '2025-04-01', to: '2025-04-30' });
    expect(new Date(start).toISOString()).toBe('2025-03-31T17:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2025-04-30T17:00:00.000Z');
  });

  it('weeks start on Monday', () => {
    // 2026-12-01 is a Tuesday.
    expect(calendarPeriod('week', '2026-12-01')).toEqual({ kind: 'week', from: '2026-11-30', to: '2026-12-06' });
    expect(calendarPeriod('week', '2026-11-30').from).toBe('2026-11-30');
    expect(calendarPeriod('week', '2026-12-06').from).toBe('2026-11-30');
  });

  it('months, quarters and years contain their day', () => {
    expect(calendarPeriod('month', '2024-02-10')).toEqual({ kind: 'month', from: '2024-02-01', to: '2024-02-29' });
    expect(calendarPeriod('quarter', '2025-08-15')).toEqual({ kind: 'quarter', from: '2025-07-01', to: '2025-09-30' });
    expect(calendarPeriod('year', '2022-06-01')).toEqual({ kind: 'year', from: '2022-01-01', to: '2022-12-31' });
    expect(calendarPeriod('day', '2022-06-01')).toEqual({ kind: 'day', from: '2022-06-01', to: '2022-06-01' });
  });

  it('the previous period is the previous calendar period, or the same number of days before a range', () => {
    expect(previousPeriod(calendarPeriod('month', '2025-03-05'))).toEqual({ kind: 'month', from: '2025-02-01', to: '2025-02-28' });
    expect(previousPeriod(calendarPeriod('quarter', '2025-01-05'))).toEqual({ kind: 'quarter', from: '2024-10-01', to: '2024-12-31' });
    expect(previousPeriod(calendarPeriod('year', '2025-01-05'))).toEqual({ kind: 'year', from: '2024-01-01', to: '2024-12-31' });
    expect(previousPeriod({ kind: 'range', from: '2025-03-10', to: '2025-03-19' })).toEqual({ kind: 'range', from: '2025-02-28', to: '2025-03-09' });
    expect(previousPeriod(calendarPeriod('week', '2026-01-01'))).toEqual({ kind: 'week', from: '2025-12-22', to: '2025-12-28' });
    expect(nextPeriod(calendarPeriod('month', '2025-12-05'))).toEqual({ kind: 'month', from: '2026-01-01', to: '2026-01-31' });
  });

  it('refuses dates that do not exist, a period that ends before it starts, and one over 20 years', () => {
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('2024-02-29')).not.toBeNull();
    expect(parseDay('2024-13-01')).toBeNull();
    expect(parseDay('24-01-01')).toBeNull();
    expect(checkPeriod({ from: '2023-02-29', to: '2023-03-01' })).toEqual({ ok: false, problem: 'invalid_date', field: 'from' });
    expect(checkPeriod({ from: '2023-03-01', to: '2023-02-01' })).toEqual({ ok: false, problem: 'to_before_from', field: 'to' });
    expect(checkPeriod({ from: '2001-01-01', to: '2021-01-01' })).toEqual({ ok: false, problem: 'too_long', field: 'to' });
    expect(checkPeriod({ from: '2001-01-01', to: '2020-12-31' }).ok).toBe(true);
    expect(checkPeriod({ from: '1999-12-31', to: '2000-01-05' })).toEqual({ ok: false, problem: 'out_of_range', field: 'from' });
    expect(checkPeriod({ from: "2021-01-01' OR 1=1 --", to: '2021-02-01' })).toEqual({ ok: false, problem: 'invalid_date', field: 'from' });
  });

  it('lists the months a period touches', () => {
    expect(monthsOf({ from: '2021-11-15', to: '2022-02-01' })).toEqual(['2021-11', '2021-12', '2022-01', '2022-02']);
    expect(monthsOf({ from: '2021-11-15', to: '2021-11-16' })).toEqual(['2021-11']);
  });

  it('splits a period into whole months and loose edge days', () => {
    const split = splitIntoMonths({ from: '2021-04-28', to: '2021-07-03' });
    expect(split.months).toEqual([202105, 202106]);
    expect(split.days.map((d) => [formatDay(d.from), formatDay(d.to)])).toEqual([
      ['2021-04-28', '2021-04-30'],
      ['2021-07-01', '2021-07-03'],
    ]);
    expect(splitIntoMonths({ from: '2021-01-01', to: '2021-12-31' }).days).toEqual([]);
    const inside = splitIntoMonths({ from: '2021-05-02', to: '2021-05-30' });
    expect(inside.months).toEqual([]);
    expect(inside.days).toHaveLength(1);
  });
});
