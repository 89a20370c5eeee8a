import Database from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDirPrivate } from '../private-files';
import { migrate } from './migrate';
import { isCorruptDatabaseError } from './storage-errors';

export const DATABASE_FILE = 'kiosk.db';
const DAMAGED_MARKER = '.damaged-';

export interface MovedAsideFile {
  path: string;
  reason: string;
  at: number;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** Damaged databases in the data folder, this start's and earlier ones, kept for IT staff. */
  movedAside: MovedAsideFile[];
  /** Files of the data folder whose mode could not be made owner-only (for the log). */
  notPrivate: string[];
}

class IntegrityCheckFailed extends Error {
  constructor(readonly report: string) {
    super(`integrity check failed: ${report}`);
  }
}

/** Opens (creating if needed) the kiosk's database with the durability settings every write relies on. */
function openChecked(path: string): Database.Database {
  const db = new Database(path);
  try {
    // WAL lets the sync reader run beside the writer; synchronous=FULL fsyncs the WAL at every
    // commit so that a thanked rating survives power loss, not only a crash of the process.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const report = db.pragma('integrity_check', { simple: true });
    if (report !== 'ok') throw new IntegrityCheckFailed(String(report));
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function timestampForFileName(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-');
}

/** Renames the database and its WAL/SHM files aside: damaged data is kept for IT staff, never deleted. */
function moveAside(path: string, at: number): string {
  const target = `${path}${DAMAGED_MARKER}${timestampForFileName(at)}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  return target;
}

function listMovedAside(dataDir: string): MovedAsideFile[] {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith(DATABASE_FILE + DAMAGED_MARKER) && !/-(wal|shm)$/.test(name))
    .sort()
    .map((name) => ({
      path: join(dataDir, name),
      reason: 'damaged database moved aside at start-up',
      at: statSync(join(dataDir, name)).mtimeMs,
    }));
}

/**
 * Opens the kiosk database in `dataDir`. A file that is not a database or fails its integrity
 * check is moved aside under a timestamped name and a fresh database is created. Storage errors
 * (read-only folder, full disk) are thrown to the caller, which reports them and retries later.
 * The folder and its files are made owner-only before and after (private-files.ts): SQLite gives
 * the -wal and -shm it creates later the mode of the database file.
 */
export function openKioskDatabase(dataDir: string, now: () => number = Date.now): OpenedDatabase {
  makeDataDirPrivate(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  let justMoved: MovedAsideFile | null = null;
  let db: Database.Database;
  try {
    db = openChecked(path);
  } catch (error) {
    if (!(error instanceof IntegrityCheckFailed) && !isCorruptDatabaseError(error)) throw error;
    const at = now();
    const reason = error instanceof Error ? error.message : String(error);
    justMoved = { path: moveAside(path, at), reason, at };
    db = openChecked(path);
  }
  const movedAside = listMovedAside(dataDir).map((file) =>
    justMoved && file.path === justMoved.path ? justMoved : file,
  );
  return { db, movedAside, notPrivate: makeDataDirPrivate(dataDir) };
}
