import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The version the last migration brings a database to. */
function latestVersion(migrations: readonly Migration[]): number {
  return migrations[migrations.length - 1]?.version ?? 0;
}

/**
 * Brings the schema up to `targetVersion` (default: the latest). All pending migrations run in
 * one transaction together with the `user_version` bump: either all apply or none does.
 */
export function migrate(
  db: Database,
  targetVersion: number = latestVersion(MIGRATIONS),
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (from > latest) {
    throw new Error(`database schema version ${from} is newer than this app knows (${latest}); refusing to touch it`);
  }
  const pending = migrations.filter((m) => m.version > from && m.version <= targetVersion);
  if (pending.length === 0) return { from, to: from };
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  }).immediate();
  return { from, to: schemaVersion(db) };
}
