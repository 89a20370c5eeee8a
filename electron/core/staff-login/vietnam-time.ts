/**
 * Days and times of day in Vietnam (Asia/Ho_Chi_Minh): UTC+7 all year, no daylight saving, so a
 * fixed offset is exact and does not depend on the machine's time zone or ICU data.
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** UTC ms of 00:00 in Vietnam of the day containing `at`. */
export function vietnamDayStart(at: number): number {
  return Math.floor((at + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS - VIETNAM_OFFSET_MS;
}

/** UTC ms of 00:00 in Vietnam of the first day of the month containing `at`. */
export function vietnamMonthStart(at: number): number {
  const local = new Date(at + VIETNAM_OFFSET_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - VIETNAM_OFFSET_MS;
}

/** The Vietnam date of `at` as YYYY-MM-DD. */
export function vietnamDate(at: number): string {
  return new Date(vietnamDayStart(at) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Parses "HH:MM" into ms after midnight. */
function timeOfDayMs(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return ((hours ?? 0) * 60 + (minutes ?? 0)) * 60 * 1000;
}

/**
 * The first of the given Vietnam times of day strictly after `after` (UTC ms), or null when
 * there are none.
 */
export function nextVietnamTimeOfDay(after: number, timesOfDay: readonly string[]): number | null {
  let best: number | null = null;
  const dayStart = vietnamDayStart(after);
  for (const time of timesOfDay) {
    for (const day of [dayStart, dayStart + DAY_MS]) {
      const at = day + timeOfDayMs(time);
      if (at > after && (best === null || at < best)) best = at;
    }
  }
  return best;
}
