import type { z } from 'zod';
import type { AuditEntry, AuditQuerySchema, ConsoleUser } from '../../shared/console/api';
import type { AuditAction } from '../../shared/console/constants';
import { parseDay, vietnamDayStart } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';

/**
 * What the console audits is listed once, in the contract (AUDIT_ACTIONS). Details hold the scope
 * (unit, period, filters) — never a comment's text, a password or a token.
 */
export type { AuditAction };

export interface AuditRecord {
  actor: Pick<ConsoleUser, 'id' | 'login' | 'role'> | null;
  action: AuditAction;
  details: Record<string, unknown>;
  address: string | null;
  at: number;
}

export async function writeAudit(db: ServerDb, record: AuditRecord): Promise<void> {
  await db
    .insertInto('console_audit')
    .values({
      at: record.at,
      user_id: record.actor?.id ?? null,
      login: record.actor?.login ?? null,
      role: record.actor?.role ?? null,
      action: record.action,
      details: JSON.stringify(record.details),
      address: record.address,
    })
    .execute();
}

export async function listAudit(db: ServerDb, query: z.output<typeof AuditQuerySchema>): Promise<{ items: AuditEntry[]; total: number }> {
  let base = db.selectFrom('console_audit');
  const from = query.from ? parseDay(query.from) : null;
  const to = query.to ? parseDay(query.to) : null;
  if (from !== null) base = base.where('at', '>=', vietnamDayStart(from));
  if (to !== null) base = base.where('at', '<', vietnamDayStart(to + 1));
  if (query.action) base = base.where('action', '=', query.action);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return {
    total: Number(total),
    items: rows.map((row) => ({
      id: Number(row.id),
      at: row.at,
      login: row.login,
      role: row.role,
      action: row.action,
      details: JSON.parse(row.details) as Record<string, unknown>,
      address: row.address,
    })),
  };
}
