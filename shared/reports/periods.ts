/**
 * Reporting periods (DOMAIN.md "Periods"): calendar days, weeks (Monday first), months, quarters,
 * years, any range, and named campaign periods — all in Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no
 * daylight saving), by a rating's corrected time.
 *
 * A period is a pair of inclusive calendar days "YYYY-MM-DD". Days are counted as whole days since
 * 1970-01-01 ("day numbers"): Vietnam has had a fixed offset since 1975, so a Vietnam day starts at
 * `dayNumber × 86 400 000 − 7 h` in UTC ms and no time-zone database is needed.
 */

export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The longest period a report may cover (DOMAIN: the campaign is 5 years; 20 leaves room, bounds the work). */
export const MAX_PERIOD_YEARS = 20;
/** The earliest and latest day any report accepts: nothing was rated before, and far futures are typos. */
export const EARLIEST_DAY = '2000-01-01';
export const LATEST_DAY = '2099-12-31';

export const CALENDAR_KINDS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
export type PeriodKind = CalendarKind | 'range' | 'campaign';

export interface Period {
  kind: PeriodKind;
  /** First day, inclusive, "YYYY-MM-DD" in Vietnam time. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** Why a period was refused: a code the console and the CLI turn into a message in the user's language. */
export type PeriodProblem =
  | 'invalid_date'
  | 'to_before_from'
  | 'too_long'
  | 'out_of_range';

export type PeriodCheck = { ok: true; period: Period } | { ok: false; problem: PeriodProblem; field: 'from' | 'to' };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a calendar date, or null when the text is not a date that exists ("2023-02-29"). */
export function parseDay(text: string): number | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** "YYYY-MM-DD" of a day number. */
export function formatDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The Vietnam calendar day of an instant (UTC ms). */
export function vietnamDayOf(utcMs: number): number {
  return Math.floor((utcMs + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** The instant (UTC ms) at which a Vietnam calendar day starts. */
export function vietnamDayStart(dayNumber: number): number {
  return dayNumber * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** UTC ms bounds [start, end) of a period in Vietnam time. */
export function periodBounds(period: Pick<Period, 'from' | 'to'>): { start: number; end: number } {
  return { start: vietnamDayStart(mustParse(period.from)), end: vietnamDayStart(mustParse(period.to) + 1) };
}

/** Number of days of a period, both ends included. */
export function periodDays(period: Pick<Period, 'from' | 'to'>): number {
  return mustParse(period.to) - mustParse(period.from) + 1;
}

function mustParse(day: string): number {
  const n = parseDay(day);
  if (n === null) throw new RangeError(`not a calendar day: ${day}`);
  return n;
}

/** Month key "YYYY-MM" → year and month (1–12). */
function yearMonth(dayNumber: number): { year: number; month: number; day: number } {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The calendar period of `kind` that contains the given day. Weeks start on Monday. */
export function calendarPeriod(kind: CalendarKind, containing: string | number): Period {
  const day = typeof containing === 'number' ? containing : mustParse(containing);
  const { year, month } = yearMonth(day);
  let from: number;
  let to: number;
  switch (kind) {
    case 'day':
      from = to = day;
      break;
    case 'week': {
      // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
      const sinceMonday = (((day + 3) % 7) + 7) % 7;
      from = day - sinceMonday;
      to = from + 6;
      break;
    }
    case 'month':
      from = dayOf(year, month, 1);
      to = dayOf(year, month + 1, 1) - 1;
      break;
    case 'quarter': {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      from = dayOf(year, first, 1);
      to = dayOf(year, first + 3, 1) - 1;
      break;
    }
    case 'year':
      from = dayOf(year, 1, 1);
      to = dayOf(year + 1, 1, 1) - 1;
      break;
  }
  return { kind, from: formatDay(from), to: formatDay(to) };
}

/**
 * The period just before, for comparison: the previous calendar period of the same kind (the
 * previous month for a month, even when it is shorter), or — for ranges and campaign periods —
 * the same number of days ending the day before.
 */
export function previousPeriod(period: Period): Period {
  const from = mustParse(period.from);
  if (period.kind === 'range' || period.kind === 'campaign') {
    const days = periodDays(period);
    return { kind: 'range', from: formatDay(from - days), to: formatDay(from - 1) };
  }
  return calendarPeriod(period.kind, from - 1);
}

/** The next calendar period of the same kind (for stepping forward in the console). */
export function nextPeriod(period: Period): Period {
  const to = mustParse(period.to);
  if (period.kind === 'range' || period.kind === 'campaign') {
    const days = periodDays(period);
    return { kind: 'range', from: formatDay(to + 1), to: formatDay(to + days) };
  }
  return calendarPeriod(period.kind, to + 1);
}

/**
 * Validates a period given by a user (console query string, command line): both days must exist,
 * `from` ≤ `to`, within [EARLIEST_DAY, LATEST_DAY] and at most MAX_PERIOD_YEARS long.
 */
export function checkPeriod(input: { from: string; to: string; kind?: PeriodKind }): PeriodCheck {
  const from = parseDay(input.from);
  if (from === null) return { ok: false, problem: 'invalid_date', field: 'from' };
  const to = parseDay(input.to);
  if (to === null) return { ok: false, problem: 'invalid_date', field: 'to' };
  if (from < mustParse(EARLIEST_DAY) || from > mustParse(LATEST_DAY)) return { ok: false, problem: 'out_of_range', field: 'from' };
  if (to < mustParse(EARLIEST_DAY) || to > mustParse(LATEST_DAY)) return { ok: false, problem: 'out_of_range', field: 'to' };
  if (to < from) return { ok: false, problem: 'to_before_from', field: 'to' };
  const { year, month, day } = yearMonth(from);
  if (to >= dayOf(year + MAX_PERIOD_YEARS, month, day)) return { ok: false, problem: 'too_long', field: 'to' };
  return { ok: true, period: { kind: input.kind ?? 'range', from: input.from, to: input.to } };
}

/** Month keys "YYYY-MM" a period touches, in order (the trend's x axis). */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const from = yearMonth(mustParse(period.from));
  const to = yearMonth(mustParse(period.to));
  const months: string[] = [];
  for (let y = from.year, m = from.month; y < to.year || (y === to.year && m <= to.month); m === 12 ? ((m = 1), (y += 1)) : (m += 1)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

/** Month key "YYYY-MM" of a day number. */
export function monthKeyOf(dayNumber: number): string {
  const { year, month } = yearMonth(dayNumber);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The month key as a number yyyymm (how rollups store months). */
export function monthNumberOf(dayNumber: number): number {
  const { year, month } = yearMonth(dayNumber);
  return year * 100 + month;
}

/**
 * Splits a period into whole calendar months and the loose days at its ends, so that a report can
 * read monthly rollups for the months and daily rollups only for the edges.
 */
export function splitIntoMonths(period: Pick<Period, 'from' | 'to'>): {
  months: number[];
  days: { from: number; to: number }[];
} {
  const from = mustParse(period.from);
  const to = mustParse(period.to);
  const months: number[] = [];
  const days: { from: number; to: number }[] = [];
  let cursor = from;
  while (cursor <= to) {
    const { year, month, day } = yearMonth(cursor);
    const monthEnd = dayOf(year, month + 1, 1) - 1;
    if (day === 1 && monthEnd <= to) {
      months.push(year * 100 + month);
      cursor = monthEnd + 1;
    } else {
      const end = Math.min(monthEnd, to);
      const last = days[days.length - 1];
      if (last && last.to === cursor - 1) last.to = end;
      else days.push({ from: cursor, to: end });
      cursor = end + 1;
    }
  }
  return { months, days };
}
