/**
 * A unit's opening hours: on which days of the week (1 = Monday … 7 = Sunday) the counters are
 * open, from when to when (Vietnam time, "HH:MM", the same day). The fleet's online / late /
 * offline status and its offline alerts count only while the unit is open: a kiosk switched off
 * at night is not a problem.
 */
import { z } from 'zod';
import { VIETNAM_UTC_OFFSET_MS } from './reports/periods';

const DAY_MS = 86_400_000;
const TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export const TimeOfDaySchema = z.string().regex(TIME, 'must be HH:MM, for instance 07:30');

export const OpeningPeriodSchema = z
  .strictObject({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: TimeOfDaySchema,
    to: TimeOfDaySchema,
  })
  .refine((period) => period.from < period.to, { message: 'must end after it starts (within one day)', path: ['to'] });
export type OpeningPeriod = z.output<typeof OpeningPeriodSchema>;

export const OpeningHoursSchema = z.array(OpeningPeriodSchema).max(14);
export type OpeningHours = z.output<typeof OpeningHoursSchema>;

/** Monday to Friday, 07:00–17:30: the working week of a one-stop section, lunch included. */
export const DEFAULT_OPENING_HOURS: OpeningHours = [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '17:30' }];

function minutesOf(time: string): number {
  const match = TIME.exec(time)!;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The day of the week (1 = Monday) and the ms since midnight of `at` in Vietnam. */
function vietnamDayAndTime(at: number): { weekday: number; dayStart: number; time: number } {
  const local = at + VIETNAM_UTC_OFFSET_MS;
  const time = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const dayNumber = Math.floor((local - time) / DAY_MS);
  // 1970-01-01 was a Thursday (4).
  const weekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
  return { weekday, dayStart: local - time - VIETNAM_UTC_OFFSET_MS, time };
}

/**
 * When the opening period that `at` falls in began (UTC ms), or null when the unit is closed at
 * `at`. A kiosk is judged by how long it has been silent since max(its last heartbeat, this).
 */
export function openSince(hours: OpeningHours, at: number): number | null {
  const { weekday, dayStart, time } = vietnamDayAndTime(at);
  let since: number | null = null;
  for (const period of hours) {
    if (!period.days.includes(weekday)) continue;
    const from = minutesOf(period.from) * 60_000;
    const to = minutesOf(period.to) * 60_000;
    if (time >= from && time < to) since = since === null ? dayStart + from : Math.min(since, dayStart + from);
  }
  return since;
}
