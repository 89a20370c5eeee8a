import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { audit, recentAudit } from '../../../../../electron/core/audit';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';

describe('migration 0002-audit-log', () => {
  it('adds the audit log to a database at version 1, keeping its data', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.prepare("INSERT INTO settings VALUES ('counterId', '\"c1\"', 1)").run();
    migrate(db, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'counterId'").get()).toEqual({ value: '"c1"' });
    audit(db, 10, 'staff:st-1', 'login', { counterId: 'c1' });
    expect(recentAudit(db)).toEqual([{ id: 1, at: 10, actor: 'staff:st-1', action: 'login', details: { counterId: 'c1' } }]);
  });
});
