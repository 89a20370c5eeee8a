import type { z } from 'zod';
import { ConsoleSettingsSchema, type ConsoleSettings } from '../../shared/console/api';
import { DEFAULT_MIN_RATINGS_FOR_FIGURES } from '../../shared/reports/measures';
import type { ServerDb } from '../db/connect';

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { minRatingsForFigures: DEFAULT_MIN_RATINGS_FOR_FIGURES };

/**
 * A group of settings kept in `console_settings` (one JSON value per key): the stored values of
 * the schema's keys over `defaults`; a stored value that no longer parses is ignored, and keys of
 * other groups are not read.
 */
export async function readSettings<Shape extends z.ZodRawShape>(db: ServerDb, schema: z.ZodObject<Shape>, defaults: z.output<z.ZodObject<Shape>>): Promise<z.output<z.ZodObject<Shape>>> {
  const rows = await db.selectFrom('console_settings').select(['key', 'value']).where('key', 'in', Object.keys(schema.shape)).execute();
  const settings: Record<string, unknown> = { ...defaults };
  for (const { key, value } of rows) {
    const parsed = (schema.shape[key] as z.ZodType).safeParse(JSON.parse(value));
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as z.output<z.ZodObject<Shape>>;
}

/** Stores a validated change of settings in one transaction. */
export async function storeSettings(db: ServerDb, change: Record<string, unknown>, now: number): Promise<void> {
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
}

/** The console's settings: stored values over defaults. */
export function readConsoleSettings(db: ServerDb): Promise<ConsoleSettings> {
  return readSettings(db, ConsoleSettingsSchema, DEFAULT_CONSOLE_SETTINGS);
}

export async function writeConsoleSettings(db: ServerDb, change: Partial<ConsoleSettings>, now: number): Promise<ConsoleSettings> {
  await storeSettings(db, change, now);
  return readConsoleSettings(db);
}
