import { DEFAULT_INTEGRITY_SETTINGS, IntegritySettingsSchema, type IntegritySettings } from '../../shared/console/integrity';
import type { ServerDb } from '../db/connect';

const KEY = 'integrity.settings';

/** The gaming checks' and alerts' thresholds (console_settings), over the defaults; a stored value that no longer parses is ignored. */
export async function readIntegritySettings(db: ServerDb): Promise<IntegritySettings> {
  const row = await db.selectFrom('console_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_INTEGRITY_SETTINGS;
  const parsed = IntegritySettingsSchema.partial().safeParse(JSON.parse(row.value));
  return parsed.success ? { ...DEFAULT_INTEGRITY_SETTINGS, ...parsed.data } : DEFAULT_INTEGRITY_SETTINGS;
}

export async function writeIntegritySettings(db: ServerDb, settings: IntegritySettings, at: number): Promise<void> {
  const value = JSON.stringify(settings);
  await db
    .insertInto('console_settings')
    .values({ key: KEY, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}
