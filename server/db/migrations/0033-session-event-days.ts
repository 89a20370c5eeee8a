import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Each device's session events by day of arrival on its own row (docs/integrity.md "Staff
 * sessions"): the server's UTC day of the last one stored, and how many arrived that day and the
 * day before. Ingest reads them with the device's row lock, in the statement it already makes:
 * their sum is at least the device's events over the last 24 hours, so a batch that stays below
 * the cap with it needs no count of `session_events` (docs/integrity.md "Ingest rate with the
 * checks"). Kept by ingest in the statement that stores the events; filled here from those stored.
 */
export const sessionEventDays: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE devices ADD COLUMN session_events_day integer, ADD COLUMN session_events_on_day integer NOT NULL DEFAULT 0,
         ADD COLUMN session_events_day_before integer NOT NULL DEFAULT 0`,
      `UPDATE devices SET session_events_day = counts.last_day, session_events_on_day = counts.on_day, session_events_day_before = counts.day_before
         FROM (SELECT device_id, max(last_day) AS last_day, count(*) FILTER (WHERE day = last_day)::integer AS on_day,
                      count(*) FILTER (WHERE day = last_day - 1)::integer AS day_before
                 FROM (SELECT device_id, floor(received_at / 86400000.0)::integer AS day,
                              max(floor(received_at / 86400000.0)::integer) OVER (PARTITION BY device_id) AS last_day
                         FROM session_events) AS events
                GROUP BY device_id) AS counts
        WHERE counts.device_id = devices.id`,
    ]);
  },
};
