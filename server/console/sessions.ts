import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerDb } from '../db/connect';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60_000;
/** …and at the latest this long after sign-in, whatever happens. */
export const SESSION_MAX_MS = 12 * 3_600_000;
/** last_seen_at is written at most this often (one write per request would be wasteful). */
const TOUCH_EVERY_MS = 60_000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  /** The cookie's value: 256 random bits, known only to the browser; the table keeps its hash. */
  token: string;
  csrfToken: string;
  expiresAt: number;
}

export async function createSession(db: ServerDb, userId: string, address: string | null, now: number): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = Math.min(now + SESSION_IDLE_MS, now + SESSION_MAX_MS);
  await db
    .insertInto('console_sessions')
    .values({ token_hash: tokenHash(token), user_id: userId, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: expiresAt, address })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface OpenSession {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

/**
 * The session a cookie names, sliding its idle expiry forward; 'expired' when it existed but ran
 * out (it is deleted then), null when there is none. A disabled account has no session.
 */
export async function readSession(db: ServerDb, token: string, now: number): Promise<OpenSession | 'expired' | null> {
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('console_users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.csrf_token', 's.created_at', 's.last_seen_at', 's.expires_at', 'u.disabled_at'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now || row.disabled_at !== null) {
    await db.deleteFrom('console_sessions').where('token_hash', '=', hash).execute();
    return 'expired';
  }
  let expiresAt = row.expires_at;
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) {
    expiresAt = Math.min(now + SESSION_IDLE_MS, row.created_at + SESSION_MAX_MS);
    await db.updateTable('console_sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', hash).execute();
  }
  return { tokenHash: hash, userId: row.user_id, csrfToken: row.csrf_token, expiresAt };
}

export async function endSession(db: ServerDb, hash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', hash).execute();
}

/** Sessions that ran out are deleted now and then, so the table does not grow for ever. */
export async function deleteExpiredSessions(db: ServerDb, now: number): Promise<number> {
  const result = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Constant-time comparison of the CSRF token a request carries with its session's. */
export function csrfMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
