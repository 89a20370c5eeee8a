import type { Migration } from './types';

/** Administrative actions (logins, logouts, refusals, settings, recoveries) for IT staff and audits. */
export const migration0002: Migration = {
  version: 2,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,              -- 'system', 'staff:<id>', 'it', …
        action TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}' -- JSON
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log(at);
    `);
  },
};
