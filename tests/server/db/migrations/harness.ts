/**
 * Each server migration's test starts from the schema just before it (STYLE.md, as Signal does):
 * a fresh database on the test backend, migrated up to a named step.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PG_TYPES } from '../../../../server/db/connect';
import { migrateTo, type MigrationContext } from '../../../../server/db/migrations';
import { openPGlite, PGliteDialect } from '../../../../server/db/pglite-dialect';
import type { ServerDatabase } from '../../../../server/db/schema';
import { backend, freshPostgresDatabase } from '../../helpers';

export interface MigrationDb {
  db: Kysely<ServerDatabase>;
  /** Up to `name`; the context holds the keys for secrets at rest when a step needs them. */
  migrateTo(name: string, context?: MigrationContext): Promise<void>;
  close(): Promise<void>;
}

/** An empty database of the test backend, migrated to `name`. */
export async function databaseAt(name: string): Promise<MigrationDb> {
  let db: Kysely<ServerDatabase>;
  let drop = async () => {};
  if (backend === 'postgres') {
    const fresh = await freshPostgresDatabase();
    db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: fresh.url, max: 2, types: PG_TYPES }) }) });
    drop = fresh.drop;
  } else {
    db = new Kysely<ServerDatabase>({ dialect: new PGliteDialect(await openPGlite(undefined)) });
  }
  await migrateTo(db as unknown as Kysely<unknown>, name);
  return {
    db,
    migrateTo: (next, context) => migrateTo(db as unknown as Kysely<unknown>, next, context),
    async close() {
      await db.destroy();
      await drop();
    },
  };
}
