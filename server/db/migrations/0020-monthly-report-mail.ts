import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Monthly reports by e-mail (docs/evaluation.md): the province's SMTP relay (one row), the public
 * holidays the schedule skips besides weekends, who subscribed (one address per console account),
 * and one row per account and month sent — claimed before the message leaves, marked after — so a
 * restart neither skips nor repeats a month.
 */
export const monthlyReportMail: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE mail_relay (
        id integer PRIMARY KEY CHECK (id = 1),
        host text NOT NULL,
        port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        security text NOT NULL CHECK (security IN ('starttls', 'tls', 'none')),
        username text,
        password text,
        from_address text NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE TABLE public_holidays (
        day text PRIMARY KEY,
        name text NOT NULL
      )`,
      `CREATE TABLE report_subscriptions (
        user_id text PRIMARY KEY REFERENCES console_users (id) ON DELETE CASCADE,
        email text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE TABLE monthly_report_sends (
        user_id text NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
        month text NOT NULL,
        email text NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'uncertain')),
        attempts integer NOT NULL,
        claimed_at bigint NOT NULL,
        next_attempt_at bigint,
        sent_at bigint,
        last_error text,
        PRIMARY KEY (user_id, month)
      )`,
      `CREATE INDEX monthly_report_sends_status ON monthly_report_sends (status, next_attempt_at)`,
    ]);
  },
};
