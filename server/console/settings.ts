import { ConsoleSettingsSchema, type ConsoleSettings } from '../../shared/console/api';
import { DEFAULT_MIN_RATINGS_FOR_FIGURES } from '../../shared/reports/measures';
import type { ServerDb } from '../db/connect';

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { minRatingsForFigures: DEFAULT_MIN_RATINGS_FOR_FIGURES };

/** The console's settings: stored values over defaults; a stored value that no longer parses is ignored. */
export async function readConsoleSettings(db: ServerDb): Promise<ConsoleSettings> {
  const rows = await db.selectFrom('console_settings').select(['key', 'value']).execute();
  const settings: Record<string, unknown> = { ...DEFAULT_CONSOLE_SETTINGS };
  for (const { key, value } of rows) {
    const field = ConsoleSettingsSchema.shape[key as keyof ConsoleSettings];
    if (!field) continue;
    const parsed = field.safeParse(JSON.parse(value));
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as ConsoleSettings;
}

/** Stores a validated change of settings in one transaction. */
export async function writeConsoleSettings(db: ServerDb, change: Partial<ConsoleSettings>, now: number): Promise<ConsoleSettings> {
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) continue;
      await trx
        .insertInto('console_settings')
        .values({ key, value: JSON.stringify(value), updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
        .execute();
    }
  });
  return readConsoleSettings(db);
}
