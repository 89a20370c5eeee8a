/**
 * A kiosk's quiet hours: times of day in Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year) when no
 * citizen is expected, such as the lunch break or the night, written "HH:MM-HH:MM". A range whose
 * end is before its start runs past midnight ("17:30-07:00"). Updates install only then.
 */
import { z } from 'zod';
import { VIETNAM_UTC_OFFSET_MS } from './reports/periods';

const DAY_MS = 86_400_000;
const RANGE = /^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$/;

export const QuietHoursRangeSchema = z
  .string()
  .regex(RANGE, 'must be HH:MM-HH:MM, for instance 12:00-13:00 or 17:30-07:00')
  .refine((range) => range.slice(0, 5) !== range.slice(6), { message: 'must not start and end at the same time' });

/** Start and end of a range in ms after midnight (Vietnam time); end < start when it runs past midnight. */
function bounds(range: string): { start: number; end: number } {
  const match = RANGE.exec(range);
  if (!match) throw new Error(`not a quiet-hours range: ${range}`);
  const minutes = (h: string | undefined, m: string | undefined) => (Number(h) * 60 + Number(m)) * 60_000;
  return { start: minutes(match[1], match[2]), end: minutes(match[3], match[4]) };
}

function vietnamTimeOfDay(at: number): number {
  return (((at + VIETNAM_UTC_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** Whether `at` (UTC ms) falls in one of the ranges; the start is included, the end is not. */
export function isInQuietHours(ranges: readonly string[], at: number): boolean {
  const time = vietnamTimeOfDay(at);
  return ranges.some((range) => {
    const { start, end } = bounds(range);
    return start < end ? time >= start && time < end : time >= start || time < end;
  });
}

/** The next instant after `at` at which a range starts (UTC ms), or null without ranges. */
export function nextQuietHoursStart(ranges: readonly string[], at: number): number | null {
  const time = vietnamTimeOfDay(at);
  let best: number | null = null;
  for (const range of ranges) {
    const { start } = bounds(range);
    const wait = start > time ? start - time : start - time + DAY_MS;
    if (best === null || wait < best) best = wait;
  }
  return best === null ? null : at + best;
}
