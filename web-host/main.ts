/**
 * `npm run kiosk:web`: serves the kiosk (renderer + core) on http://127.0.0.1:$KIOSK_PORT.
 *   KIOSK_PORT      port (default 5180; 0 picks a free one)
 *   KIOSK_DATA_DIR  folder of the SQLite database (default ./.kiosk-data)
 *   KIOSK_DEMO      "0" to start without the demo roster and officer (default: demo on)
 *   KIOSK_SERVER_URL, KIOSK_ENROLMENT_CODE  enrol with the provincial server at start (docs/sync.md);
 *                   ignored once the kiosk is enrolled. KIOSK_SERVER_URL alone: pair with that server
 *                   (a code on the admin screen for IT staff to approve in the console). The device secret is kept in
 *                   $KIOSK_DATA_DIR/device-secret (mode 0600). KIOSK_SYNC=0 turns sync off.
 *   KIOSK_ALLOW_HTTP "1" lets the kiosk use a plain http:// server other than this machine
 *                   (development only; https:// is required otherwise, docs/sync.md)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedShowcaseDemo } from '../electron/core/demo';
import { KioskCore } from '../electron/core/kiosk-core';
import { restrictNewFilesToOwner } from '../electron/core/private-files';
import { FileSecretStore } from '../electron/core/sync/secret-store';
import { APP_VERSION } from '../shared/version';
import { createWebHost, listen } from './server';

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 5180;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`KIOSK_PORT must be a port number (0-65535), got "${raw}"`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  // Ratings, comments and the device secret are for this account only (docs/security.md).
  restrictNewFilesToOwner();
  const port = parsePort(process.env.KIOSK_PORT);
  const dataDir = resolve(process.env.KIOSK_DATA_DIR || '.kiosk-data');
  const demo = process.env.KIOSK_DEMO !== '0';
  const here = fileURLToPath(new URL('.', import.meta.url));
  const rendererDir = resolve(process.env.KIOSK_RENDERER_DIR || resolve(here, '../renderer'));

  const core = new KioskCore({
    dataDir,
    appVersion: APP_VERSION,
    onOpen: demo ? seedShowcaseDemo : undefined,
    sync:
      process.env.KIOSK_SYNC === '0'
        ? undefined
        : { secrets: new FileSecretStore(dataDir), dataDir, allowHttp: process.env.KIOSK_ALLOW_HTTP === '1' },
  });
  enrolFromEnvironment(core);
  const server = createWebHost({ core, rendererDir, port });
  const boundPort = await listen(server, port);
  console.log(`Nụ cười kiosk: http://127.0.0.1:${boundPort}/  (data: ${dataDir})`);

  const stop = () => {
    server.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** KIOSK_SERVER_URL + KIOSK_ENROLMENT_CODE: queue the enrolment once; an enrolled kiosk keeps its enrolment. */
function enrolFromEnvironment(core: KioskCore): void {
  const serverUrl = process.env.KIOSK_SERVER_URL;
  const enrollmentCode = process.env.KIOSK_ENROLMENT_CODE;
  if (!core.sync || !serverUrl) return;
  if (core.sync.status().enrolled) {
    if (enrollmentCode) console.log('sync: already enrolled; KIOSK_ENROLMENT_CODE is not used');
    return;
  }
  if (!enrollmentCode) {
    if (core.sync.status().pairing) return; // pairing under way since an earlier start
    const started = core.sync.startPairing({ serverUrl });
    console.log(started.ok ? `sync: pairing with ${serverUrl}` : `sync: cannot pair: ${started.message}`);
    return;
  }
  const queued = core.sync.requestEnrolment({ serverUrl, enrollmentCode }, 'environment');
  console.log(queued.ok ? `sync: enrolling with ${serverUrl}` : `sync: cannot enrol: ${queued.message}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
