import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );
}

describe('migration 0001-initial', () => {
  it('creates settings, roster, sessions, sequences and ratings on an empty database', () => {
    const db = new Database(':memory:');
    expect(schemaVersion(db)).toBe(0);
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['counters', 'ratings', 'sequences', 'settings', 'staff', 'staff_sessions', 'units']);
  });

  it('gives ratings every field of Rating v1 plus sent and quarantine state', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    const columns = (db.prepare('PRAGMA table_info(ratings)').all() as { name: string }[]).map((c) => c.name);
    for (const column of [
      'id', 'seq', 'device_id', 'unit_id', 'counter_id', 'desk_role', 'staff_id', 'staff_session_id', 'created_at',
      'clock_offset_ms', 'scale', 'score', 'criteria', 'comment', 'dossier_code', 'locale', 'duration_ms', 'app_version',
      'sent_at', 'quarantined_at', 'quarantine_reason',
    ]) {
      expect(columns).toContain(column);
    }
  });

  it('refuses a second open session at the same counter and a score out of range', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.exec(`INSERT INTO units VALUES ('u', 'Unit', 'commune');
             INSERT INTO staff VALUES ('s1', 'u', 'A', 'a', 't', NULL, NULL, NULL, 1);
             INSERT INTO staff VALUES ('s2', 'u', 'B', 'b', 't', NULL, NULL, NULL, 1);
             INSERT INTO staff_sessions VALUES ('x1', 's1', 'c1', 1, NULL, NULL);`);
    expect(() => db.exec(`INSERT INTO staff_sessions VALUES ('x2', 's2', 'c1', 2, NULL, NULL)`)).toThrow(/UNIQUE/);
    expect(() =>
      db.exec(`INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, created_at, scale, score,
                 criteria, locale, app_version, updated_at)
               VALUES ('r', 1, 'f', 'd', 'u', 'c1', 'reception', 1, 'vn3', 4, '{}', 'vi', 'v', 1)`),
    ).toThrow(/CHECK/);
  });
});
