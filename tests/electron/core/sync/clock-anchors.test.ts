/**
 * A wrong clock never costs a rating (issue 13, finding 7). The review set a kiosk's clock to 2001,
 * made ratings, corrected the clock before sync: the server refused all 9 as "too old" and the
 * kiosk quarantined them for good. Here the same, on the real server, in the three ways it happens.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import type { BootClock } from '../../../../electron/core/boot-clock';
import { migrate } from '../../../../electron/core/db/migrate';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import { startSession } from '../../../../electron/core/sessions';
import { writeSetting } from '../../../../electron/core/settings';
import { anchorsOf, keepAnchor, readAnchor } from '../../../../electron/core/sync/clock-anchors';
import { recentQuarantined } from '../../../../electron/core/sync/outbox';
import { draft, tempDir } from '../helpers';
import { DEMO_OFFICER_ID, enrol, startDemoServer, syncKiosk, unsentIds } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

const YEAR_2001 = Date.UTC(2001, 0, 1, 1, 0, 0);
const RATINGS = 9;

/** One start of the kiosk core on `dataDir`: its own boot id and monotonic clock, and a wall clock `skew` off. */
function boot(dataDir: string, clock: { skewMs: number }) {
  const startedAt = performance.now();
  const bootClock: BootClock = { bootId: randomUUID(), monotonicMs: () => Math.floor(performance.now() - startedAt) };
  return { ...syncKiosk({ dataDir, now: () => Date.now() + clock.skewMs, bootClock }), bootClock };
}

/** A kiosk enrolled and synced once with its clock right, then stopped. */
async function enrolledKiosk() {
  const dataDir = tempDir('kiosk-clock-');
  const first = boot(dataDir, { skewMs: 0 });
  await enrol(first.core, server);
  expect((await first.engine.syncNow({ full: true })).ok).toBe(true);
  first.core.close();
  return dataDir;
}

/** `count` ratings through the KioskApi, each with the true time it was made; finished unless `leftOpen`. */
function rate(kiosk: ReturnType<typeof boot>, count: number, leftOpen = false): { id: string; at: number }[] {
  const db = kiosk.core.database!;
  writeSetting(db, 'maxRatingsPerSessionPerMinute', 60, Date.now());
  startSession(db, DEMO_OFFICER_ID, DEMO_COUNTER_ID, Date.now(), 'test');
  return Array.from({ length: count }, () => {
    const at = Date.now();
    const submitted = kiosk.core.call('submitRating', draft(3));
    if (!submitted.ok) throw new Error(submitted.error.message);
    if (!leftOpen) kiosk.core.call('finishRating', { id: submitted.value.id });
    return { id: submitted.value.id, at };
  });
}

/** Every rating is on the server, at its true time unless flagged; the kiosk keeps none back. */
async function expectAllArrived(kiosk: ReturnType<typeof boot>, made: { id: string; at: number }[], timeUncertain: boolean) {
  const stored = new Map((await server.admin.listRatings()).map((r) => [r.id, r]));
  for (const { id, at } of made) {
    const rating = stored.get(id);
    expect(rating, id).toBeDefined();
    expect(rating!.timeUncertain).toBe(timeUncertain);
    if (!timeUncertain) expect(Math.abs(rating!.correctedAt - at), id).toBeLessThan(5_000);
  }
  expect(recentQuarantined(kiosk.core.database!)).toEqual([]);
  expect(unsentIds(kiosk.core.database!)).toEqual([]);
}

describe('ratings made while the kiosk’s clock said 2001, the clock corrected before sync', () => {
  it('in the same run of the kiosk: all 9 reach the server at their true time, none quarantined', async () => {
    const dataDir = await enrolledKiosk();
    const clock = { skewMs: 0 };
    const kiosk = boot(dataDir, clock);
    expect((await kiosk.engine.syncNow({ full: true })).ok).toBe(true);
    clock.skewMs = YEAR_2001 - Date.now(); // a CMOS reset, say
    const made = rate(kiosk, RATINGS);
    expect(kiosk.core.database!.prepare('SELECT max(created_at) AS at FROM ratings').get()).toEqual({ at: expect.toSatisfy((at: number) => at < Date.UTC(2002, 0, 1)) });
    clock.skewMs = 0; // IT staff (or NTP) set it right
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, sent: RATINGS, quarantined: 0 });
    await expectAllArrived(kiosk, made, false);
    kiosk.core.close();
  });

  it('across a restart, the boot of the ratings anchored by a signed answer it got: all 9 at their true time', async () => {
    const dataDir = await enrolledKiosk();
    // Power returns with the clock in 2001; citizens rate before the network is up, and a power
    // cut ends their flows. The network came up meanwhile: the boot got signed server times.
    const cut = boot(dataDir, { skewMs: YEAR_2001 - Date.now() });
    const made = rate(cut, RATINGS, true);
    expect((await cut.engine.syncNow({ full: true })).ok).toBe(true);
    expect(readAnchor(cut.core.database!, cut.bootClock.bootId)).not.toBeNull();
    cut.core.close();
    const next = boot(dataDir, { skewMs: 0 });
    expect(await next.engine.syncNow()).toMatchObject({ ok: true, sent: RATINGS, quarantined: 0 });
    await expectAllArrived(next, made, false);
    next.core.close();
  });

  it('across a restart, the boot of the ratings never anchored: all 9 reach the server, flagged time-uncertain', async () => {
    const dataDir = await enrolledKiosk();
    const offline = boot(dataDir, { skewMs: YEAR_2001 - Date.now() });
    const made = rate(offline, RATINGS);
    offline.core.close();
    const next = boot(dataDir, { skewMs: 0 });
    expect(await next.engine.syncNow()).toMatchObject({ ok: true, sent: RATINGS, quarantined: 0 });
    await expectAllArrived(next, made, true);
    next.core.close();
  });
});

describe('the anchors a kiosk keeps', () => {
  function database() {
    const db = new Database(':memory:');
    migrate(db);
    return db;
  }

  it('are written again only when they predict the server’s time a second or more wrong', () => {
    const db = database();
    keepAnchor(db, { bootId: 'b1', monotonicMs: 1_000, serverTime: 1_764_560_000_000 }, 1);
    keepAnchor(db, { bootId: 'b1', monotonicMs: 61_000, serverTime: 1_764_560_060_400 }, 2);
    expect(readAnchor(db, 'b1')).toEqual({ bootId: 'b1', monotonicMs: 1_000, serverTime: 1_764_560_000_000 });
    keepAnchor(db, { bootId: 'b1', monotonicMs: 121_000, serverTime: 1_764_560_121_500 }, 3);
    expect(readAnchor(db, 'b1')).toEqual({ bootId: 'b1', monotonicMs: 121_000, serverTime: 1_764_560_121_500 });
  });

  it('are kept for boots whose ratings are unsent, and pruned for the others when a new boot anchors', () => {
    const db = database();
    keepAnchor(db, { bootId: 'sent-boot', monotonicMs: 1, serverTime: 1_764_560_000_000 }, 1);
    keepAnchor(db, { bootId: 'unsent-boot', monotonicMs: 1, serverTime: 1_764_560_000_000 }, 1);
    db.prepare(
      `INSERT INTO ratings (seq, id, flow_id, device_id, unit_id, counter_id, desk_role, created_at, scale, score, criteria,
         locale, app_version, updated_at, boot_id, monotonic_ms) VALUES (1, 'r1', 'f1', 'd', 'u', 'c', 'reception', 1, 'vn3', 3, '{}', 'vi', '1', 1, 'unsent-boot', 5)`,
    ).run();
    keepAnchor(db, { bootId: 'new-boot', monotonicMs: 1, serverTime: 1_764_560_000_000 }, 2);
    expect(anchorsOf(db, ['sent-boot', 'unsent-boot', 'new-boot', 'unsent-boot']).map((a) => a.bootId)).toEqual(['unsent-boot', 'new-boot']);
  });
});
