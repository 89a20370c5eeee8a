/**
 * Commands IT staff send to kiosks (docs/fleet.md): queued here, handed to the kiosk in each
 * heartbeat's answer until it reports what became of them (the kiosk carries each out once, by
 * id), and ending done, failed or expired. A retired kiosk takes none.
 */
import type { CommandResult, KioskCommand, KioskCommandKind } from '../../shared/fleet';
import { uuidv7 } from '../../shared/uuid';
import type { ServerDb } from '../db/connect';

/** A command not picked up (or not reported) within this time ends as expired. */
export const COMMAND_TTL_MS = 60 * 60_000;

export type CommandState = 'queued' | 'delivered' | 'done' | 'failed' | 'expired';

export interface CommandView {
  id: string;
  deviceId: string;
  kind: string;
  createdAt: number;
  createdBy: string | null;
  state: CommandState;
  deliveredAt: number | null;
  finishedAt: number | null;
  error: string | null;
  diagnostics: unknown;
}

/** Queues one command per kiosk, all or none; the caller has checked that none is retired. */
export async function queueCommands(db: ServerDb, deviceIds: string[], kind: KioskCommandKind, createdBy: string, at: number): Promise<string[]> {
  const rows = deviceIds.map((deviceId, i) => ({
    id: uuidv7(at + i),
    device_id: deviceId,
    kind,
    created_at: at,
    created_by: createdBy,
    expires_at: at + COMMAND_TTL_MS,
    delivered_at: null,
    finished_at: null,
    outcome: null,
    error: null,
    diagnostics: null,
  }));
  if (rows.length > 0) await db.insertInto('device_commands').values(rows).execute();
  return rows.map((row) => row.id);
}

/** The commands a kiosk's heartbeat answer carries: not finished, not expired, oldest first. */
export async function commandsFor(db: ServerDb, deviceId: string, at: number): Promise<KioskCommand[]> {
  const rows = await db
    .selectFrom('device_commands')
    .select(['id', 'kind', 'delivered_at'])
    .where('device_id', '=', deviceId)
    .where('finished_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('created_at')
    .limit(20)
    .execute();
  const undelivered = rows.filter((row) => row.delivered_at === null).map((row) => row.id);
  if (undelivered.length > 0) await db.updateTable('device_commands').set({ delivered_at: at }).where('id', 'in', undelivered).execute();
  return rows.map((row) => ({ id: row.id, kind: row.kind }));
}

/** What the kiosk reported; a result for a command of another kiosk, or one already finished, changes nothing. */
export async function recordCommandResults(db: ServerDb, deviceId: string, results: CommandResult[], at: number): Promise<void> {
  for (const result of results) {
    await db
      .updateTable('device_commands')
      .set({
        finished_at: at,
        outcome: result.outcome,
        error: result.error ?? null,
        diagnostics: result.diagnostics ? JSON.stringify(result.diagnostics) : null,
      })
      .where('id', '=', result.id)
      .where('device_id', '=', deviceId)
      .where('finished_at', 'is', null)
      .execute();
  }
}

export async function listCommands(db: ServerDb, deviceId: string, at: number, limit = 50): Promise<CommandView[]> {
  const rows = await db.selectFrom('device_commands').selectAll().where('device_id', '=', deviceId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    deviceId: row.device_id,
    kind: row.kind,
    createdAt: row.created_at,
    createdBy: row.created_by,
    state: row.outcome ?? (row.expires_at <= at ? 'expired' : row.delivered_at !== null ? 'delivered' : 'queued'),
    deliveredAt: row.delivered_at,
    finishedAt: row.finished_at,
    error: row.error,
    diagnostics: row.diagnostics ? (JSON.parse(row.diagnostics) as unknown) : null,
  }));
}
