import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is a single-process database: a second process opening the same data folder would
 * corrupt it. The server leaves a note in its folder while it runs; the admin CLI reads it and
 * refuses to open the folder itself.
 */
const LOCK_FILE = 'server.pid.json';

export interface ServerNote {
  pid: number;
  url: string;
  adminToken: string;
}

export function writeServerLock(dataDir: string, url: string, adminToken: string): void {
  const note: ServerNote = { pid: process.pid, url, adminToken };
  writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(note), { mode: 0o600 });
}

export function removeServerLock(dataDir: string): void {
  rmSync(join(dataDir, LOCK_FILE), { force: true });
}

/** The running server using `dataDir`, if any (a stale note of a dead process is ignored). */
export function runningServer(dataDir: string): ServerNote | null {
  try {
    const note = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as ServerNote;
    if (note.pid === process.pid) return null;
    process.kill(note.pid, 0);
    return note;
  } catch {
    return null;
  }
}
