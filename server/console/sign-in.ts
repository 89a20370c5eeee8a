import type { ServerDb } from '../db/connect';
import { RateLimiter } from '../rate-limit';
import { credentialsOf, findAccount } from './accounts';
import { ConsoleError } from './errors';
import { verifyPassword } from './passwords';
import { createSession, type NewSession } from './sessions';
import type { Account } from '../../shared/console/api';

/** Wrong passwords an account may take in a row before it is locked… */
export const FAILURES_BEFORE_LOCK = 5;
/** …for a minute, doubling with each further failure, at most this long. */
export const MAX_LOCK_MS = 15 * 60_000;

export function lockDuration(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  return Math.min(MAX_LOCK_MS, 60_000 * 2 ** (failures - FAILURES_BEFORE_LOCK));
}

/**
 * Failed sign-ins per client address: 10 at once, then one more every 30 s. Together with the
 * per-account lock, guessing is slow both for one account from many places and for many
 * accounts from one place. Successful sign-ins take nothing.
 */
export function addressThrottle(now: () => number): RateLimiter {
  return new RateLimiter(10, 1 / 30, now);
}

export interface SignInAttempt {
  login: string;
  password: string;
  address: string;
}

export type SignInOutcome =
  | { ok: true; account: Account; session: NewSession }
  | { ok: false; error: ConsoleError; accountId: string | null };

/**
 * Checks a login and password and opens a session. Every refusal says the same for an unknown
 * login and a wrong password (and takes as long), so logins cannot be guessed from the answer.
 */
export async function signIn(db: ServerDb, throttle: RateLimiter, attempt: SignInAttempt, now: number): Promise<SignInOutcome> {
  const waitMs = throttle.wait(attempt.address);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    return { ok: false, accountId: null, error: new ConsoleError(429, 'too_many_attempts', { seconds }, undefined, { 'retry-after': String(seconds) }) };
  }
  const row = await credentialsOf(db, attempt.login);
  if (row && row.locked_until !== null && row.locked_until > now) {
    const minutes = Math.max(1, Math.ceil((row.locked_until - now) / 60_000));
    return { ok: false, accountId: row.id, error: new ConsoleError(429, 'account_locked', { minutes }) };
  }
  const matches = await verifyPassword(attempt.password, row?.password_hash ?? null);
  if (!row || !matches || row.disabled_at !== null) {
    throttle.take(attempt.address);
    if (row && row.disabled_at === null) {
      const failures = row.failed_logins + 1;
      const lock = lockDuration(failures);
      await db
        .updateTable('console_users')
        .set({ failed_logins: failures, locked_until: lock > 0 ? now + lock : null })
        .where('id', '=', row.id)
        .execute();
    }
    return { ok: false, accountId: row?.id ?? null, error: new ConsoleError(401, 'wrong_credentials') };
  }
  await db.updateTable('console_users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', row.id).execute();
  const session = await createSession(db, row.id, attempt.address, now);
  return { ok: true, account: (await findAccount(db, row.id))!, session };
}
