import { z } from 'zod';
import { KioskSettingsPatchSchema, type KioskSettingsPatch } from '../shared/protocol';
import { RecordId } from '../shared/schema-helpers';
import { DEFAULT_KIOSK_SETTINGS } from '../shared/settings';
import type { ServerDb } from './db/connect';
import type { Device } from './devices';
import { HttpError } from './errors';

/** What GET /api/v1/config answers a kiosk: its settings and its counter. */
export interface KioskConfig {
  settings: KioskSettingsPatch;
  counterId: string | null;
}

/** What administrators may set: known keys only, so that a typo does not pass silently. */
export const SettingsPatchSchema = z.strictObject(KioskSettingsPatchSchema.shape);

/** Where a kiosk's setting comes from, the most specific winning. */
export type SettingLayer = 'province' | 'unit' | 'kiosk';
export type SettingSource = 'default' | SettingLayer;

export type SettingsLayers = Record<SettingLayer, KioskSettingsPatch>;

/** A stored patch that no longer parses (an older server's value) counts key by key: what parses stays. */
function parsePatch(text: string | undefined): KioskSettingsPatch {
  if (!text) return {};
  const raw = JSON.parse(text) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = KioskSettingsPatchSchema.shape[key as keyof KioskSettingsPatch];
    if (field && field.safeParse(value).success) patch[key] = value;
  }
  return patch as KioskSettingsPatch;
}

/** The settings set for every kiosk ('*'), for each unit (by unit id) and for each kiosk (by device id). */
export async function allSettingsLayers(db: ServerDb): Promise<{ province: KioskSettingsPatch; units: Map<string, KioskSettingsPatch>; kiosks: Map<string, KioskSettingsPatch> }> {
  const [scoped, kiosks] = await Promise.all([
    db.selectFrom('kiosk_settings').select(['scope', 'settings']).execute(),
    db.selectFrom('device_settings').select(['device_id', 'settings']).execute(),
  ]);
  return {
    province: parsePatch(scoped.find((row) => row.scope === '*')?.settings),
    units: new Map(scoped.filter((row) => row.scope !== '*').map((row) => [row.scope, parsePatch(row.settings)])),
    kiosks: new Map(kiosks.map((row) => [row.device_id, parsePatch(row.settings)])),
  };
}

export async function settingsLayersFor(db: ServerDb, device: { id: string | null; unitId: string }): Promise<SettingsLayers> {
  const scoped = await db.selectFrom('kiosk_settings').select(['scope', 'settings']).where('scope', 'in', ['*', device.unitId]).execute();
  const kiosk = device.id ? await db.selectFrom('device_settings').select('settings').where('device_id', '=', device.id).executeTakeFirst() : undefined;
  return {
    province: parsePatch(scoped.find((row) => row.scope === '*')?.settings),
    unit: parsePatch(scoped.find((row) => row.scope === device.unitId)?.settings),
    kiosk: parsePatch(kiosk?.settings),
  };
}

export function mergeLayers(layers: SettingsLayers): KioskSettingsPatch {
  return { ...layers.province, ...layers.unit, ...layers.kiosk };
}

/** Every setting's value in force for a kiosk (or a unit's kiosks) and where it comes from. */
export function effectiveSettings(layers: SettingsLayers): Record<string, { value: unknown; source: SettingSource }> {
  const result: Record<string, { value: unknown; source: SettingSource }> = {};
  for (const [key, value] of Object.entries(DEFAULT_KIOSK_SETTINGS)) {
    const source: SettingSource = key in layers.kiosk ? 'kiosk' : key in layers.unit ? 'unit' : key in layers.province ? 'province' : 'default';
    result[key] = { value: source === 'default' ? value : (layers[source] as Record<string, unknown>)[key], source };
  }
  return result;
}

/** A kiosk's configuration: settings for every kiosk ('*'), overridden by its unit's, then by its own. */
export async function kioskConfigFor(db: ServerDb, device: Pick<Device, 'id' | 'unit_id' | 'counter_id'>): Promise<KioskConfig> {
  const layers = await settingsLayersFor(db, { id: device.id, unitId: device.unit_id });
  return { settings: mergeLayers(layers), counterId: device.counter_id };
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

/** Stores one kiosk's own settings over its unit's (already validated), replacing what it had. */
export async function saveDeviceSettings(db: ServerDb, deviceId: string, settings: KioskSettingsPatch, at: number): Promise<void> {
  const value = JSON.stringify(settings);
  await db
    .insertInto('device_settings')
    .values({ device_id: deviceId, settings: value, updated_at: at })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ settings: value, updated_at: at }))
    .execute();
}
