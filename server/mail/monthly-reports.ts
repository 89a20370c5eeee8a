/**
 * Monthly reports by e-mail. On the first working day of each month (Vietnam time; weekends and
 * the listed public holidays skipped) the server sends each subscriber the previous month's
 * evaluation report of their scope as a PDF, through the province's relay (relay.ts).
 *
 * Exactly once per account and month, across restarts: a send is claimed in the database (a row
 * `sending`, inserted only if none exists) before the message leaves, and marked `sent` after the
 * relay accepted it. A send that fails (refused, timed out, no relay, PDF not made) is `failed` and
 * retried with growing delays, at most MAX_ATTEMPTS times; an administrator can ask for another
 * try. A claim still `sending` after SEND_LEASE_MS means the server stopped between the claim and
 * the mark: the message may or may not have left, so it is marked `uncertain` and never resent by
 * itself (a duplicate report is worse than a late one; the console shows it and an administrator
 * decides).
 */
import type { ConsoleUser } from '../../shared/console/api';
import type { MonthlySend } from '../../shared/console/monthly-reports';
import { monthKeyOf, parseDay, vietnamDayOf, type Period } from '../../shared/reports/periods';
import { findAccount, toConsoleUser } from '../console/accounts';
import type { ServerDb } from '../db/connect';
import { auditEvaluationExport, evaluationFile, type EvaluationFileRequest } from '../evaluation/export';
import { describeError } from '../log-safe';
import { monthlySubject, monthlyText } from './monthly-message';
import type { SecretKeyRing } from '../secret-keys';
import { DEFAULT_MAIL_TIMEOUTS, readRelay, sendThroughRelay, type MailTimeouts, type OutgoingMail, type RelaySettings } from './relay';
import { addMonths, firstWorkingDay } from './working-days';

/** Tries of one send before it waits for an administrator. */
export const MAX_ATTEMPTS = 6;
/** Waits after the 1st, 2nd… failed try. */
export const RETRY_DELAYS_MS = [5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 3_600_000, 6 * 3_600_000] as const;
/** Longer than any send can take (the PDF's and the relay's time limits together). */
export const SEND_LEASE_MS = 15 * 60_000;
/** Months a subscriber is still sent after the server was stopped through their first working day. */
export const CATCH_UP_MONTHS = 3;

export interface MonthlyReportOptions {
  now: () => number;
  /** The server's keys: the relay's password is sealed with them. */
  keys: SecretKeyRing;
  timeouts?: MailTimeouts;
  /** Replaces the relay (tests). */
  send?: (relay: RelaySettings, mail: OutgoingMail, timeouts: MailTimeouts) => Promise<string>;
}

export interface MonthlyRunSummary {
  sent: number;
  failed: number;
  markedUncertain: number;
}

/** The month whose report is due on `dayNumber`: last month from its first working day on, else the month before. */
export function latestDueMonth(dayNumber: number, holidays: ReadonlySet<string>): string {
  const month = monthKeyOf(dayNumber);
  return dayNumber >= firstWorkingDay(month, holidays) ? addMonths(month, -1) : addMonths(month, -2);
}

function monthPeriod(month: string): Period {
  const from = `${month}-01`;
  const next = parseDay(`${addMonths(month, 1)}-01`)!;
  const last = new Date((next - 1) * 86_400_000).toISOString().slice(0, 10);
  return { kind: 'month', from, to: last };
}

function retryDelay(attempts: number): number {
  return RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1]!;
}

/** Why a send failed, for the console: the relay's own words, never the message. */
function describeFailure(error: unknown): string {
  const e = error as Error & { code?: string; responseCode?: number; response?: string };
  const text = e.response ?? e.message ?? String(error);
  return `${e.code ? `${e.code}: ` : ''}${text}`.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * One pass of the schedule: claims and sends what is due and retries what failed. Called every
 * minute by the server (startMonthlyReports) and directly by tests with their own clock.
 */
export async function runMonthlyReports(db: ServerDb, options: MonthlyReportOptions): Promise<MonthlyRunSummary> {
  const now = options.now();
  const summary: MonthlyRunSummary = { sent: 0, failed: 0, markedUncertain: 0 };
  const stale = await db
    .updateTable('monthly_report_sends')
    .set({ status: 'uncertain', last_error: 'the server stopped while sending: the message may have left; not resent by itself' })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', now - SEND_LEASE_MS)
    .executeTakeFirst();
  summary.markedUncertain = Number(stale.numUpdatedRows ?? 0);

  const holidays = new Set((await db.selectFrom('public_holidays').select('day').execute()).map((h) => h.day));
  const due = latestDueMonth(vietnamDayOf(now), holidays);
  const subscriptions = await db.selectFrom('report_subscriptions').selectAll().orderBy('created_at').orderBy('user_id').execute();
  for (const subscription of subscriptions) {
    const first = monthKeyOf(vietnamDayOf(subscription.created_at));
    for (let offset = CATCH_UP_MONTHS - 1; offset >= 0; offset -= 1) {
      const month = addMonths(due, -offset);
      if (month < first) continue;
      // The claim: one row per account and month, whoever inserts it sends it.
      const claimed = await db
        .insertInto('monthly_report_sends')
        .values({ user_id: subscription.user_id, month, email: subscription.email, status: 'sending', attempts: 1, claimed_at: now, next_attempt_at: null, sent_at: null, last_error: null })
        .onConflict((oc) => oc.columns(['user_id', 'month']).doNothing())
        .returning('month')
        .executeTakeFirst();
      if (claimed) await deliver(db, options, subscription.user_id, month, subscription.email, 1, summary);
    }
  }

  const retries = await db
    .selectFrom('monthly_report_sends')
    .selectAll()
    .where('status', '=', 'failed')
    .where('next_attempt_at', 'is not', null)
    .where('next_attempt_at', '<=', now)
    .execute();
  for (const send of retries) {
    const claimed = await db
      .updateTable('monthly_report_sends')
      .set({ status: 'sending', attempts: send.attempts + 1, claimed_at: now, next_attempt_at: null })
      .where('user_id', '=', send.user_id)
      .where('month', '=', send.month)
      .where('status', '=', 'failed')
      .where('attempts', '=', send.attempts)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows ?? 0) === 1) await deliver(db, options, send.user_id, send.month, send.email, send.attempts + 1, summary);
  }
  return summary;
}

/** Makes the report and sends it for a claimed row, then marks the row; failures are recorded, not thrown. */
async function deliver(db: ServerDb, options: MonthlyReportOptions, userId: string, month: string, email: string, attempt: number, summary: MonthlyRunSummary): Promise<void> {
  const now = options.now();
  let sent: { user: ConsoleUser; request: EvaluationFileRequest; bytes: number };
  try {
    const relay = await readRelay(db, options.keys);
    if (!relay) throw new Error('no SMTP relay is configured (console: Monthly reports, administrators)');
    const account = await findAccount(db, userId);
    if (!account || account.disabled) throw new Error('the account is disabled or gone');
    const user: ConsoleUser = toConsoleUser(account);
    const request: EvaluationFileRequest = { unitId: user.role === 'unit_head' ? user.unitId : null, period: monthPeriod(month), format: 'pdf', now };
    const file = await evaluationFile(db, user, request);
    await (options.send ?? sendThroughRelay)(
      relay,
      {
        to: email,
        subject: monthlySubject(file.report),
        text: monthlyText(file.report, user.displayName),
        attachments: [{ filename: file.fileName, content: file.bytes, contentType: file.contentType }],
      },
      options.timeouts ?? DEFAULT_MAIL_TIMEOUTS,
    );
    sent = { user, request, bytes: file.bytes.length };
  } catch (error) {
    // Nothing left: the relay refused, timed out or was never reached — safe to try again later.
    const giveUp = attempt >= MAX_ATTEMPTS;
    await db
      .updateTable('monthly_report_sends')
      .set({ status: 'failed', last_error: describeFailure(error), next_attempt_at: giveUp ? null : options.now() + retryDelay(attempt) })
      .where('user_id', '=', userId)
      .where('month', '=', month)
      .execute();
    summary.failed += 1;
    return;
  }
  // The relay accepted the message: from here on nothing may make it look unsent. If this mark
  // fails, the claim stays `sending` and turns `uncertain` after the lease — never a second copy.
  await db.updateTable('monthly_report_sends').set({ status: 'sent', sent_at: options.now(), last_error: null }).where('user_id', '=', userId).where('month', '=', month).execute();
  summary.sent += 1;
  await auditEvaluationExport(db, { actor: sent.user, via: 'monthly e-mail', request: sent.request, bytes: sent.bytes, address: null, recipient: email }).catch((error: unknown) =>
    console.error(`[monthly reports] audit of a sent report failed: ${describeError(error)}`),
  );
}

/** Runs the schedule every `intervalMs` (one pass at a time) until stopped. */
export function startMonthlyReports(db: ServerDb, options: MonthlyReportOptions & { intervalMs?: number; onError?: (error: unknown) => void }): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = runMonthlyReports(db, options).catch((error: unknown) => (options.onError ?? ((e) => console.error(`[monthly reports] ${describeError(e)}`)))(error));
  };
  const timer = setInterval(() => {
    if (!stopped) void running.then(tick);
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

// ------------------------------------------------------------------ subscriptions and the console

export async function subscribe(db: ServerDb, userId: string, email: string, now: number): Promise<void> {
  await db
    .insertInto('report_subscriptions')
    .values({ user_id: userId, email, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email, updated_at: now }))
    .execute();
}

export async function unsubscribe(db: ServerDb, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('report_subscriptions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listSends(db: ServerDb, userId: string | null, limit = 200): Promise<MonthlySend[]> {
  let query = db
    .selectFrom('monthly_report_sends as s')
    .innerJoin('console_users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 'u.login', 's.month', 's.email', 's.status', 's.attempts', 's.claimed_at', 's.next_attempt_at', 's.sent_at', 's.last_error'])
    .orderBy('s.month', 'desc')
    .orderBy('u.login')
    .limit(limit);
  if (userId !== null) query = query.where('s.user_id', '=', userId);
  const rows = await query.execute();
  return rows.map((r) => ({
    userId: r.user_id,
    login: r.login,
    month: r.month,
    email: r.email,
    status: r.status,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    lastError: r.last_error,
  }));
}

/** An administrator's "try again" for a failed or uncertain send: due at once, its tries counted afresh. False when there is no such send to retry. */
export async function retrySend(db: ServerDb, userId: string, month: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('monthly_report_sends')
    .set({ status: 'failed', attempts: 0, next_attempt_at: now, last_error: null })
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('status', 'in', ['failed', 'uncertain'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}
