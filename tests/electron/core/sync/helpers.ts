/**
 * Harness of the sync tests: the REAL provincial server (server/app.ts, in-memory PGlite, demo
 * roster) on 127.0.0.1, and a demo kiosk core whose sync engine talks to it. Each server gets its
 * own copy of one migrated, seeded PGlite made once per test run (tests/server/helpers.ts `pgliteCopy`).
 */
import type { Database } from 'better-sqlite3';
import { startServer, type RunningServer, type StartServerOptions } from '../../../../server/app';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import type { KioskCore, KioskCoreOptions } from '../../../../electron/core/kiosk-core';
import { startSession } from '../../../../electron/core/sessions';
import { writeSetting } from '../../../../electron/core/settings';
import { FileSecretStore } from '../../../../electron/core/sync/secret-store';
import type { SyncStatus } from '../../../../shared/sync-status';
import { pgliteCopy } from '../../../server/helpers';
import { demoCore, draft, tempDir } from '../helpers';

export const DEMO_UNIT_ID = 'bg-ttpvhcc';
export const DEMO_OFFICER_ID = 'st-000101';

/** The server with the demo roster; in memory (a copy of the run's seeded PGlite) unless told where. */
export async function startDemoServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const inMemory = !options.dataDir && !options.databaseUrl && !options.pglite;
  return startServer({ demo: true, ...(inMemory ? { pglite: await pgliteCopy(true) } : {}), ...options });
}

export async function enrolmentCode(server: RunningServer): Promise<string> {
  return server.admin.createEnrollmentCode({ unitId: DEMO_UNIT_ID, counterId: DEMO_COUNTER_ID });
}

/** A demo kiosk with a sync engine that runs only when the test says so (syncNow). */
export function syncKiosk(options: Partial<Omit<KioskCoreOptions, 'sync'>> & { sync?: Partial<NonNullable<KioskCoreOptions['sync']>> } = {}) {
  const dataDir = options.dataDir ?? tempDir('kiosk-sync-');
  const { sync, ...rest } = options;
  const kiosk = demoCore({
    dataDir,
    ...rest,
    sync: { secrets: new FileSecretStore(dataDir), dataDir, autoSync: false, watchNetwork: false, ...sync },
  });
  return { ...kiosk, engine: kiosk.core.sync! };
}

/** Enrols the kiosk with the server and waits for the answer. */
export async function enrol(core: KioskCore, server: RunningServer): Promise<SyncStatus> {
  const queued = core.call('enrollDevice', { serverUrl: server.url, enrollmentCode: await enrolmentCode(server) });
  if (!queued.ok) throw new Error(queued.error.message);
  await core.sync!.syncNow();
  return core.sync!.status();
}

/**
 * Submits and finishes `count` ratings through the KioskApi, as the renderer does. The officer's
 * session is renewed every 50 ratings so that the per-session cap (a guard against self-rating)
 * does not refuse a test's volume. Returns the ids the kiosk thanked for.
 */
export function rateMany(core: KioskCore, count: number): string[] {
  const db = core.database!;
  writeSetting(db, 'maxRatingsPerSessionPerMinute', 60, Date.now());
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 50 === 0) startSession(db, DEMO_OFFICER_ID, DEMO_COUNTER_ID, Date.now(), 'test');
    const submitted = core.call('submitRating', draft(((i % 3) + 1) as 1 | 2 | 3, { durationMs: 1500 + (i % 7) * 311 }));
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.code}`);
    const id = (submitted.value as { id: string }).id;
    const finished = core.call('finishRating', { id });
    if (!finished.ok) throw new Error(`finish refused: ${finished.error.code}`);
    ids.push(id);
  }
  return ids;
}

export function unsentIds(db: Database): string[] {
  return (db.prepare('SELECT id FROM ratings WHERE sent_at IS NULL ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
}

/** Asserts the end state every sync test wants: the server holds exactly `expected`, each once. */
export async function serverRatingIds(server: RunningServer): Promise<string[]> {
  return (await server.admin.ratingIds()).slice().sort();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until `done` holds; fails with `what` if it never does. Polls, asserts no timing. */
export async function eventually(done: () => boolean, what: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}
