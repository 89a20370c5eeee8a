import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';

describe('migration 0004-staff-login', () => {
  it('adds login failures, session activity and the figures index to a database at version 3, keeping its data', () => {
    const db = new Database(':memory:');
    migrate(db, 3);
    db.exec(`
      INSERT INTO units VALUES ('u1', 'Unit', 'commune');
      INSERT INTO staff (id, unit_id, full_name, name_key, title, badge_hash, active)
        VALUES ('st-1', 'u1', 'Nguyễn Văn A', 'nguyen van a', 'Chuyên viên', NULL, 1);
      INSERT INTO staff_sessions (id, staff_id, counter_id, started_at) VALUES ('s1', 'st-1', 'c1', 1000);
    `);
    migrate(db, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT id, started_at, ended_at, last_activity_at FROM staff_sessions').all()).toEqual([
      { id: 's1', started_at: 1000, ended_at: null, last_activity_at: null },
    ]);
    db.prepare("INSERT INTO login_failures (at, scope, reason) VALUES (5, 'counter:c1', 'unknown_badge')").run();
    expect(db.prepare('SELECT at, scope, reason FROM login_failures').all()).toEqual([
      { at: 5, scope: 'counter:c1', reason: 'unknown_badge' },
    ]);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map(
      (row) => row.name,
    );
    expect(indexes).toEqual(expect.arrayContaining(['login_failures_scope_at', 'staff_sessions_staff', 'ratings_staff_created']));
  });

  it('keeps the schema strict: a failure without a scope is refused', () => {
    const db = new Database(':memory:');
    migrate(db, 4);
    expect(() => db.prepare('INSERT INTO login_failures (at, reason) VALUES (1, ?)').run('x')).toThrow(/NOT NULL/);
  });
});
