/**
 * Who can read a kiosk's files (issue 13, finding 1): file modes, the data folder an older version
 * left, and the attack itself — another local account trying to read a file.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../../electron/core/db/open';
import { tempDir } from './helpers';

/** Whether another local account (nobody) can read `path`: the review's attack, when run as root. */
export function readableByAnotherAccount(path: string): boolean | null {
  if (process.getuid?.() !== 0) return null;
  return spawnSync('cat', [path], { uid: 65534, gid: 65534, stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** Every folder and file under `dir` that a group or other account could read, write or enter. */
export function notOwnerOnly(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

/** A data folder as an older version left it: 0755, with a database and its WAL readable by all. */
export function olderKioskFolder(): string {
  const dataDir = tempDir('kiosk-modes-');
  chmodSync(dataDir, 0o755);
  const old = new Database(join(dataDir, DATABASE_FILE));
  old.pragma('journal_mode = WAL');
  old.exec("CREATE TABLE note (x TEXT); INSERT INTO note VALUES ('Cán bộ hướng dẫn tận tình')");
  for (const suffix of ['', '-wal', '-shm']) chmodSync(join(dataDir, DATABASE_FILE + suffix), 0o644);
  old.close();
  chmodSync(join(dataDir, DATABASE_FILE), 0o644);
  return dataDir;
}
