import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';

/** A kiosk at version 6 with a roster, and four ratings: sent, pending, and two quarantined. */
function atVersion6(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, 6);
  db.exec(`
    INSERT INTO units VALUES ('u1', 'Trung tâm', 'province');
    INSERT INTO staff (id, unit_id, full_name, name_key, title, photo, badge_hash, pin_hash, active)
      VALUES ('st-1', 'u1', 'Nguyễn Thị Hà', 'nguyen thi ha', 'Chuyên viên', NULL, NULL, NULL, 1);
  `);
  const insert = db.prepare(
    `INSERT INTO ratings (seq, id, flow_id, device_id, unit_id, counter_id, desk_role, created_at, scale, score, criteria,
       locale, app_version, updated_at, sent_at, quarantined_at, quarantine_reason)
     VALUES (?, ?, ?, 'dev', 'u1', 'c1', 'reception', 1, 'vn3', 3, '{}', 'vi', '0.1.0', 1, ?, ?, ?)`,
  );
  insert.run(1, 'r-sent', 'f1', 5, null, null);
  insert.run(2, 'r-pending', 'f2', null, null, null);
  insert.run(3, 'r-too-old', 'f3', null, 9, 'rejected by the server: createdAt: too old (after clock correction)');
  insert.run(4, 'r-future', 'f4', null, 9, 'rejected by the server: createdAt: in the future (after clock correction)');
  insert.run(5, 'r-unknown-staff', 'f5', null, 9, 'rejected by the server: staffId: unknown staff st-9');
  return db;
}

describe('migration 0007-it-roles-and-boot-clock', () => {
  it('gives staff no role until a roster names one', () => {
    const db = atVersion6();
    migrate(db, 7);
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT roles FROM staff').get()).toEqual({ roles: '[]' });
  });

  it('keeps older ratings without a boot, and gives new ones a place for it', () => {
    const db = atVersion6();
    migrate(db, 7);
    expect(db.prepare('SELECT boot_id, monotonic_ms FROM ratings WHERE id = ?').get('r-pending')).toEqual({ boot_id: null, monotonic_ms: null });
    db.prepare("UPDATE ratings SET boot_id = 'b1', monotonic_ms = 1234 WHERE id = 'r-pending'").run();
    db.prepare("INSERT INTO clock_anchors VALUES ('b1', 1000, 1764560000000, 1)").run();
    expect(() => db.prepare("INSERT INTO clock_anchors VALUES ('b1', 2000, 1764560000000, 1)").run()).toThrow(/UNIQUE|PRIMARY/);
  });

  it('puts back in the queue the ratings quarantined only for their time, and no other', () => {
    const db = atVersion6();
    migrate(db, 7);
    const rows = db.prepare('SELECT id, quarantined_at AS q, quarantine_reason AS reason FROM ratings ORDER BY seq').all();
    expect(rows).toEqual([
      { id: 'r-sent', q: null, reason: null },
      { id: 'r-pending', q: null, reason: null },
      { id: 'r-too-old', q: null, reason: null },
      { id: 'r-future', q: null, reason: null },
      { id: 'r-unknown-staff', q: 9, reason: 'rejected by the server: staffId: unknown staff st-9' },
    ]);
  });
});
