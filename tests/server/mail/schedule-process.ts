// The monthly schedule alone in a process of its own, for the restart test: the server's data
// folder (PGlite) given in DATA_DIR, a fixed clock in NOW (ms), a pass every 200 ms, each pass's
// summary printed as a JSON line. Killed with SIGKILL by the test, as a crash or power cut would.
import { openDatabase } from '../../../server/db/connect';
import { runMonthlyReports } from '../../../server/mail/monthly-reports';
import { SecretKeyRing } from '../../../server/secret-keys';

const { db } = await openDatabase({ dataDir: process.env.DATA_DIR! });
const now = Number(process.env.NOW);
console.log('ready');
for (;;) {
  const summary = await runMonthlyReports(db, { now: () => now, keys: SecretKeyRing.development(), timeouts: { connect: 2_000, greeting: 2_000, idle: 120_000 } });
  console.log(JSON.stringify(summary));
  await new Promise((resolve) => setTimeout(resolve, 200));
}
