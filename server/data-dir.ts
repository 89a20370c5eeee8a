import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server's data folder is its own: 0700, and every folder in it 0700 and every file 0600.
 * PGlite unpacks a new database with its files 0666 whatever the umask, and a folder made by an
 * older version may be 0755; both are repaired here, at every start. Files made later (WAL
 * segments, new tables) follow the process umask, which server/main.ts and the admin CLI set to
 * 077. Symbolic links are left alone (their modes mean nothing, and following one could change a
 * file outside the folder).
 */
export function secureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  repairModes(dir);
}

function repairModes(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return;
  const wanted = stats.isDirectory() ? 0o700 : 0o600;
  if ((stats.mode & 0o777) !== wanted) chmodSync(path, wanted);
  if (stats.isDirectory()) for (const name of readdirSync(path)) repairModes(join(path, name));
}

/** For server/main.ts and the admin CLI, before anything is written: files and folders for the owner only. */
export function ownerOnlyFiles(): void {
  process.umask(0o077);
}
