import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { insertClosedRatings } from '../../../sync/bulk-ratings';
import { tempDir } from '../helpers';
import { enrol, eventually, serverRatingIds, startDemoServer, syncKiosk } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY = 24 * 60 * 60 * 1000;

describe('a kiosk offline for a week', () => {
  // The full size (50,000 ratings) runs as `npm run bench -- sync-offline-week`; this is its smaller twin.
  it('catches up by itself when the server returns, every rating once', async () => {
    const serverDir = tempDir('server-offline-');
    let server: RunningServer = await startDemoServer({ dataDir: serverDir });
    const port = server.port;
    cleanups.push(() => server.close());
    const { core, engine } = syncKiosk({ sync: { autoSync: true, backoffScale: 0.01 } });
    cleanups.push(() => core.close());
    await enrol(core, server);
    await server.close();

    // A week of ratings while the server is unreachable.
    const count = 5_000;
    const ids = insertClosedRatings(core.database!, { count, startAt: Date.now() - 7 * DAY, spacingMs: Math.floor((7 * DAY) / count) });
    engine.networkChanged(); // (or its own timer) — either way it fails and backs off
    await eventually(() => engine.status().consecutiveFailures >= 3, 'the engine has failed a few times', 30_000);
    expect(engine.status()).toMatchObject({ phase: 'retrying', pendingCount: count });
    expect(engine.status().oldestPendingAgeMs).toBeGreaterThan(6 * DAY);

    // The server comes back on the same address with the same database; nobody touches the kiosk.
    server = await startDemoServer({ dataDir: serverDir, port });
    await eventually(() => engine.status().pendingCount === 0, 'the backlog is drained', 60_000);
    expect(await serverRatingIds(server)).toEqual([...ids].sort());
    expect(engine.status()).toMatchObject({ phase: 'idle', quarantinedCount: 0, consecutiveFailures: 0 });
  }, 120_000);
});
