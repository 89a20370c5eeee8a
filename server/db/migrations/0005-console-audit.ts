import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * The console's audit log: every sign-in, every view of comments, every export and every change
 * of an account or a setting (who, what scope, when). Rows are only ever added.
 */
export const consoleAudit: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE console_audit (
        id bigserial PRIMARY KEY,
        at bigint NOT NULL,
        user_id text,
        login text,
        role text,
        action text NOT NULL,
        details text NOT NULL,
        address text
      )`,
      'CREATE INDEX console_audit_at ON console_audit (at)',
      'CREATE INDEX console_audit_action_at ON console_audit (action, at)',
    ]);
  },
};
