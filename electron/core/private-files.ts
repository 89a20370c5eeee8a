import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The kiosk's data folder holds every rating and comment, the sync state and the device secret:
 * no other local account may read it. The folder is 0700 and its files 0600 — repaired at every
 * open of the database, for folders made by older versions, and for files made later, by the
 * owner-only umask every host sets for the core's process. (Windows: ACLs, not modes; nothing to do.)
 */
export const OWNER_ONLY_UMASK = 0o077;
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** Makes every file this process creates from now on owner-only (SQLite's -wal/-shm, journals, renames). */
export function restrictNewFilesToOwner(): void {
  if (process.platform !== 'win32') process.umask(OWNER_ONLY_UMASK);
}

/**
 * Creates `dataDir` if needed and makes it and every file in it owner-only (symbolic links are
 * left alone, never followed). Best effort: a mode that cannot be changed (a read-only folder,
 * another owner's file) is returned for the log, never thrown — a kiosk that can still save
 * ratings must not stop over it.
 */
export function makeDataDirPrivate(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE });
  if (process.platform === 'win32') return [];
  const problems: string[] = [];
  const restrict = (path: string, mode: number) => {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink() || (stat.mode & 0o777) === mode) return;
      if (stat.isDirectory() ? mode === FOLDER_MODE : stat.isFile()) chmodSync(path, mode);
    } catch (error) {
      problems.push(`${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  restrict(dataDir, FOLDER_MODE);
  let names: string[] = [];
  try {
    names = readdirSync(dataDir);
  } catch (error) {
    problems.push(`${dataDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  for (const name of names) restrict(join(dataDir, name), FILE_MODE);
  return problems;
}
