import { z } from 'zod';
import { KioskSettingsPatchSchema, type KioskSettingsPatch } from '../shared/protocol';
import { RecordId } from '../shared/schema-helpers';
import type { ServerDb } from './db/connect';
import type { Device } from './devices';
import { HttpError } from './errors';

/** What GET /api/v1/config answers a kiosk: its settings and its counter. */
export interface KioskConfig {
  settings: KioskSettingsPatch;
  counterId: string | null;
}

/** What administrators may set: known keys only, so that a typo does not pass silently. */
const SettingsPatchSchema = z.strictObject(KioskSettingsPatchSchema.shape);

/** A kiosk's configuration: settings for every kiosk ('*'), overridden by its unit's. */
export async function kioskConfigFor(db: ServerDb, device: Pick<Device, 'unit_id' | 'counter_id'>): Promise<KioskConfig> {
  const rows = await db.selectFrom('kiosk_settings').select(['scope', 'settings']).where('scope', 'in', ['*', device.unit_id]).execute();
  const global = rows.find((r) => r.scope === '*');
  const unit = rows.find((r) => r.scope === device.unit_id);
  const settings = KioskSettingsPatchSchema.parse({ ...(global ? JSON.parse(global.settings) : {}), ...(unit ? JSON.parse(unit.settings) : {}) });
  return { settings, counterId: device.counter_id };
}

/** Stores the settings of a scope ('*' for every kiosk, or a unit id), replacing what it had. */
export async function saveKioskSettings(db: ServerDb, scope: string, settings: unknown, at: number): Promise<void> {
  if (scope !== '*' && !RecordId.safeParse(scope).success) throw new HttpError(400, 'invalid_scope', `invalid scope ${scope}`);
  const value = JSON.stringify(SettingsPatchSchema.parse(settings));
  await db
    .insertInto('kiosk_settings')
    .values({ scope, settings: value, updated_at: at })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ settings: value, updated_at: at }))
    .execute();
}
