import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { recentAudit } from '../../../../electron/core/audit';
import { currentSession } from '../../../../electron/core/sessions';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import { DEVICE_SECRET_FILE } from '../../../../electron/core/sync/secret-store';
import { readKioskSettings } from '../../../../electron/core/settings';
import { recentJournal } from '../../../../electron/core/sync/state';
import { draft } from '../helpers';
import {
  DEMO_OFFICER_ID,
  enrol,
  enrolmentCode,
  eventually,
  rateMany,
  serverRatingIds,
  sleep,
  startDemoServer,
  syncKiosk,
  unsentIds,
} from './helpers';
import demoRoster from '../../../../assets/demo/roster.json';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(kioskOptions: Parameters<typeof syncKiosk>[0] = {}) {
  const server = await startDemoServer();
  cleanups.push(() => server.close());
  const kiosk = syncKiosk(kioskOptions);
  cleanups.push(() => kiosk.core.close());
  return { server, ...kiosk };
}

describe('sync engine against the provincial server', () => {
  it('enrols with a code, sends every thanked rating once, and reports it to IT staff', async () => {
    const { server, core, engine, logs, dataDir } = await setup();
    const ids = rateMany(core, 7);
    expect(engine.status()).toMatchObject({ enrolled: false, phase: 'not_enrolled', pendingCount: 7 });

    // Enrolment and the first sync happen in one run: the backlog leaves at once.
    const status = await enrol(core, server);
    expect(status).toMatchObject({ enrolled: true, serverUrl: server.url, unitId: 'bg-ttpvhcc' });
    expect(await serverRatingIds(server)).toEqual([...ids].sort());

    const after = core.call('getSyncStatus', undefined);
    expect(after.ok && after.value).toMatchObject({
      phase: 'idle',
      pendingCount: 0,
      oldestPendingAgeMs: null,
      quarantinedCount: 0,
      lastError: null,
    });
    expect(after.ok && typeof (after.value as { lastSuccessAt: unknown }).lastSuccessAt).toBe('number');
    expect(after.ok && typeof (after.value as { clockOffsetMs: unknown }).clockOffsetMs).toBe('number');

    // The device secret lives in a 0600 file, and nowhere else: not the database, not the logs.
    const secret = readFileSync(join(dataDir, DEVICE_SECRET_FILE), 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    if (process.platform !== 'win32') expect(statSync(join(dataDir, DEVICE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(logs.join('\n')).not.toContain(secret);
    expect(readFileSync(join(dataDir, 'kiosk.db')).includes(Buffer.from(secret))).toBe(false);
    expect(JSON.stringify(after)).not.toContain(secret);

    // A second run sends nothing more.
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 0 });
    expect((await server.admin.listRatings()).length).toBe(7);
  });

  it('sends in batches of at most 500, in seq order, each acknowledged by its own batch', async () => {
    const { server, core, engine } = await setup();
    await enrol(core, server);
    const ids = rateMany(core, 1_150);
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 1_150, batches: 3 });
    const db = core.database!;
    const batches = db
      .prepare('SELECT sent_batch_id AS b, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM ratings GROUP BY b ORDER BY lo')
      .all() as { b: string; n: number; lo: number; hi: number }[];
    expect(batches.map((b) => b.n)).toEqual([500, 500, 150]);
    expect(batches[0]!.hi).toBeLessThan(batches[1]!.lo);
    expect(await serverRatingIds(server)).toEqual([...ids].sort());
  });

  it('refuses a wrong enrolment code clearly and stays unenrolled', async () => {
    const { server, core, engine } = await setup();
    const queued = core.call('enrollDevice', { serverUrl: server.url, enrollmentCode: 'WRONG-CODE-123' });
    expect(queued.ok).toBe(true);
    await engine.syncNow();
    const status = engine.status();
    expect(status).toMatchObject({ enrolled: false, phase: 'not_enrolled', enrolment: { pending: false } });
    expect(status.enrolment.error?.message).toMatch(/enrolment refused: 403 enrollment_code_unknown/);
  });

  it('does not let an enrolled kiosk be redirected without an explicit replace', async () => {
    const { server, core } = await setup();
    await enrol(core, server);
    const again = core.call('enrollDevice', { serverUrl: 'https://elsewhere.example', enrollmentCode: 'ABCDEF123' });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.error.code).toBe('refused');
    const bad = core.call('enrollDevice', { serverUrl: 'ftp://x.example', enrollmentCode: 'ABCDEF123', replace: true });
    expect(!bad.ok && bad.error.message).toMatch(/https:\/\/ URL/);
  });

  it('does not send a rating still open for details, nor wait for it; sends it once closed', async () => {
    const { server, core, engine } = await setup();
    await enrol(core, server);
    const open = core.call('submitRating', draft(2));
    const id = open.ok ? (open.value as { id: string }).id : '';
    const later = rateMany(core, 2);
    expect(await engine.syncNow()).toMatchObject({ sent: 2 });
    expect(await serverRatingIds(server)).toEqual([...later].sort());
    core.call('updateRating', { id, comment: 'Cán bộ rất nhiệt tình' });
    core.call('finishRating', { id });
    expect(await engine.syncNow()).toMatchObject({ sent: 1 });
    const stored = await server.admin.listRatings();
    expect(stored.find((r) => r.id === id)?.comment).toBe('Cán bộ rất nhiệt tình');
  });

  it('marks a replayed rating sent when the server answers duplicate, storing nothing twice', async () => {
    const { server, core, engine } = await setup();
    const ids = rateMany(core, 5);
    await enrol(core, server);
    // The answer was "lost": the kiosk still believes the ratings unsent and sends them again.
    core.database!.prepare('UPDATE ratings SET sent_at = NULL, sent_batch_id = NULL').run();
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 5, quarantined: 0 });
    expect(unsentIds(core.database!)).toEqual([]);
    expect((await server.admin.listRatings()).length).toBe(5);
    expect(await serverRatingIds(server)).toEqual([...ids].sort());
  });

  it('quarantines a conflicting and a rejected rating, shows them to IT staff, and never sends them again', async () => {
    const { server, core, engine } = await setup();
    const [first] = rateMany(core, 1);
    await enrol(core, server);
    const db = core.database!;
    // Same id, different content: a conflict. A counter of another unit: rejected by validation.
    db.prepare('UPDATE ratings SET sent_at = NULL, score = CASE score WHEN 1 THEN 2 ELSE 1 END WHERE id = ?').run(first);
    const [second, third] = rateMany(core, 2);
    db.prepare(`UPDATE ratings SET counter_id = 'ln-q01' WHERE id = ?`).run(second);
    const run = await engine.syncNow();
    expect(run).toMatchObject({ ok: true, sent: 1, quarantined: 2 });
    const status = engine.status();
    expect(status.quarantinedCount).toBe(2);
    expect(status.pendingCount).toBe(0);
    const reasons = Object.fromEntries(status.quarantined.map((q) => [q.id, q.reason]));
    expect(reasons[first!]).toMatch(/^conflict/);
    expect(reasons[second!]).toMatch(/^rejected by the server: counterId/);
    expect(await serverRatingIds(server)).toEqual([first!, third!].sort());
    expect(await server.admin.conflictIds()).toEqual([first]);
    // Not retried blindly: the next run has nothing to send.
    expect(await engine.syncNow()).toMatchObject({ sent: 0, quarantined: 0, batches: 0 });
  });

  it('corrects its clock offset from a clock_skew refusal and retries at once', async () => {
    const clock = { skewMs: 0 };
    const { server, core, engine } = await setup({ now: () => Date.now() + clock.skewMs });
    await enrol(core, server);
    const ids = rateMany(core, 3);
    // The kiosk's clock jumps 2 hours ahead (a dead CMOS battery, a wrong manual setting).
    clock.skewMs = 2 * 60 * 60 * 1000;
    const run = await engine.syncNow();
    expect(run).toMatchObject({ ok: true, sent: 3 });
    expect(engine.status().clockOffsetMs).toBeLessThan(-(2 * 60 * 60 * 1000) + 60_000);
    expect(await serverRatingIds(server)).toEqual([...ids].sort());
  });

  it('keeps ratings when the device is revoked: nothing is stored, the error is shown, ratings stay pending', async () => {
    const { server, core, engine } = await setup();
    const status = await enrol(core, server);
    await server.admin.revokeDevice(status.serverDeviceId!);
    rateMany(core, 4);
    const run = await engine.syncNow();
    expect(run.ok).toBe(false);
    expect(engine.status()).toMatchObject({ phase: 'retrying', pendingCount: 4 });
    expect(engine.status().lastError?.message).toMatch(/device_revoked/);
    expect(await server.admin.ratingIds()).toEqual([]);
  });

  it('takes a roster change without restart: a deactivated officer who is logged in is logged out, audited', async () => {
    const { server, core, engine } = await setup();
    await enrol(core, server);
    const db = core.database!;
    expect(currentSession(db, DEMO_COUNTER_ID)?.staffId).toBe(DEMO_OFFICER_ID);
    const roster = structuredClone(demoRoster) as { staff: { id: string; active: boolean }[] };
    roster.staff.find((s) => s.id === DEMO_OFFICER_ID)!.active = false;
    await server.admin.importRoster(roster);
    await engine.syncNow({ full: true });
    expect(currentSession(db, DEMO_COUNTER_ID)).toBeNull();
    expect(recentAudit(db, 20).find((a) => a.action === 'logout')?.details).toMatchObject({
      reason: 'deactivated_by_roster',
    });
    expect(core.call('submitRating', draft(3))).toMatchObject({ ok: false, error: { code: 'rating_disabled' } });
  });

  it('applies the server’s config and sends a heartbeat the fleet list shows', async () => {
    const { server, core, engine } = await setup();
    await server.admin.setConfig('*', { idleTimeoutMs: 45_000 });
    const status = await enrol(core, server);
    rateMany(core, 2);
    // Nothing sent yet: the heartbeat reports the backlog as it was at that moment.
    await engine.syncNow();
    expect(core.call('getKioskState', undefined)).toMatchObject({ ok: true, value: { settings: { idleTimeoutMs: 45_000 } } });
    const device = (await server.admin.listDevices()).find((d) => d.deviceId === status.serverDeviceId);
    expect(device).toMatchObject({ pendingCount: 0, lastError: null });
    expect(typeof device?.clockOffsetMs).toBe('number');
    expect(recentJournal(core.database!, 50).some((j) => j.kind === 'config' && j.details.ok === true)).toBe(true);
  });

  it('enrols from a provisioning file at first start and renames it, so the code is read once', async () => {
    const server = await startDemoServer();
    cleanups.push(() => server.close());
    const { tempDir } = await import('../helpers');
    const dataDir = tempDir('kiosk-prov-');
    writeFileSync(join(dataDir, 'provisioning.json'), JSON.stringify({ serverUrl: `${server.url}/`, enrollmentCode: await enrolmentCode(server), deviceName: 'Quầy 01' }));
    const { core, engine } = syncKiosk({ dataDir });
    cleanups.push(() => core.close());
    expect(existsSync(join(dataDir, 'provisioning.json'))).toBe(false);
    expect(readdirSync(dataDir).some((f) => f.startsWith('provisioning.json.consumed-'))).toBe(true);
    expect(engine.status()).toMatchObject({ phase: 'enrolling', enrolment: { pending: true, source: 'provisioning' } });
    await engine.syncNow();
    expect(engine.status()).toMatchObject({ enrolled: true, serverUrl: server.url });
    expect((await server.admin.listDevices())[0]?.name).toBe('Quầy 01');
  });

  it('reports an unreadable provisioning file to IT staff and renames it aside', async () => {
    const { tempDir } = await import('../helpers');
    const dataDir = tempDir('kiosk-prov-');
    writeFileSync(join(dataDir, 'provisioning.json'), '{"serverUrl": "https://x.example"');
    const { core, engine } = syncKiosk({ dataDir });
    cleanups.push(() => core.close());
    expect(engine.status().enrolment.error?.message).toMatch(/provisioning file refused \(not valid JSON/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('provisioning.json.invalid-'))).toBe(true);
  });
});

export type { RunningServer };

describe('when the engine sends by itself', () => {
  async function autoSyncingKiosk() {
    const { server, core, engine } = await setup({ sync: { autoSync: true } });
    expect(core.call('enrollDevice', { serverUrl: server.url, enrollmentCode: await enrolmentCode(server) }).ok).toBe(true);
    await eventually(() => engine.status().enrolled && engine.status().phase === 'idle', 'enrolled', 20_000);
    const settings = readKioskSettings(core.database!);
    // The next run on the interval is a minute away: only the closed rating can bring a send sooner.
    expect(settings).toMatchObject({ syncIntervalMs: 60_000, syncQuietDelayMs: 3_000 });
    return { server, core, engine, quietDelayMs: settings.syncQuietDelayMs };
  }

  it('a finished rating is on the server within a few seconds (the quiet delay), not a minute', async () => {
    const { server, core, quietDelayMs } = await autoSyncingKiosk();
    const [id] = rateMany(core, 1);
    const deadline = Date.now() + quietDelayMs + 3_000;
    while (!(await server.admin.ratingIds()).includes(id!)) {
      if (Date.now() > deadline) throw new Error(`the finished rating was not on the server within ${quietDelayMs} ms and a margin`);
      await sleep(100);
    }
  }, 60_000);

  it('a burst of finished ratings goes as one batch', async () => {
    const { server, core, quietDelayMs } = await autoSyncingKiosk();
    const ids = rateMany(core, 5);
    const deadline = Date.now() + quietDelayMs + 3_000;
    let stored = await server.admin.listRatings();
    while (stored.length < ids.length) {
      if (Date.now() > deadline) throw new Error(`only ${stored.length} of ${ids.length} ratings reached the server in time`);
      await sleep(100);
      stored = await server.admin.listRatings();
    }
    expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(new Set(stored.map((r) => r.batchId)).size).toBe(1);
  }, 60_000);
});
