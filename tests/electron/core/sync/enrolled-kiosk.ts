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
import { signAnswer } from '../../../../shared/node/signing';
import { HEADER_SERVER_SIGNATURE, HEADER_SERVER_TIME, HEADER_SIGNATURE } from '../../../../shared/protocol';
import { enrol, syncKiosk } from './helpers';

export interface EnrolledKioskOptions {
  /** The kiosk's clock (default Date.now). */
  now?: () => number;
  /**
   * Wraps or replaces fetch for the module's own calls (enrolment always uses the real one). An
   * answer it makes up is signed as the real server signs its answers (signedLikeTheServer): these
   * tests are about what a kiosk does with its server's answers; answer-trust.test.ts is about
   * answers the server did not make.
   */
  fetch?: typeof fetch;
}

export async function enrolledKiosk(server: RunningServer, options: EnrolledKioskOptions = {}) {
  const kiosk = syncKiosk();
  await enrol(kiosk.core, server);
  const db = kiosk.core.database!;
  const now = options.now ?? Date.now;
  const clock = new ClockOffset(now);
  const credentials: Credentials = {
    serverUrl: readSyncState(db, 'serverUrl')!,
    deviceId: readSyncState(db, 'serverDeviceId')!,
    secret: (await new FileSecretStore(kiosk.dataDir).read())!,
  };
  const madeUp = options.fetch;
  const fetchThrough: typeof fetch | undefined = madeUp && (async (input, init) => signedLikeTheServer(credentials.secret, input, init, await madeUp(input, init)));
  const client = (serverUrl: string) => new SyncHttpClient(serverUrl, { fetch: fetchThrough, now, timeoutMs: 15_000 });
  const requests = new SignedRequests(client, clock, now);
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

/** `answer` with the server's signature for the request it answers, unless it has one already. */
export async function signedLikeTheServer(secret: string, input: Parameters<typeof fetch>[0], init: RequestInit | undefined, answer: Response): Promise<Response> {
  if (answer.headers.has(HEADER_SERVER_SIGNATURE)) return answer;
  const body = Buffer.from(await answer.arrayBuffer());
  const headers = new Headers(answer.headers);
  if (!headers.has(HEADER_SERVER_TIME)) headers.set(HEADER_SERVER_TIME, String(Date.now()));
  const request = {
    method: init?.method ?? 'GET',
    path: new URL(input instanceof Request ? input.url : String(input)).pathname,
    status: answer.status,
    serverTime: headers.get(HEADER_SERVER_TIME)!,
    requestSignature: new Headers(init?.headers).get(HEADER_SIGNATURE) ?? '',
  };
  headers.set(HEADER_SERVER_SIGNATURE, signAnswer(secret, request, body));
  return new Response(body.length > 0 ? new Uint8Array(body) : null, { status: answer.status, headers });
}
