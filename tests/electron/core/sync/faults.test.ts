import { afterEach, describe, expect, it } from 'vitest';
import { updateKioskSettings } from '../../../../electron/core/settings';
import { seededRandom, startFaultProxy, type FaultProxy } from '../../../sync/fault-proxy';
import { enrolmentCode, eventually, rateMany, serverRatingIds, sleep, startDemoServer, syncKiosk } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('sync through a faulty network', () => {
  it(
    'delivers thousands of thanked ratings exactly once through latency, resets, cut responses, 500 and 429',
    async () => {
      const seed = Number(process.env.SYNC_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
      const server = await startDemoServer({ limits: { deviceBurst: 1_000, devicePerSecond: 1_000 } });
      cleanups.push(() => server.close());
      const proxy: FaultProxy = await startFaultProxy({ upstreamPort: server.port, maxLatencyMs: 30, random: seededRandom(seed) });
      cleanups.push(() => proxy.close());
      // The engine syncs by itself, as on a kiosk; its backoff schedule is compressed 50 times.
      const t0 = Date.now();
      const { core, engine } = syncKiosk({ sync: { autoSync: true, backoffScale: 0.02 }, log: (l) => console.log(`${Date.now() - t0} ${l}`) });
      cleanups.push(() => core.close());
      updateKioskSettings(core.database!, { syncAfterRatings: 20, syncIntervalMs: 5_000 }, Date.now());

      // Enrolment goes through a calm network (enrol-replay.test.ts covers a lost enrolment answer).
      core.call('enrollDevice', { serverUrl: proxy.url, enrollmentCode: await enrolmentCode(server) });
      await eventually(() => engine.status().enrolled, 'enrolled', 20_000);
      // Every kind of fault happens at least once (scripted first), then at random.
      proxy.setRates({ reset: 0.08, cut_after_commit: 0.12, status_500: 0.08, status_429: 0.06 }, [
        'cut_after_commit',
        'reset',
        'status_500',
        'status_429',
        'cut_after_commit',
      ]);

      const thanked: string[] = [];
      for (let round = 0; round < 70; round++) {
        thanked.push(...rateMany(core, 30));
        await sleep(60);
      }
      await eventually(() => engine.status().pendingCount === 0, 'every rating is acknowledged', 150_000);

      const faults = { ...proxy.counts };
      console.log(`fault test (seed ${seed}): ${thanked.length} ratings, requests by fate ${JSON.stringify(faults)}`);
      const stored = await server.admin.listRatings();
      expect(stored.length, `seed ${seed}`).toBe(thanked.length);
      expect(await serverRatingIds(server), `seed ${seed}`).toEqual([...thanked].sort());
      expect(await server.admin.conflictIds()).toEqual([]);
      expect(engine.status().quarantinedCount).toBe(0);
      for (const fault of ['reset', 'cut_after_commit', 'status_500', 'status_429'] as const) {
        expect(faults[fault], `${fault} (seed ${seed})`).toBeGreaterThan(0);
      }
      // Requests also went through cleanly (how many depends on how the load batched the ratings).
      expect(faults.pass).toBeGreaterThan(0);
    },
    240_000,
  );
});
