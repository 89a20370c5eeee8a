import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseOptions } from '../../server/db/connect';
import { MIGRATION_NAMES } from '../../server/db/migrations';
import { importRoster } from '../../server/roster';
import demoRoster from '../fixtures/roster.json';
import { backend, freshPostgresDatabase } from './helpers';

/** Migrations run on an empty database, are recorded, and a second start changes nothing. */
describe(`database migrations (${backend})`, () => {
  let dir: string;
  let options: DatabaseOptions;
  let database: { url: string; drop(): Promise<void> } | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-migrate-'));
    if (backend === 'postgres') {
      database = await freshPostgresDatabase();
      options = { databaseUrl: database.url };
    } else options = { dataDir: join(dir, 'data') };
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('0001-initial makes every table, and data survives a restart without migrating again', async () => {
    const first = await openDatabase(options);
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(first.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['units', 'counters', 'staff', 'kiosk_settings', 'enrollment_codes', 'devices', 'ratings', 'rating_conflicts']),
    );
    await importRoster(first.db, demoRoster);
    await first.close();

    const second = await openDatabase(options);
    const migrations = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(second.db);
    expect(migrations.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
    const units = await second.db.selectFrom('units').select('id').execute();
    expect(units).toHaveLength(3);
    await second.close();
  });
});
