import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { secureDataDir } from '../data-dir';
import type { SecretKeyRing } from '../secret-keys';
import { migrateToLatest, type MigrationContext } from './migrations';
import { openPGlite, PGliteDialect } from './pglite-dialect';
import type { ServerDatabase } from './schema';

export type ServerDb = Kysely<ServerDatabase>;

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder; `undefined` with no databaseUrl keeps the database in memory. */
  dataDir?: string | undefined;
  /**
   * The keys for secrets at rest. Needed when the database still holds device secrets or badge
   * keys in plaintext (from before migrations 0010 and 0032), which are sealed at this start;
   * without them, such a database does not open.
   */
  keys?: SecretKeyRing | undefined;
  /**
   * An already-open PGlite to use instead (tests hand each server a copy of a database migrated
   * and seeded once per test file, as booting PGlite takes seconds). The database then owns it:
   * `close()` closes it.
   */
  pglite?: PGlite | undefined;
}

export interface OpenedDatabase {
  db: ServerDb;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const INT8_OID = 20;

/** bigint columns hold ms timestamps, counts and serial ids, all well within 2^53: read them as numbers. */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Databases whose transactions take turns: PGlite is one backend, and PGliteDriver queues Kysely's connections. */
const takingTurns = new WeakSet<ServerDb>();

/**
 * Whether no other transaction can run beside one of this database's: then what a transaction
 * reads is true until its commit from its first statement on, without waiting for a lock first.
 */
export function transactionsTakeTurns(db: ServerDb): boolean {
  return takingTurns.has(db);
}

/** Opens the server's database and migrates it to the latest schema. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  let db: ServerDb;
  let kind: OpenedDatabase['kind'];
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      // Bounded waits: for a pooled connection, and for any one statement.
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      types: PG_TYPES,
    });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => {});
    db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
  } else {
    const client = options.pglite ?? (await openPGliteIn(options.dataDir));
    db = new Kysely<ServerDatabase>({ dialect: new PGliteDialect(client) });
    takingTurns.add(db);
    kind = 'pglite';
  }
  try {
    const context: MigrationContext = { keys: options.keys };
    await migrateToLatest(db as unknown as Kysely<unknown>, context);
    // Secrets sealed just now were in plaintext: rewrite the table so that no old row version keeps
    // them, and (PGlite) let old WAL segments be recycled. PostgreSQL's WAL is its administrator's.
    if (context.sealed) {
      await sql`VACUUM FULL devices`.execute(db);
    }
    if (context.sealedBadgeKeys) {
      await sql`VACUUM FULL badge_signing_key`.execute(db);
      await sql`VACUUM FULL unit_badge_keys`.execute(db);
    }
    if ((context.sealed || context.sealedBadgeKeys) && kind === 'pglite') await sql`CHECKPOINT`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind, close: () => db.destroy() };
}

async function openPGliteIn(dataDir: string | undefined): Promise<PGlite> {
  // PGlite's own files live in a subfolder: DATA_DIR also holds the running server's note.
  if (!dataDir) return openPGlite(undefined);
  const pgliteDir = join(dataDir, 'pglite');
  secureDataDir(pgliteDir);
  const client = await openPGlite(pgliteDir);
  // A new database was unpacked with its files 0666: repaired before anything is stored in it.
  secureDataDir(dataDir);
  return client;
}
