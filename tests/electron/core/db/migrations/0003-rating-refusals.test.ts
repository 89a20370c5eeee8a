import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';
import { migration0003 } from '../../../../../electron/core/db/migrations/0003-rating-refusals';

const open: Database.Database[] = [];
function databaseAtVersion2(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, 2);
  expect(schemaVersion(db)).toBe(2);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const insertRating = (db: Database.Database) =>
  db
    .prepare(
      `INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, staff_id, staff_session_id,
         created_at, scale, score, criteria, locale, app_version, updated_at)
       VALUES ('r1', 1, 'f1', 'd1', 'u1', 'c1', 'reception', 's1', 'ss1', 1700000000000, 'vn3', 3, '{}', 'vi', '0.1.0', 1700000000000)`,
    )
    .run();

describe('migration 0003: rating refusals', () => {
  it('is number 3 and adds the refusals table to the schema just before it, keeping the ratings', () => {
    const db = databaseAtVersion2();
    insertRating(db);
    expect(migration0003.version).toBe(3);
    migrate(db, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT id, score FROM ratings').all()).toEqual([{ id: 'r1', score: 3 }]);
    const columns = (db.prepare('PRAGMA table_info(rating_refusals)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'at', 'reason', 'flow_id', 'unit_id', 'counter_id', 'staff_id', 'staff_session_id']);
  });

  it('stores no score: a refusal never tells anyone which face was tapped', () => {
    const db = databaseAtVersion2();
    migrate(db, 3);
    const columns = (db.prepare('PRAGMA table_info(rating_refusals)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('score');
  });

  it('counts one refusal per flow and reason, and refuses unknown reasons', () => {
    const db = databaseAtVersion2();
    migrate(db, 3);
    const insert = db.prepare(
      `INSERT INTO rating_refusals (at, reason, flow_id, unit_id, counter_id, staff_id, staff_session_id)
       VALUES (1, ?, 'f1', 'u1', 'c1', 's1', 'ss1') ON CONFLICT (flow_id, reason) DO NOTHING`,
    );
    insert.run('rate_limited');
    insert.run('rate_limited');
    expect(db.prepare('SELECT count(*) AS n FROM rating_refusals').get()).toEqual({ n: 1 });
    expect(() => insert.run('made_up')).toThrow(/CHECK/);
  });

  it('rolls back as a whole when it fails midway', () => {
    const db = databaseAtVersion2();
    db.exec('CREATE TABLE rating_refusals (x INTEGER)'); // a clash makes the migration fail
    expect(() => migrate(db, 3)).toThrow();
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'rating_refusals_session'`).get()).toBeUndefined();
  });
});
