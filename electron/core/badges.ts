import type { Database } from 'better-sqlite3';
import { hashBadgeCode, keyedBadgeHash, keyedOldBadgeHash, newBadgeKey } from '../../shared/node/badge-hash';
import type { UnitBadgeCredentials } from '../../shared/protocol';
import { statement } from './db/statements';
import { readDeviceState } from './device-state';

/**
 * The kiosk's badge credentials (scheme v2, docs/protocol.md "Badge credentials"): only hashes
 * keyed with the unit's key (table badge_keys), never a code and never an unkeyed hash. A stolen
 * database thus gives no current code (100 bits each, docs/badges.md), and a hash copied from one
 * unit matches nothing at another. Old-format codes are kept keyed too, and refused after the end
 * of the migration window the server sets.
 */

interface UnitKey {
  unitId: string;
  key: string;
  oldBadgesEndAt: number | null;
}

/** The unit's key, made here when the kiosk has none (a roster from a file, or from a server before scheme v2). */
export function unitBadgeKey(db: Database, unitId: string, now: number): string {
  const existing = statement(db, 'SELECT key FROM badge_keys WHERE unit_id = ?').get(unitId) as { key: string } | undefined;
  if (existing) return existing.key;
  const key = newBadgeKey();
  statement(db, 'INSERT INTO badge_keys (unit_id, key, old_badges_end_at, updated_at) VALUES (?, ?, NULL, ?)').run(unitId, key, now);
  return key;
}

/**
 * An officer's old-format credential from a roster file (`badgeCode`) or from a server before
 * scheme v2 (`badgeHash`, scheme v1), keyed under the unit's key; null when there is none.
 */
export function keyedOldFormatCredential(db: Database, unitId: string, member: { badgeCode?: string; badgeHash?: string }, now: number): string | null {
  const v1 = member.badgeHash ?? (member.badgeCode ? hashBadgeCode(member.badgeCode) : null);
  return v1 === null ? null : keyedOldBadgeHash(unitBadgeKey(db, unitId, now), v1);
}

/**
 * The server's badge credentials for a unit replace everything the kiosk had for it: the key,
 * the end of the migration window, and every officer's keyed hashes. A badge the server no
 * longer lists (reissued) stops here and now. Runs inside the roster's transaction.
 *
 * Officers in `leftOut` (their roster row could not be applied, e.g. two of them were sent the
 * same badge) keep what they had, unless a badge they had now belongs to someone else: a badge that
 * names two people logs in neither of the new ones. Answers the officers whose credentials could
 * not be stored (kept out, not the whole roster).
 */
export function applyUnitBadgeCredentials(db: Database, credentials: UnitBadgeCredentials, now: number, leftOut: ReadonlySet<string> = new Set()): string[] {
  statement(
    db,
    `INSERT INTO badge_keys (unit_id, key, old_badges_end_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (unit_id) DO UPDATE SET key = excluded.key, old_badges_end_at = excluded.old_badges_end_at, updated_at = excluded.updated_at`,
  ).run(credentials.unitId, credentials.key, credentials.oldBadgesEndAt, now);
  const keptOut = JSON.stringify([...leftOut]);
  statement(
    db,
    `UPDATE staff SET badge_hmac = NULL, old_badge_hmac = NULL, badge_hash = NULL
     WHERE unit_id = ? AND id NOT IN (SELECT value FROM json_each(?))`,
  ).run(credentials.unitId, keptOut);
  const applied = credentials.staff.filter((member) => !leftOut.has(member.staffId));
  if (leftOut.size > 0) {
    const taken = JSON.stringify(applied.flatMap((member) => [member.badgeHash, ...(member.oldBadgeHash ? [member.oldBadgeHash] : [])]));
    statement(db, `UPDATE staff SET badge_hmac = NULL WHERE unit_id = ? AND badge_hmac IN (SELECT value FROM json_each(?))`).run(credentials.unitId, taken);
    statement(db, `UPDATE staff SET old_badge_hmac = NULL WHERE unit_id = ? AND old_badge_hmac IN (SELECT value FROM json_each(?))`).run(credentials.unitId, taken);
  }
  const set = statement(db, 'UPDATE staff SET badge_hmac = ?, old_badge_hmac = ? WHERE id = ? AND unit_id = ?');
  // Each in its own savepoint: one that cannot be stored is left out, not the roster.
  const setOne = db.transaction((member: UnitBadgeCredentials['staff'][number]) => set.run(member.badgeHash, member.oldBadgeHash ?? null, member.staffId, credentials.unitId));
  const failed: string[] = [];
  for (const member of applied) {
    try {
      setOne(member);
    } catch {
      failed.push(member.staffId);
    }
  }
  return failed;
}

export interface BadgeHolder {
  staffId: string;
  /** `current`: a badge the server issued; `old`: an old-format code, accepted only during the window. */
  format: 'current' | 'old';
  /** When old-format badges of the holder's unit stop working; null when no end is set. */
  oldBadgesEndAt: number | null;
}

/**
 * Who holds the badge with this code (normalised, in the badge format), or null. The code is
 * hashed under each unit key the kiosk has (one, on a kiosk of one unit) and only matched against
 * that unit's staff: a hash is never compared across units.
 */
export function findBadgeHolder(db: Database, code: string): BadgeHolder | null {
  const v1 = hashBadgeCode(code);
  const keys = statement(db, 'SELECT unit_id AS unitId, key, old_badges_end_at AS oldBadgesEndAt FROM badge_keys ORDER BY unit_id').all() as UnitKey[];
  const match = statement(
    db,
    `SELECT id, badge_hmac = @current AS isCurrent FROM staff
     WHERE unit_id = @unitId AND (badge_hmac = @current OR old_badge_hmac = @old)
     ORDER BY isCurrent DESC LIMIT 1`,
  );
  for (const { unitId, key, oldBadgesEndAt } of keys) {
    const row = match.get({ unitId, current: keyedBadgeHash(key, code), old: keyedOldBadgeHash(key, v1) }) as
      | { id: string; isCurrent: number }
      | undefined;
    if (row) return { staffId: row.id, format: row.isCurrent === 1 ? 'current' : 'old', oldBadgesEndAt };
  }
  return null;
}

/**
 * True when this is an old-format badge and its window has ended, by the kiosk's clock corrected
 * with its offset to the server's (a kiosk whose clock was set back must not reopen the window).
 */
export function isExpiredOldBadge(db: Database, holder: BadgeHolder, now: number): boolean {
  if (holder.format !== 'old' || holder.oldBadgesEndAt === null) return false;
  const offset = readDeviceState(db)?.clockOffsetMs ?? 0;
  return now + offset >= holder.oldBadgesEndAt;
}
