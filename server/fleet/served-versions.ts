import type { ServerDb } from '../db/connect';
import type { Device } from '../devices';

/**
 * Keeps which roster and config (their ETags) the server last answered a kiosk with, so that the
 * fleet page can tell a kiosk that did not apply them (its heartbeat names the versions it applied).
 * Written only when it changed: a 304 of the same version costs no write.
 */
export async function recordServedVersion(db: ServerDb, device: Pick<Device, 'id' | 'roster_served' | 'settings_served'>, what: 'roster' | 'settings', etag: string): Promise<void> {
  const column = what === 'roster' ? 'roster_served' : 'settings_served';
  if (device[column] === etag) return;
  await db.updateTable('devices').set({ [column]: etag }).where('id', '=', device.id).execute();
}
