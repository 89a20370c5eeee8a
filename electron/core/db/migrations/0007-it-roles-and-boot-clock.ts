import type { Migration } from './types';

/**
 * Trust boundaries (issue 13), the kiosk's side, in one step because they ship together:
 * - `staff.roles`: roles from the roster (JSON array; `["it"]` lets an IT officer re-enrol the kiosk
 *   with their badge or PIN);
 * - a boot id and a monotonic time with each rating, and `clock_anchors`: for each boot, a moment of
 *   its monotonic clock at which a signed answer gave the server's time, so that a rating's time
 *   can be recovered whatever the wall clock did (docs/protocol.md, Clock correction);
 * - ratings quarantined only because a server refused their time go back to the queue: a server
 *   of this version accepts them, flagged when their time cannot be trusted. Rows of older kiosks
 *   have no boot id and are sent as before.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'it-roles-and-boot-clock',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';  -- JSON array, from the roster's staffRoles

      ALTER TABLE ratings ADD COLUMN boot_id TEXT;                     -- the core's start this rating was made in
      ALTER TABLE ratings ADD COLUMN monotonic_ms INTEGER;             -- ms since that start, unmoved by clock settings

      CREATE TABLE clock_anchors (
        boot_id TEXT PRIMARY KEY,
        monotonic_ms INTEGER NOT NULL,    -- this boot's monotonic clock at the middle of the round trip
        server_time INTEGER NOT NULL,     -- the server's time in a signed answer, then
        updated_at INTEGER NOT NULL
      ) STRICT;

      UPDATE ratings SET quarantined_at = NULL, quarantine_reason = NULL
      WHERE sent_at IS NULL
        AND quarantine_reason LIKE 'rejected by the server: createdAt: %(after clock correction)';
    `);
  },
};
