/**
 * Child kiosk of the kill -9 sync test: a real core with its sync engine running by itself
 * against a server. In 'rate' mode it submits ratings in a loop and prints each id only after
 * submitRating returned (the thank-you); the parent SIGKILLs it at a random moment, mostly in
 * the middle of a sync. In 'drain' mode it rates nothing and exits once nothing is pending.
 *   node --import tsx tests/sync/sync-child.ts <dataDir> <rate|drain>  (the test runs it bundled: tests/node-bundle.ts)
 */
import { writeSync } from 'node:fs';
import { DEMO_COUNTER_ID, seedDemoData } from '../../electron/core/demo';
import { KioskCore } from '../../electron/core/kiosk-core';
import { startSession } from '../../electron/core/sessions';
import { updateKioskSettings } from '../../electron/core/settings';
import { FileSecretStore } from '../../electron/core/sync/secret-store';
import { uuidv7 } from '../../shared/uuid';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || (mode !== 'rate' && mode !== 'drain')) throw new Error('usage: sync-child <dataDir> <rate|drain>');

// The drain comes "later": 16 minutes on, a rating the kill left open for details has closed by
// itself. The kiosk's clock is then 16 minutes off the server's, which the engine corrects.
const shift = mode === 'drain' ? 16 * 60 * 1000 : 0;
const core = new KioskCore({
  dataDir,
  appVersion: '0.1.0-test',
  now: () => Date.now() + shift,
  // On the real clock: not logged out at the end of a shift in the middle of a run.
  onOpen: (db, now) => seedDemoData(db, now, { automaticLogout: false }),
  log: (line) => writeSync(2, `${line}\n`),
  sync: { secrets: new FileSecretStore(dataDir), dataDir, watchNetwork: false, backoffScale: 0.05 },
});
const db = core.database!;
updateKioskSettings(db, { syncAfterRatings: 15, syncIntervalMs: 5_000, maxRatingsPerSessionPerMinute: 60 }, Date.now());
writeSync(1, 'ready\n');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (mode === 'rate') {
  for (let i = 0; ; i++) {
    if (i % 50 === 0) startSession(db, 'st-000101', DEMO_COUNTER_ID, Date.now(), 'test');
    const submitted = core.call('submitRating', { flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi' });
    if (!submitted.ok) {
      writeSync(2, `submit failed: ${JSON.stringify(submitted.error)}\n`);
      process.exit(1);
    }
    const id = (submitted.value as { id: string }).id;
    core.call('finishRating', { id });
    writeSync(1, `thanked ${id}\n`);
    if (i % 5 === 4) await sleep(2); // the engine runs in the gaps, as between citizens
  }
} else {
  const deadline = Date.now() + 100_000;
  while (core.sync!.status().pendingCount > 0 && Date.now() < deadline) await sleep(50);
  const pending = core.sync!.status().pendingCount;
  writeSync(1, `drained ${pending}\n`);
  core.close();
  process.exit(pending === 0 ? 0 : 1);
}
