/**
 * `npm run kiosk:web`: serves the kiosk (renderer + core) on http://127.0.0.1:$KIOSK_PORT.
 *   KIOSK_PORT      port (default 5180; 0 picks a free one)
 *   KIOSK_DATA_DIR  folder of the SQLite database (default ./.kiosk-data)
 *   KIOSK_DEMO      "0" to start without the demo roster and officer (default: demo on)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoData } from '../electron/core/demo';
import { KioskCore } from '../electron/core/kiosk-core';
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
  const port = parsePort(process.env.KIOSK_PORT);
  const dataDir = resolve(process.env.KIOSK_DATA_DIR || '.kiosk-data');
  const demo = process.env.KIOSK_DEMO !== '0';
  const here = fileURLToPath(new URL('.', import.meta.url));
  const rendererDir = resolve(process.env.KIOSK_RENDERER_DIR || resolve(here, '../renderer'));

  const core = new KioskCore({
    dataDir,
    appVersion: APP_VERSION,
    onOpen: demo ? seedDemoData : undefined,
  });
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
