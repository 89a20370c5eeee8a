import { keyedOldBadgeHash, newBadgeKey } from '../../../../shared/node/badge-hash';
import type { Migration } from './types';

/**
 * Badges no one can forge (issue 13, finding 4): the kiosk keeps badge credentials only as hashes
 * keyed with its unit's key (scheme v2, docs/protocol.md), so a stolen database does not give the
 * codes and a hash from one unit is useless in another; and wrong PINs are throttled per officer,
 * with growing waits, instead of locking the whole counter.
 *
 * The unkeyed scheme v1 hashes already here become old-format badges keyed under a key made now
 * for their unit (the server's key replaces it at the next roster pull), so an upgraded kiosk
 * that is offline still logs its officers in.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'badge-keys',
  up(db) {
    db.exec(`
      CREATE TABLE badge_keys (
        unit_id TEXT PRIMARY KEY,
        key TEXT NOT NULL,              -- 32 bytes, base64url: keys the unit's badge hashes
        old_badges_end_at INTEGER,      -- old-format badges are refused from then on (UTC ms); NULL: no end set
        updated_at INTEGER NOT NULL
      ) STRICT;

      ALTER TABLE staff ADD COLUMN badge_hmac TEXT;      -- keyed hash of the current badge's code
      ALTER TABLE staff ADD COLUMN old_badge_hmac TEXT;  -- keyed hash of the old-format code's v1 hash
      CREATE UNIQUE INDEX staff_badge_hmac ON staff(unit_id, badge_hmac);
      CREATE INDEX staff_old_badge_hmac ON staff(unit_id, old_badge_hmac);

      CREATE TABLE pin_failures (
        staff_id TEXT PRIMARY KEY,
        in_a_row INTEGER NOT NULL,      -- wrong PINs since the last right one
        last_at INTEGER NOT NULL
      ) STRICT;
    `);
    const now = Date.now();
    const unkeyed = db.prepare('SELECT id, unit_id AS unitId, badge_hash AS v1 FROM staff WHERE badge_hash IS NOT NULL').all() as {
      id: string;
      unitId: string;
      v1: string;
    }[];
    const keys = new Map<string, string>();
    const insertKey = db.prepare('INSERT INTO badge_keys (unit_id, key, old_badges_end_at, updated_at) VALUES (?, ?, NULL, ?)');
    const keyStaff = db.prepare('UPDATE staff SET old_badge_hmac = ?, badge_hash = NULL WHERE id = ?');
    for (const { id, unitId, v1 } of unkeyed) {
      let key = keys.get(unitId);
      if (!key) {
        key = newBadgeKey();
        keys.set(unitId, key);
        insertKey.run(unitId, key, now);
      }
      keyStaff.run(keyedOldBadgeHash(key, v1), id);
    }
  },
};
