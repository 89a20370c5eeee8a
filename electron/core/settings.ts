import type { Database } from 'better-sqlite3';
import type { KioskSettings } from '../../shared/contract';
import { KioskSettingsSchema } from '../../shared/settings';
import { statement } from './db/statements';

export { KioskSettingsSchema };

const SETTING_KEYS = Object.keys(KioskSettingsSchema.shape) as (keyof KioskSettings)[];

export function readSetting<T>(db: Database, key: string): T | undefined {
  const row = statement(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeSetting(db: Database, key: string, value: unknown, now: number): void {
  statement(
    db,
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}

const parsedSettings = new WeakMap<Database, { fingerprint: string; settings: KioskSettings }>();

/**
 * The kiosk settings in force: stored values over defaults. A stored value that no longer parses
 * falls back to its default. Read on every tap, so the parse is reused while the stored rows are
 * byte for byte the same (one small query compares them; any write, by any path, shows).
 */
export function readKioskSettings(db: Database): KioskSettings {
  const { fingerprint } = statement(
    db,
    `SELECT coalesce(group_concat(key || '=' || value, char(10)), '') AS fingerprint
     FROM (SELECT key, value FROM settings ORDER BY key)`,
  ).get() as { fingerprint: string };
  const cached = parsedSettings.get(db);
  if (cached && cached.fingerprint === fingerprint) return cached.settings;
  const stored: Record<string, unknown> = {};
  const rows = statement(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  for (const { key, value } of rows) {
    if (!SETTING_KEYS.includes(key as keyof KioskSettings)) continue;
    const parsed: unknown = JSON.parse(value);
    if (KioskSettingsSchema.shape[key as keyof KioskSettings].safeParse(parsed).success) stored[key] = parsed;
  }
  const settings = Object.freeze(KioskSettingsSchema.parse(stored)) as KioskSettings;
  parsedSettings.set(db, { fingerprint, settings });
  return settings;
}

/** Validates and stores a partial change of settings; nothing is stored if any value is invalid. */
export function updateKioskSettings(db: Database, change: unknown, now: number): KioskSettings {
  const parsed = KioskSettingsSchema.partial().parse(change);
  db.transaction(() => {
    for (const [key, value] of Object.entries(parsed)) {
      if (value !== undefined) writeSetting(db, key, value, now);
    }
  })();
  return readKioskSettings(db);
}

/**
 * Settings from the server's config, key by key: a value this version cannot take (out of its
 * range, the wrong type) is left out and named in `problems`, so that it never keeps the others
 * from applying; keys this version does not know are ignored (a newer server's).
 */
export function settingsKeyByKey(raw: Record<string, unknown>): { patch: Partial<KioskSettings>; problems: string[] } {
  const patch: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!SETTING_KEYS.includes(key as keyof KioskSettings)) continue;
    const parsed = KioskSettingsSchema.shape[key as keyof KioskSettings].safeParse(value);
    if (parsed.success) patch[key] = parsed.data;
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`.slice(0, 300));
  }
  return { patch: patch as Partial<KioskSettings>, problems };
}
