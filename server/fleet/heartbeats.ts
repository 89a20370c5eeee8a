/**
 * What a heartbeat adds for the fleet (shared/fleet.ts): free disk, the versions applied, the
 * settings and roster rows not applied, the kiosk's counter, kept on the device; and a bounded history of
 * heartbeats per kiosk for its page in the console.
 */
import { sql } from 'kysely';
import { recordBinding } from '../integrity/device-bindings';
import type { ServerDb } from '../db/connect';
import type { Device, Heartbeat } from '../devices';
import type { HeartbeatRecord } from '../../shared/console/fleet';

/** Heartbeats kept per kiosk: about three days at the default five minutes. */
export const HEARTBEATS_KEPT = 1000;

export async function recordFleetHeartbeat(db: ServerDb, device: Pick<Device, 'id' | 'unit_id' | 'counter_id'>, beat: Heartbeat, at: number): Promise<void> {
  const rosterProblems = beat.rosterProblems ?? [];
  // The history shows both kinds of problem as text; roster rows by staff id and reason code only.
  const problems = [...(beat.settingsProblems ?? []), ...rosterProblems.map((p) => `roster: ${p.staffId ? `${p.staffId} ` : ''}${p.reason}`)];
  // A kiosk bound only to its unit at enrolment reports the counter IT staff picked on it.
  let adoptCounter: string | null = null;
  if (device.counter_id === null && beat.counterId) {
    const counter = await db.selectFrom('counters').select('unit_id').where('id', '=', beat.counterId).executeTakeFirst();
    if (counter?.unit_id === device.unit_id) adoptCounter = beat.counterId;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('devices')
      .set({
        // Older kiosks leave these out: unknown, not zero.
        free_disk_bytes: beat.freeDiskBytes ?? null,
        roster_version: beat.rosterVersion ?? null,
        settings_version: beat.settingsVersion ?? null,
        settings_problems: beat.settingsProblems === undefined ? null : JSON.stringify(beat.settingsProblems),
        // Until a later heartbeat says the roster applied whole ([]); older kiosks leave it out (unknown).
        roster_problems: beat.rosterProblems === undefined ? null : JSON.stringify(rosterProblems),
        ...(beat.lastError ? { last_error_at: at } : {}),
        ...(adoptCounter ? { counter_id: adoptCounter } : {}),
      })
      .where('id', '=', device.id)
      .execute();
    if (adoptCounter) await recordBinding(trx, device.id, adoptCounter, at);
    const { id } = await trx
      .insertInto('device_heartbeats')
      .values({
        device_id: device.id,
        at,
        app_version: beat.appVersion,
        pending_count: Math.min(beat.pendingCount, 2_147_483_647),
        oldest_pending_age_ms: beat.oldestPendingAgeMs,
        clock_offset_ms: beat.clockOffsetMs,
        free_disk_bytes: beat.freeDiskBytes ?? null,
        last_error: beat.lastError,
        problems: problems.length > 0 ? JSON.stringify(problems) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Pruned now and then rather than on every beat: the table stays within a few rows of the bound.
    if (Number(id) % 50 === 0) {
      await trx
        .deleteFrom('device_heartbeats')
        .where('device_id', '=', device.id)
        .where('id', '<=', sql<number>`(SELECT id FROM device_heartbeats WHERE device_id = ${device.id} ORDER BY id DESC OFFSET ${HEARTBEATS_KEPT} LIMIT 1)`)
        .execute();
    }
  });
}

export async function listHeartbeats(db: ServerDb, deviceId: string, limit = 200): Promise<HeartbeatRecord[]> {
  const rows = await db.selectFrom('device_heartbeats').selectAll().where('device_id', '=', deviceId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    at: row.at,
    appVersion: row.app_version,
    pendingCount: row.pending_count,
    oldestPendingAgeMs: row.oldest_pending_age_ms,
    clockOffsetMs: row.clock_offset_ms,
    freeDiskBytes: row.free_disk_bytes,
    lastError: row.last_error,
    problems: row.problems ? (JSON.parse(row.problems) as string[]) : [],
  }));
}
