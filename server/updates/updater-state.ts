/**
 * The updater state kiosks report in their heartbeat (shared/protocol.ts `updater`), kept per
 * device for the fleet page and `npm run admin -- releases`. The heartbeat route calls
 * recordUpdaterState when a heartbeat carries one.
 */
import { UpdaterStateSchema, type UpdaterState } from '../../shared/protocol';
import type { DeviceUpdaterState } from '../../shared/console/updates';
import type { ServerDb } from '../db/connect';

export async function recordUpdaterState(db: ServerDb, deviceId: string, state: UpdaterState, receivedAt: number): Promise<void> {
  await db
    .updateTable('devices')
    .set({ updater_state: JSON.stringify(UpdaterStateSchema.parse(state)), updater_reported_at: receivedAt })
    .where('id', '=', deviceId)
    .execute();
}

export type { DeviceUpdaterState } from '../../shared/console/updates';

/** Every kiosk not revoked with the updater state it last reported (null: none yet, or a kiosk without a self-updater). */
export async function listUpdaterStates(db: ServerDb): Promise<DeviceUpdaterState[]> {
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'name', 'unit_id', 'app_version', 'updater_state', 'updater_reported_at'])
    .where('revoked_at', 'is', null)
    .orderBy('unit_id')
    .orderBy('name')
    .execute();
  return rows.map((row) => {
    const parsed = row.updater_state === null ? null : UpdaterStateSchema.safeParse(JSON.parse(row.updater_state));
    return {
      deviceId: row.id,
      name: row.name,
      unitId: row.unit_id,
      appVersion: row.app_version,
      updater: parsed?.success ? parsed.data : null,
      reportedAt: row.updater_reported_at,
    };
  });
}
