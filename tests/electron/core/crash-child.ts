/**
 * Child of the crash test: submits ratings in a loop through the real core and prints each id
 * only after submitRating returned — the moment the kiosk would thank the citizen. The parent
 * kills it with SIGKILL at a random moment.
 */
import { openSync, writeSync } from 'node:fs';
import { seedDemoData } from '../../../electron/core/demo';
import { KioskCore } from '../../../electron/core/kiosk-core';
import { updateKioskSettings } from '../../../electron/core/settings';
import { uuidv7 } from '../../../shared/uuid';

const dataDir = process.argv[2];
const thankedLog = process.argv[3];
if (!dataDir || !thankedLog) throw new Error('usage: crash-child <dataDir> <thankedLog>');
// Thanked ids go to a plain file: a write to it lands in the OS's cache at once and survives the
// kill, and unlike a pipe it never blocks or refuses a write while the parent is busy.
const thanked = openSync(thankedLog, 'a');
// Each rating a minute after the last on the core's clock, so that the per-session cap (an
// anti-abuse rule for real counters) never refuses this machine-gun test.
let clock = Date.UTC(2026, 0, 1);
const core = new KioskCore({ dataDir, appVersion: 'crash-test', onOpen: seedDemoData, log: () => {}, now: () => clock });
const latest = core.database!.prepare('SELECT max(created_at) AS at FROM ratings').get() as { at: number | null };
clock = Math.max(clock, latest.at ?? 0);
// The fake clock runs through shift ends and inactivity logouts: rate the counter regardless.
updateKioskSettings(core.database!, { allowRatingWithoutOfficer: true }, clock);
writeSync(1, 'ready\n');
for (;;) {
  clock += 61_000;
  const result = core.call('submitRating', { flowId: uuidv7(), scale: 'vn3', score: 2, locale: 'vi' });
  if (!result.ok) {
    writeSync(2, `submit failed: ${JSON.stringify(result.error)}\n`);
    process.exit(1);
  }
  writeSync(thanked, `thanked ${(result.value as { id: string }).id}\n`);
}
