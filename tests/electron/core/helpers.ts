import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoData } from '../../../electron/core/demo';
import { DATABASE_FILE } from '../../../electron/core/db/open';
import { KioskCore, type KioskCoreOptions } from '../../../electron/core/kiosk-core';
import { uuidv7 } from '../../../shared/uuid';

export function tempDir(prefix = 'kiosk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A core on a fresh data folder with the demo roster and its officer logged in. */
export function demoCore(options: Partial<KioskCoreOptions> = {}): { core: KioskCore; dataDir: string; logs: string[] } {
  const dataDir = options.dataDir ?? tempDir();
  const logs: string[] = [];
  const core = new KioskCore({
    dataDir,
    appVersion: '0.1.0-test',
    // On the real clock, the officer is not logged out at the end of a shift that a test runs
    // across (12:00 and 17:30 Vietnam time); on a test's own clock the kiosk's rules apply.
    onOpen: options.now ? seedDemoData : (db, now) => seedDemoData(db, now, { automaticLogout: false }),
    log: (line) => logs.push(line),
    ...options,
  });
  return { core, dataDir, logs };
}

export function draft(score: 1 | 2 | 3 = 3, extra: Record<string, unknown> = {}) {
  return { flowId: uuidv7(), scale: 'vn3', score, locale: 'vi', ...extra };
}

/** Opens the kiosk database file read-only, as an auditor would, to check what is really on disk. */
export function openReadOnly(dataDir: string): Database.Database {
  return new Database(join(dataDir, DATABASE_FILE), { readonly: true });
}
