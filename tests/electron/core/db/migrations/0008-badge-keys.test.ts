import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findBadgeHolder } from '../../../../../electron/core/badges';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';
import { hashBadgeCode } from '../../../../../shared/node/badge-hash';

describe('migration 0008-badge-keys', () => {
  it('keys the unkeyed badge hashes it finds under a key made for their unit, so an offline kiosk still logs its officers in', () => {
    const db = new Database(':memory:');
    migrate(db, 6);
    db.exec(`
      INSERT INTO units VALUES ('u1', 'Unit 1', 'commune'), ('u2', 'Unit 2', 'commune');
      INSERT INTO staff (id, unit_id, full_name, name_key, title, badge_hash, active) VALUES
        ('st-1', 'u1', 'A', 'a', '', '${hashBadgeCode('BG-26-000001')}', 1),
        ('st-2', 'u1', 'B', 'b', '', NULL, 1),
        ('st-3', 'u2', 'C', 'c', '', '${hashBadgeCode('BG-26-000003')}', 1);
    `);
    migrate(db, 8);
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT count(*) AS n FROM staff WHERE badge_hash IS NOT NULL').get()).toEqual({ n: 0 });
    const keys = db.prepare('SELECT unit_id AS unitId, key, old_badges_end_at AS endAt FROM badge_keys ORDER BY unit_id').all() as { unitId: string; key: string; endAt: null }[];
    expect(keys.map((k) => [k.unitId, k.endAt])).toEqual([['u1', null], ['u2', null]]);
    expect(keys[0]!.key).not.toBe(keys[1]!.key);
    expect(findBadgeHolder(db, 'BG-26-000001')).toEqual({ staffId: 'st-1', format: 'old', oldBadgesEndAt: null });
    expect(findBadgeHolder(db, 'BG-26-000003')).toMatchObject({ staffId: 'st-3' });
    expect(findBadgeHolder(db, 'BG-26-000002')).toBeNull();
  });

  it('keeps one current badge per unit, and one wrong-PIN count per officer', () => {
    const db = new Database(':memory:');
    migrate(db, 8);
    db.exec(`
      INSERT INTO units VALUES ('u1', 'Unit 1', 'commune');
      INSERT INTO staff (id, unit_id, full_name, name_key, title, badge_hmac, active) VALUES ('st-1', 'u1', 'A', 'a', '', 'h', 1);
      INSERT INTO pin_failures VALUES ('st-1', 3, 5);
    `);
    expect(() => db.exec(`INSERT INTO staff (id, unit_id, full_name, name_key, title, badge_hmac, active) VALUES ('st-2', 'u1', 'B', 'b', '', 'h', 1)`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO pin_failures VALUES ('st-1', 1, 6)`)).toThrow(/UNIQUE|PRIMARY/);
  });
});
