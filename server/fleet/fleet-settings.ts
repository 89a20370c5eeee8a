import { DEFAULT_FLEET_ALERT_SETTINGS, FleetAlertSettingsSchema, type FleetAlertSettings } from '../../shared/console/fleet';
import type { ServerDb } from '../db/connect';

const KEY = 'fleet.alerts';

/** The alert thresholds and recipients (console_settings), over the defaults; a stored value that no longer parses is ignored. */
export async function readFleetAlertSettings(db: ServerDb): Promise<FleetAlertSettings> {
  const row = await db.selectFrom('console_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_FLEET_ALERT_SETTINGS;
  const parsed = FleetAlertSettingsSchema.partial().safeParse(JSON.parse(row.value));
  return parsed.success ? { ...DEFAULT_FLEET_ALERT_SETTINGS, ...parsed.data } : DEFAULT_FLEET_ALERT_SETTINGS;
}

export async function writeFleetAlertSettings(db: ServerDb, settings: FleetAlertSettings, at: number): Promise<void> {
  const value = JSON.stringify(settings);
  await db
    .insertInto('console_settings')
    .values({ key: KEY, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}
