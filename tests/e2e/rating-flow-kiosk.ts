/**
 * Kiosks set up for the rating-flow tests, screenshots and benchmarks: a data folder prepared
 * through the core's own modules (demo roster, a chosen counter and officer, settings), then the
 * real web host on it (harness.ts). The same folder can be changed while the host runs (SQLite WAL).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DATABASE_FILE, openKioskDatabase } from '../../electron/core/db/open';
import { seedDemoData } from '../../electron/core/demo';
import { readRatingV1 } from '../../electron/core/ratings';
import { endSession, startSession } from '../../electron/core/sessions';
import { updateKioskSettings, writeSetting } from '../../electron/core/settings';
import type { KioskSettings } from '../../shared/contract';
import type { RatingV1 } from '../../shared/rating';
import { startWebKiosk, tempDataDir, type RunningKiosk } from './harness';

export interface KioskSetup {
  /** Counter of the roster (default: the demo's reception counter at the provincial centre). */
  counterId?: string;
  /** Officer logged in at it; null for none (default: the demo officer). */
  staffId?: string | null;
  settings?: Partial<KioskSettings>;
}

/** The results desk of Lục Ngạn district, whose officer has the longest title of the roster. */
export const RESULTS_DESK: KioskSetup = { counterId: 'ln-q05', staffId: 'st-010201' };

function withDatabase<T>(dataDir: string, use: (db: Database.Database) => T): T {
  const { db } = openKioskDatabase(dataDir);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Applies a setup to a kiosk's data folder (before or while its host runs). */
export function configureKiosk(dataDir: string, setup: KioskSetup = {}): void {
  withDatabase(dataDir, (db) => {
    const now = Date.now();
    // Not logged out at 12:00 or 17:30 Vietnam time, nor after inactivity: a file that runs across
    // the end of a shift would otherwise find its officer gone and no faces to tap.
    seedDemoData(db, now, { automaticLogout: false });
    db.transaction(() => {
      if (setup.counterId) writeSetting(db, 'counterId', setup.counterId, now);
      const counterId = setup.counterId ?? 'ttpvhcc-q01';
      if (setup.staffId === null) endSession(db, counterId, now, 'test');
      else if (setup.staffId) startSession(db, setup.staffId, counterId, now, 'test');
      if (setup.settings) updateKioskSettings(db, setup.settings, now);
    })();
  });
}

export async function startRatingKiosk(setup: KioskSetup = {}): Promise<RunningKiosk> {
  const dataDir = tempDataDir('kiosk-rating-');
  configureKiosk(dataDir, setup);
  return startWebKiosk({ dataDir });
}

/** Every stored rating, read back from the kiosk's SQLite file, oldest first. */
export function storedRatings(dataDir: string): RatingV1[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const ids = db.prepare('SELECT id FROM ratings ORDER BY seq').all() as { id: string }[];
    return ids.map(({ id }) => readRatingV1(db, id)!);
  } finally {
    db.close();
  }
}

export function closedAt(dataDir: string, id: string): number | null {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT closed_at AS c FROM ratings WHERE id = ?').get(id) as { c: number | null }).c;
  } finally {
    db.close();
  }
}

/** Types text by tapping the on-screen keyboard's keys (shift before capitals, 123 for digits and signs). */
export async function tapKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) {
    if (key === ' ') {
      await page.click('[data-key="space"]');
    } else if (/[A-Z]/.test(key)) {
      await page.click('[data-key="shift"]');
      await page.click(`[data-key="${key.toLowerCase()}"]`);
    } else if (/[a-z]/.test(key)) {
      await page.click(`[data-key="${key}"]`);
    } else {
      await page.click('[data-key="symbols"]');
      await page.click(`[data-key=${JSON.stringify(key)}]`);
      await page.click('[data-key="symbols"]');
    }
  }
}

/** Waits until a condition on the stored data holds (the renderer saves asynchronously). */
export async function eventually<T>(read: () => T, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = read();
  while (!accept(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = read();
  }
  return value;
}
