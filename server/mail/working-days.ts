/**
 * Working days in Vietnam for the monthly schedule: Monday to Friday, less the public holidays the
 * province lists (Tết and the other holidays move every year, so they are configured, not coded).
 */
import { formatDay, parseDay } from '../../shared/reports/periods';

/** True on Saturdays and Sundays (day numbers count from Thursday 1970-01-01). */
export function isWeekend(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/** The first working day of a month ("YYYY-MM"), as a day number. */
export function firstWorkingDay(month: string, holidays: ReadonlySet<string>): number {
  let day = parseDay(`${month}-01`)!;
  // A month has at most about 10 days off at its start (Tết); 31 keeps a bad list from looping.
  for (let i = 0; i < 31 && (isWeekend(day) || holidays.has(formatDay(day))); i += 1) day += 1;
  return day;
}

/** The month key "YYYY-MM" `offset` months after `month` (negative: before). */
export function addMonths(month: string, offset: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
