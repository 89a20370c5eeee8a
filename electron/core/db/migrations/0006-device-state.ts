import type { Migration } from './types';

/**
 * The device's own state apart from its settings: the install id and the clock-offset estimate
 * are facts the kiosk keeps about itself, not values IT staff may change, so they leave the
 * `settings` table (untyped JSON keys) for one typed row. Existing values move over.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'device-state',
  up(db) {
    db.exec(`
      CREATE TABLE device_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),  -- one row: this kiosk
        device_id TEXT NOT NULL,                -- install id (UUIDv7), made at first start, never changes
        clock_offset_ms INTEGER,                -- server time minus kiosk time, best estimate; NULL: none yet
        updated_at INTEGER NOT NULL
      ) STRICT;

      INSERT INTO device_state (id, device_id, clock_offset_ms, updated_at)
      SELECT 1,
             json_extract(d.value, '$'),
             (SELECT json_extract(o.value, '$') FROM settings o
               WHERE o.key = 'clockOffsetMs' AND json_type(o.value) = 'integer'),
             d.updated_at
      FROM settings d
      WHERE d.key = 'deviceId' AND json_type(d.value) = 'text';

      DELETE FROM settings WHERE key IN ('deviceId', 'clockOffsetMs');
    `);
  },
};
