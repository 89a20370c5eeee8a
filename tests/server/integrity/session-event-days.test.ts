/**
 * A device's row keeps its session events of its last day of arrival and the day before
 * (migration 0033): their sum bounds its events over the last 24 hours, so that ingest counts them
 * only when the bound would reach the cap.
 */
import { describe, expect, it } from 'vitest';
import { recentSessionEventsAtMost } from '../../../server/integrity/session-events';

const DAY = 86_400_000;
const today = 20_000;
const at = today * DAY + 10 * 3_600_000;

describe('the session events a device’s row says it sent over the last 24 hours', () => {
  it('are those of today and yesterday when its last event came today', () => {
    expect(recentSessionEventsAtMost({ session_events_day: today, session_events_on_day: 3, session_events_day_before: 4 }, at)).toBe(7);
  });

  it('are those of yesterday when its last event came yesterday, and none when earlier or never', () => {
    expect(recentSessionEventsAtMost({ session_events_day: today - 1, session_events_on_day: 3, session_events_day_before: 4 }, at)).toBe(3);
    expect(recentSessionEventsAtMost({ session_events_day: today - 2, session_events_on_day: 3, session_events_day_before: 4 }, at)).toBe(0);
    expect(recentSessionEventsAtMost({ session_events_day: null, session_events_on_day: 0, session_events_day_before: 0 }, at)).toBe(0);
  });

  it('cannot be told when its last event came on a later day (the server’s clock went back): ingest counts them', () => {
    expect(recentSessionEventsAtMost({ session_events_day: today + 1, session_events_on_day: 3, session_events_day_before: 4 }, at)).toBeNull();
  });
});
