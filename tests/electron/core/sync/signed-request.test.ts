import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { migrate } from '../../../../electron/core/db/migrate';
import { ensureDeviceState, writeClockOffset } from '../../../../electron/core/device-state';
import { SyncHttpClient } from '../../../../electron/core/sync/client';
import { ClockOffset } from '../../../../electron/core/sync/clock-offset';
import { RetryableError } from '../../../../electron/core/sync/errors';
import { SignedRequests } from '../../../../electron/core/sync/signed-request';
import { HEADER_TIMESTAMP } from '../../../../shared/protocol';
import { enrolledKiosk, recordingFetch } from './enrolled-kiosk';
import { startDemoServer } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const TWO_HOURS = 2 * 60 * 60 * 1000;
const heartbeat = JSON.stringify({ appVersion: '0.1.0-test', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: null });

describe('signed calls against the provincial server', () => {
  it('every signed call survives a kiosk clock two hours off: corrected from the refusal, signed again, retried once', async () => {
    const recording = recordingFetch();
    const kiosk = await enrolledKiosk(server, { now: () => Date.now() + TWO_HOURS, fetch: recording.fetch });
    cleanups.push(() => kiosk.core.close());
    for (const request of [
      { method: 'GET', route: '/roster' },
      { method: 'GET', route: '/config' },
      { method: 'POST', route: '/heartbeat', json: heartbeat },
    ] as const) {
      // Each call starts from the wrong clock, as after a reboot with a dead CMOS battery.
      writeClockOffset(kiosk.db, 0, Date.now());
      const requests = new SignedRequests(kiosk.client, new ClockOffset(kiosk.now), kiosk.now);
      recording.calls.length = 0;
      const answer = await requests.send(kiosk.db, kiosk.credentials, request, request.route);
      expect(answer.status, request.route).toBeLessThan(300);
      expect(recording.calls.map((c) => c.status)).toEqual([401, answer.status]);
      const [refused, retried] = recording.calls.map((c) => Number(c.headers.get(HEADER_TIMESTAMP)));
      expect(refused! - retried!).toBeGreaterThan(TWO_HOURS - 60_000);
    }
  });

  it('does not retry a 401 that is not about the clock (a revoked device): the caller reads it', async () => {
    const recording = recordingFetch();
    const kiosk = await enrolledKiosk(server, { fetch: recording.fetch });
    cleanups.push(() => kiosk.core.close());
    await server.admin.revokeDevice(kiosk.credentials.deviceId);
    const answer = await kiosk.requests.send(kiosk.db, kiosk.credentials, { method: 'GET', route: '/roster' }, '/roster');
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'device_revoked' });
    expect(recording.calls).toHaveLength(1);
  });
});

describe('signed calls that fail', () => {
  function withServerAnswering(respond: () => Response | Promise<Response>) {
    const db = new Database(':memory:');
    migrate(db);
    ensureDeviceState(db, Date.now());
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls += 1;
      return respond();
    };
    const clock = new ClockOffset(Date.now);
    const requests = new SignedRequests((url) => new SyncHttpClient(url, { fetch: fake, now: Date.now, timeoutMs: 5_000 }), clock, Date.now);
    const credentials = { serverUrl: 'http://127.0.0.1:9', deviceId: 'dev-1', secret: 's'.repeat(43) };
    const send = () => requests.send(db, credentials, { method: 'POST', route: '/heartbeat', json: heartbeat }, 'heartbeat');
    return { send, calls: () => calls };
  }

  const errorBody = (error: string) => JSON.stringify({ error, message: 'try later', serverTime: Date.now() });

  it('a 429 fails the run with the server’s Retry-After, and is not retried at once', async () => {
    const server = withServerAnswering(() => new Response(errorBody('rate_limited'), { status: 429, headers: { 'retry-after': '7' } }));
    const failure = await server.send().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RetryableError);
    expect(failure).toMatchObject({ message: 'heartbeat: server answered 429 rate_limited: try later', retryAfter: 7_000 });
    expect(server.calls()).toBe(1);
  });

  it.each([408, 500, 503])('a %i fails the run, to be retried with backoff', async (status) => {
    const server = withServerAnswering(() => new Response('', { status }));
    await expect(server.send()).rejects.toThrow(new RetryableError(`heartbeat: server answered ${status}`));
  });

  it('a network error fails the run with what failed', async () => {
    const server = withServerAnswering(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    });
    await expect(server.send()).rejects.toThrow('heartbeat: network error: fetch failed (ECONNREFUSED)');
  });

  it('any other answer is the caller’s to read', async () => {
    const server = withServerAnswering(() => new Response(errorBody('invalid_body'), { status: 400 }));
    expect(await server.send()).toMatchObject({ kind: 'response', status: 400, body: { error: 'invalid_body' } });
  });
});
