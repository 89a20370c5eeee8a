import type { Database } from 'better-sqlite3';
import { statement } from './db/statements';

/** Appends one administrative action to the audit log. Call inside the transaction of the action itself. */
export function audit(db: Database, at: number, actor: string, action: string, details: Record<string, unknown> = {}): void {
  statement(db, 'INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)').run(
    at,
    actor,
    action,
    JSON.stringify(details),
  );
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export function recentAudit(db: Database, limit = 100): AuditEntry[] {
  const rows = db
    .prepare('SELECT id, at, actor, action, details FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit) as (Omit<AuditEntry, 'details'> & { details: string })[];
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
