/**
 * The fleet at a province's scale on PGlite: KIOSKS kiosks (400 by default) spread over the demo
 * roster's counters, each with BEATS heartbeats of history. Measures what one heartbeat adds for
 * the fleet (its record and its kiosk's alerts judged), a round of the alert watch over the whole
 * fleet, and the work behind the console's Kiosks page (GET /fleet: alerts judged, every kiosk
 * with its status, the alerts listed).
 *
 *   npm run bench -- fleet-page          KIOSKS=… BEATS=…
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import demoRoster from '../assets/demo/roster.json';
import { openDatabase } from '../server/db/connect';
import { evaluateAlerts, listAlerts } from '../server/fleet/alerts';
import { fleetKiosks } from '../server/fleet/fleet-view';
import { recordFleetHeartbeat } from '../server/fleet/heartbeats';
import { importRoster } from '../server/roster';
import { summarize } from './stats';
import { sealUnknownSecret } from '../server/devices';
import { SecretKeyRing } from '../server/secret-keys';

const kioskCount = Number(process.env.KIOSKS ?? 400);
const beatsPerKiosk = Number(process.env.BEATS ?? 5);
/** Monday 2026-11-23, 09:00 in Vietnam: units are open, so silence is judged. */
const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);

const dir = mkdtempSync(join(tmpdir(), 'nucuoi-fleet-bench-'));
const opened = await openDatabase({ dataDir: dir });
const { db } = opened;
const keys = SecretKeyRing.development();
try {
  await importRoster(db, demoRoster);
  const counters = await db.selectFrom('counters').select(['id', 'unit_id']).execute();
  const devices = Array.from({ length: kioskCount }, (_, i) => {
    const counter = counters[i % counters.length]!;
    // Most heard a minute ago; one in ten silent for 40 minutes (offline, with an alert).
    const heard = i % 10 === 0 ? NOW - 40 * 60_000 : NOW - 60_000;
    const id = randomUUID();
    return {
      id,
      ...sealUnknownSecret(keys, id),
      unit_id: counter.unit_id,
      counter_id: counter.id,
      name: `Kiosk ${i + 1}`,
      app_version: '0.3.0',
      enrolled_at: NOW - 30 * 86_400_000,
      revoked_at: null,
      last_seen_at: heard,
      last_heartbeat_at: heard,
      pending_count: i % 7,
      oldest_pending_age_ms: i % 7 ? 30_000 : null,
      last_error: null,
      clock_offset_ms: i % 25 === 0 ? 200_000 : 120,
    };
  });
  for (let i = 0; i < devices.length; i += 100) await db.insertInto('devices').values(devices.slice(i, i + 100)).execute();

  const beatMs: number[] = [];
  for (let round = 0; round < beatsPerKiosk; round += 1) {
    for (const device of devices) {
      const beat = { appVersion: '0.3.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 120, freeDiskBytes: 20e9, rosterVersion: '"r1"', settingsVersion: '"s1"', settingsProblems: [] };
      const started = performance.now();
      await recordFleetHeartbeat(db, device, beat, NOW - (beatsPerKiosk - round) * 300_000);
      await evaluateAlerts(db, NOW, { deviceId: device.id });
      beatMs.push(performance.now() - started);
    }
  }
  // The heartbeats above made everyone recent: put the silent ones back to silence.
  await db
    .updateTable('devices')
    .set({ last_heartbeat_at: NOW - 40 * 60_000 })
    .where('id', 'in', devices.filter((_, i) => i % 10 === 0).map((d) => d.id))
    .execute();

  const roundMs: number[] = [];
  const pageMs: number[] = [];
  let shown = 0;
  let alerts = 0;
  for (let i = 0; i < 20; i += 1) {
    let started = performance.now();
    await evaluateAlerts(db, NOW);
    roundMs.push(performance.now() - started);
    started = performance.now();
    await evaluateAlerts(db, NOW);
    const [kiosks, listed] = await Promise.all([fleetKiosks(db, NOW), listAlerts(db, NOW)]);
    pageMs.push(performance.now() - started);
    shown = kiosks.length;
    alerts = listed.length;
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  const figures = (samples: number[]) => {
    const s = summarize(samples);
    return { n: s.n, p50: round(s.p50), p95: round(s.p95) };
  };
  console.log(
    JSON.stringify({
      bench: 'fleet-page',
      node: process.version,
      load: round(loadavg()[0]!),
      kiosks: kioskCount,
      heartbeatsKept: kioskCount * beatsPerKiosk,
      kioskShown: shown,
      openAlerts: alerts,
      heartbeatFleetMs: figures(beatMs),
      alertRoundMs: figures(roundMs),
      fleetPageMs: figures(pageMs),
    }),
  );
} finally {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
}
