import type { Migration } from './types';

/**
 * An officer sets their own PIN at the kiosk after a badge login (issue 11, docs/badges.md
 * "Setting a PIN"):
 * - `staff_sessions.login_method` says how the session was opened (`badge` or `pin`): only a badge
 *   session may set the PIN. Sessions opened before this migration have none and may not.
 * - `pin_uploads` holds the salted hash (never the PIN) of each officer's last PIN set here until
 *   the server has answered for it: one row per officer, the newest replacing an unsent older one,
 *   so a PIN set offline reaches the server, and the unit's other kiosks, later.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'own-pins',
  up(db) {
    db.exec(`
      ALTER TABLE staff_sessions ADD COLUMN login_method TEXT;

      CREATE TABLE pin_uploads (
        staff_id TEXT PRIMARY KEY,
        pin_hash TEXT,                     -- scrypt$…; NULL: the PIN was removed
        set_at INTEGER NOT NULL,           -- when, on the server's clock as the kiosk estimates it
        created_at INTEGER NOT NULL        -- device clock
      ) STRICT;
    `);
  },
};
