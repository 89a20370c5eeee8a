import type { Migration } from './types';

/**
 * Staff login (issue 4): failed login attempts for throttling (kept in the database so that a
 * restart does not reset them), the last staff action of a session for the inactivity logout,
 * and an index for an officer's own figures of the day.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'staff-login',
  up(db) {
    db.exec(`
      ALTER TABLE staff_sessions ADD COLUMN last_activity_at INTEGER;  -- staff action other than a rating
      CREATE INDEX staff_sessions_staff ON staff_sessions(staff_id, started_at);

      CREATE TABLE login_failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        scope TEXT NOT NULL,              -- 'counter:<id>' or 'staff:<id>'
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX login_failures_scope_at ON login_failures(scope, at);

      CREATE INDEX ratings_staff_created ON ratings(staff_id, created_at);
    `);
  },
};
