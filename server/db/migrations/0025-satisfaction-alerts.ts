import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Alerts on what citizens say (docs/integrity.md "Alerts"): a counter's or an officer's share of
 * "Không hài lòng" above a threshold over a rolling window, or a sudden drop of its satisfaction
 * rate against its own usual. One open alert per kind and subject at most (a unique index), so an
 * alert is not repeated while it lasts; it ends when the figure recovers. Mailed once.
 */
export const satisfactionAlerts: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE satisfaction_alerts (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('negative_share', 'sudden_drop')),
        subject_kind text NOT NULL CHECK (subject_kind IN ('counter', 'staff')),
        subject_id text NOT NULL,
        unit_id text NOT NULL,
        started_at bigint NOT NULL,
        ended_at bigint,
        detail text NOT NULL,
        mailed_at bigint,
        mail_error text
      )`,
      `CREATE UNIQUE INDEX satisfaction_alerts_open ON satisfaction_alerts (kind, subject_kind, subject_id) WHERE ended_at IS NULL`,
      `CREATE INDEX satisfaction_alerts_unit ON satisfaction_alerts (unit_id, started_at)`,
    ]);
  },
};
