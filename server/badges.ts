import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { normalizeBadgeCode } from '../shared/badge';
import { hashBadgeCode, keyedBadgeHash, keyedOldBadgeHash, newBadgeKey } from '../shared/node/badge-hash';
import { BADGE_HASH_SCHEME, type UnitBadgeCredentials } from '../shared/protocol';
import { parseDay, vietnamDayStart } from '../shared/reports/periods';
import { crockfordBase32 } from './crockford';
import type { ServerDb } from './db/connect';
import { BADGE_SIGNING_KEY_CONTEXT, unitBadgeKeyContext } from './db/migrations/0032-sealed-badge-keys';
import { HttpError } from './errors';
import type { SecretKeyRing } from './secret-keys';

/**
 * Badges no one can forge (docs/badges.md). An officer's badge code is derived from the officer's
 * id and the badge's issue number with the server's badge signing key: 100 bits of an HMAC,
 * which nobody can guess from a staff number, and which the server can print again at any time
 * without storing a single code. Reissuing a badge moves to the next issue, so the old code stops.
 * Old-format codes (HR's files) keep working until the end of the migration window IT staff set.
 */

/** `NC-` and five groups of four Crockford base32 characters: 100 bits, QR alphanumeric, version 2. */
export const BADGE_CODE_PATTERN_V2 = /^NC(-[0-9A-HJKMNP-TV-Z]{4}){5}$/;
const CODE_CHARACTERS = 20;

/** The code of issue `issue` of an officer's badge. */
export function issuedBadgeCode(signingKey: string, staffId: string, issue: number): string {
  const mac = createHmac('sha256', Buffer.from(signingKey, 'base64url')).update(`nu-cuoi-badge-code-v2\n${staffId}\n${issue}`).digest();
  const characters = crockfordBase32(mac, CODE_CHARACTERS);
  return `NC-${characters.match(/.{4}/g)!.join('-')}`;
}

/**
 * The server's badge signing key, made at first use. Kept in the database sealed with the
 * server's keys, as device secrets are (migration 0032): a copy of the database alone cannot
 * print badges.
 */
export async function badgeSigningKey(db: ServerDb, keys: SecretKeyRing, at: number): Promise<string> {
  const read = () => db.selectFrom('badge_signing_key').select(['sealed_secret', 'secret_key_id']).where('id', '=', 1).executeTakeFirst();
  if (!(await read())) {
    const { keyId, sealed } = keys.seal(newBadgeKey(), BADGE_SIGNING_KEY_CONTEXT);
    await db
      .insertInto('badge_signing_key')
      .values({ id: 1, sealed_secret: sealed, secret_key_id: keyId, created_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  const row = (await read())!;
  return keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, BADGE_SIGNING_KEY_CONTEXT);
}

/** A unit's key for the keyed hashes its kiosks keep, made at first use, sealed like the signing key. */
async function unitBadgeKey(db: ServerDb, keys: SecretKeyRing, unitId: string, at: number): Promise<string> {
  const context = unitBadgeKeyContext(unitId);
  const read = () => db.selectFrom('unit_badge_keys').select(['sealed_secret', 'secret_key_id']).where('unit_id', '=', unitId).executeTakeFirst();
  if (!(await read())) {
    const { keyId, sealed } = keys.seal(newBadgeKey(), context);
    await db
      .insertInto('unit_badge_keys')
      .values({ unit_id: unitId, sealed_secret: sealed, secret_key_id: keyId, created_at: at })
      .onConflict((oc) => oc.column('unit_id').doNothing())
      .execute();
  }
  const row = (await read())!;
  return keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, context);
}

/**
 * Seals again with the ring's current key every badge key sealed with another
 * (`npm run admin -- rotate-device-key`); answers how many were.
 */
export async function resealBadgeKeys(db: ServerDb, keys: SecretKeyRing): Promise<number> {
  const signing = await db.selectFrom('badge_signing_key').select(['sealed_secret', 'secret_key_id']).where('secret_key_id', '!=', keys.currentId).forUpdate().execute();
  for (const row of signing) {
    const { keyId, sealed } = keys.seal(keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, BADGE_SIGNING_KEY_CONTEXT), BADGE_SIGNING_KEY_CONTEXT);
    await db.updateTable('badge_signing_key').set({ sealed_secret: sealed, secret_key_id: keyId }).where('id', '=', 1).execute();
  }
  const units = await db.selectFrom('unit_badge_keys').select(['unit_id', 'sealed_secret', 'secret_key_id']).where('secret_key_id', '!=', keys.currentId).forUpdate().execute();
  for (const row of units) {
    const context = unitBadgeKeyContext(row.unit_id);
    const { keyId, sealed } = keys.seal(keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, context), context);
    await db.updateTable('unit_badge_keys').set({ sealed_secret: sealed, secret_key_id: keyId }).where('unit_id', '=', row.unit_id).execute();
  }
  return signing.length + units.length;
}

/**
 * The end of the migration window, as IT staff set it: the last day (Vietnam time) old-format
 * badges still log in, or null while no end is set. A server setting, kept beside the console's
 * settings (`console_settings`, key `oldBadgesUntil`); `npm run admin -- old-badges-until` sets it.
 */
const OLD_BADGES_UNTIL_KEY = 'oldBadgesUntil';
export const OldBadgesUntilSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((day) => parseDay(day) !== null, 'not a date')
  .nullable();

export async function readOldBadgesUntil(db: ServerDb): Promise<string | null> {
  const row = await db.selectFrom('console_settings').select('value').where('key', '=', OLD_BADGES_UNTIL_KEY).executeTakeFirst();
  const parsed = row ? OldBadgesUntilSchema.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data : null;
}

export async function writeOldBadgesUntil(db: ServerDb, day: string | null, at: number): Promise<string | null> {
  const checked = OldBadgesUntilSchema.safeParse(day);
  if (!checked.success) throw new HttpError(400, 'invalid_day', `not a day (YYYY-MM-DD): ${String(day)}`);
  const value = JSON.stringify(checked.data);
  await db
    .insertInto('console_settings')
    .values({ key: OLD_BADGES_UNTIL_KEY, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
  return checked.data;
}

/** When old-format badges stop working: the start of the day after the last day IT staff set, or null. */
export async function oldBadgesEndAt(db: ServerDb): Promise<number | null> {
  const until = await readOldBadgesUntil(db);
  return until === null ? null : vietnamDayStart(parseDay(until)! + 1);
}

export interface StaffBadgeRow {
  id: string;
  old_badge_hash: string | null;
  badge_issue: number;
}

/**
 * What a unit's kiosks are told about its staff's badges: keyed hashes under the unit's key
 * (scheme v2), and for kiosks that predate it one scheme v1 hash per officer — of the old-format
 * code while the window is open and there is one, else of the current code.
 */
export async function unitBadgeCredentials(
  db: ServerDb,
  keys: SecretKeyRing,
  unitId: string,
  staff: StaffBadgeRow[],
  at: number,
): Promise<{ credentials: UnitBadgeCredentials; schemeV1Hashes: Map<string, string> }> {
  const [signingKey, key, endAt] = await Promise.all([badgeSigningKey(db, keys, at), unitBadgeKey(db, keys, unitId, at), oldBadgesEndAt(db)]);
  const windowOpen = endAt === null || at < endAt;
  const schemeV1Hashes = new Map<string, string>();
  const credentials: UnitBadgeCredentials = {
    scheme: BADGE_HASH_SCHEME,
    unitId,
    key,
    oldBadgesEndAt: endAt,
    staff: staff.map((member) => {
      const code = issuedBadgeCode(signingKey, member.id, member.badge_issue);
      schemeV1Hashes.set(member.id, windowOpen && member.old_badge_hash ? member.old_badge_hash : hashBadgeCode(code));
      return {
        staffId: member.id,
        badgeHash: keyedBadgeHash(key, code),
        ...(member.old_badge_hash ? { oldBadgeHash: keyedOldBadgeHash(key, member.old_badge_hash) } : {}),
      };
    }),
  };
  return { credentials, schemeV1Hashes };
}

export interface IssuedBadge {
  staffId: string;
  fullName: string;
  title: string;
  active: boolean;
  issue: number;
  code: string;
}

/** The current badges of a unit's staff (or of the officers named), for printing (`npm run badges`). */
export async function currentBadges(db: ServerDb, keys: SecretKeyRing, unitId: string, staffIds: string[] | null, at: number): Promise<{ unitName: string; badges: IssuedBadge[] }> {
  const unit = await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new HttpError(404, 'unknown_unit', `unknown unit ${unitId}`);
  let query = db.selectFrom('staff').select(['id', 'full_name', 'title', 'active', 'badge_issue']).where('unit_id', '=', unitId).orderBy('id');
  if (staffIds !== null) query = query.where('id', 'in', staffIds.length > 0 ? staffIds : ['']);
  const rows = await query.execute();
  if (staffIds !== null) {
    const missing = staffIds.filter((id) => !rows.some((row) => row.id === id));
    if (missing.length > 0) throw new HttpError(404, 'unknown_staff', `no staff of unit ${unitId}: ${missing.join(', ')}`);
  }
  const signingKey = await badgeSigningKey(db, keys, at);
  return {
    unitName: unit.name,
    badges: rows.map((row) => ({
      staffId: row.id,
      fullName: row.full_name,
      title: row.title,
      active: row.active,
      issue: row.badge_issue,
      code: normalizeBadgeCode(issuedBadgeCode(signingKey, row.id, row.badge_issue)),
    })),
  };
}

/**
 * A new badge for an officer (lost, stolen, or handed out to someone else): the next issue, whose
 * code is new; the previous code and any old-format code stop at every kiosk of the unit at its
 * next roster pull. Answers the new badge, to print.
 */
export async function reissueBadge(db: ServerDb, keys: SecretKeyRing, staffId: string, at: number): Promise<IssuedBadge> {
  const row = await db
    .updateTable('staff')
    // A PIN set at a kiosk may have been set with the badge now replaced (stolen): it is cleared,
    // dated now, so kiosks drop it at their next roster pull; a PIN the console set stays.
    .set((eb) => ({
      badge_issue: eb('badge_issue', '+', 1),
      old_badge_hash: null,
      pin_hash: eb.case().when('pin_set_by_device', 'is not', null).then(sql<string | null>`NULL`).else(eb.ref('pin_hash')).end(),
      pin_set_at: eb.case().when('pin_set_by_device', 'is not', null).then(at).else(eb.ref('pin_set_at')).end(),
      pin_set_by_device: null,
    }))
    .where('id', '=', staffId)
    .returning(['id', 'full_name', 'title', 'active', 'badge_issue'])
    .executeTakeFirst();
  if (!row) throw new HttpError(404, 'unknown_staff', `no staff member ${staffId}`);
  const signingKey = await badgeSigningKey(db, keys, at);
  return { staffId: row.id, fullName: row.full_name, title: row.title, active: row.active, issue: row.badge_issue, code: issuedBadgeCode(signingKey, row.id, row.badge_issue) };
}
