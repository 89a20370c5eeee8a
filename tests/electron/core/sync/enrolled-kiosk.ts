/**
 * For the tests of the sync engine's modules: a demo kiosk enrolled with the real server (through
 * the KioskApi, as IT staff do), and the pieces a module needs to make its own signed calls —
 * its own clock estimate, a client whose fetch the test may wrap, and the credentials.
 */
import type { RunningServer } from '../../../../server/app';
import { SyncHttpClient, type Credentials } from '../../../../electron/core/sync/client';
import { ClockOffset } from '../../../../electron/core/sync/clock-offset';
import { FileSecretStore } from '../../../../electron/core/sync/secret-store';
import { SignedRequests } from '../../../../electron/core/sync/signed-request';
import { readSyncState } from '../../../../electron/core/sync/state';
import { enrol, syncKiosk } from './helpers';

export interface EnrolledKioskOptions {
  /** The kiosk's clock (default Date.now). */
  now?: () => number;
  /** Wraps or replaces fetch for the module's own calls (enrolment always uses the real one). */
  fetch?: typeof fetch;
}

export async function enrolledKiosk(server: RunningServer, options: EnrolledKioskOptions = {}) {
  const kiosk = syncKiosk();
  await enrol(kiosk.core, server);
  const db = kiosk.core.database!;
  const now = options.now ?? Date.now;
  const clock = new ClockOffset(now);
  const client = (serverUrl: string) => new SyncHttpClient(serverUrl, { fetch: options.fetch, now, timeoutMs: 15_000 });
  const requests = new SignedRequests(client, clock, now);
  const credentials: Credentials = {
    serverUrl: readSyncState(db, 'serverUrl')!,
    deviceId: readSyncState(db, 'serverDeviceId')!,
    secret: (await new FileSecretStore(kiosk.dataDir).read())!,
  };
  return { ...kiosk, db, now, clock, client, requests, credentials };
}

/** A fetch that records every request's method, path and answer status, and otherwise is the real one. */
export function recordingFetch(): { fetch: typeof fetch; calls: { method: string; path: string; status: number; headers: Headers }[] } {
  const calls: { method: string; path: string; status: number; headers: Headers }[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, status: response.status, headers: new Headers(init?.headers) });
    return response;
  };
  return { fetch: recording, calls };
}
