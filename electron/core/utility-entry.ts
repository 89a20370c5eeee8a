/**
 * Entry of the core when Electron hosts it in a utilityProcess: a slow fsync or a native crash
 * never freezes the kiosk window, and main can restart the core. Plain Node: it talks to main
 * through `process.parentPort`, which Electron provides to utility processes.
 */
import { APP_VERSION } from '../../shared/version';
import { seedShowcaseDemo } from './demo';
import { KioskCore } from './kiosk-core';
import { restrictNewFilesToOwner } from './private-files';
import { ParentPortSecretStore } from './sync/secret-store';
import { UpdaterStateFromMain } from './updater-state';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface CoreRequest {
  id: number;
  method: string;
  payload: unknown;
}

function isCoreRequest(value: unknown): value is CoreRequest {
  const v = value as Partial<CoreRequest> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'number' && typeof v.method === 'string';
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const dataDir = process.env.KIOSK_DATA_DIR;
if (!parentPort || !dataDir) {
  console.error('utility-entry must be started by Electron main with KIOSK_DATA_DIR set');
  process.exit(2);
}

// Ratings, comments and the device secret are for the kiosk's account only (docs/security.md).
restrictNewFilesToOwner();

// Main's self-updater state, reported in the heartbeat (updater-state.ts).
const updater = new UpdaterStateFromMain((line) => console.error(line));

const core = new KioskCore({
  dataDir,
  appVersion: APP_VERSION,
  onOpen: process.env.KIOSK_DEMO === '1' ? seedShowcaseDemo : undefined,
  // The device secret is asked of main, which encrypts it with safeStorage (docs/sync.md).
  sync:
    process.env.KIOSK_SYNC === '0'
      ? undefined
      : { secrets: new ParentPortSecretStore(parentPort), dataDir, allowHttp: process.env.KIOSK_ALLOW_HTTP === '1', updaterState: updater.get },
});

parentPort.on('message', ({ data }) => {
  if (updater.receive(data) || !isCoreRequest(data)) return;
  void core.answer(data.method, data.payload).then((result) => parentPort.postMessage({ id: data.id, result }));
});
