import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../../shared/node/signing';
import { API_PREFIX, answerSigningText } from '../../../shared/protocol';
import { uuidv7 } from '../../../shared/uuid';
import { backend, enroll, startTestServer, type TestKiosk, type TestServer } from '../helpers';

/** The answer signature as docs/protocol.md defines it, computed apart from the server's own code. */
function expectedSignature(secret: string, request: { method: string; path: string; signature: string }, status: number, serverTime: string, body: Buffer): string {
  const text = answerSigningText(
    { method: request.method, path: request.path, status, serverTime, requestSignature: request.signature },
    createHash('sha256').update(body).digest('hex'),
  );
  return createHmac('sha256', secret).update(text).digest('base64');
}

describe(`the server signs its answers to kiosks (${backend})`, () => {
  let server: TestServer;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    server = await startTestServer();
    kiosk = await enroll(server);
  });
  afterAll(() => server?.close());

  /** A signed request as the kiosk makes it; the answer's raw bytes kept for the check. */
  async function call(method: 'GET' | 'POST', route: string, options: { body?: unknown; headers?: Record<string, string>; secret?: string } = {}) {
    const path = `${API_PREFIX}${route}`;
    const bytes = options.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(options.body));
    const timestamp = server.clock.now;
    const signature = signRequest(options.secret ?? kiosk.secret, method, path, timestamp, bytes);
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        'x-device-id': kiosk.deviceId,
        'x-timestamp': String(timestamp),
        'x-signature': signature,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: new Uint8Array(bytes) }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      body,
      serverTime: response.headers.get('x-server-time')!,
      answerSignature: response.headers.get('x-server-signature'),
      etag: response.headers.get('etag'),
      expected: (status = response.status) => expectedSignature(kiosk.secret, { method, path, signature }, status, response.headers.get('x-server-time')!, body),
    };
  }

  it('signs the roster, the config, their 304s, a batch answer, a heartbeat and a route’s own error', async () => {
    const roster = await call('GET', '/roster');
    expect(roster.status).toBe(200);
    expect(roster.answerSignature).toBe(roster.expected());
    const notModified = await call('GET', '/roster', { headers: { 'if-none-match': roster.etag! } });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.answerSignature).toBe(notModified.expected());
    const config = await call('GET', '/config');
    expect(config.answerSignature).toBe(config.expected());
    const batch = await call('POST', '/ratings/batches', { body: kiosk.batch([kiosk.rating()]) });
    expect(batch.status).toBe(200);
    expect(batch.answerSignature).toBe(batch.expected());
    const heartbeat = await call('POST', '/heartbeat', {
      body: { appVersion: '0.1.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0 },
    });
    expect(heartbeat.answerSignature).toBe(heartbeat.expected());
    const invalid = await call('POST', '/ratings/batches', { body: { batchId: 'not-a-uuid', sentAt: 1, ratings: [] } });
    expect(invalid.status).toBe(400);
    expect(invalid.answerSignature).toBe(invalid.expected());
  });

  it('binds an answer to its request, its status and its time: another cannot reuse it', async () => {
    const first = await call('GET', '/config');
    server.clock.now += 1_000;
    const second = await call('GET', '/config');
    expect(second.body.equals(first.body)).toBe(false); // serverTime moved
    expect(first.answerSignature).not.toBe(second.answerSignature);
    expect(first.answerSignature).not.toBe(first.expected(304));
  });

  it('cannot sign what it refused before knowing the device: a bad signature or an unknown device', async () => {
    const forged = await call('GET', '/roster', { secret: 'not-the-secret-not-the-secret-not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.answerSignature).toBeNull();
    const unknown = await call('GET', '/roster', { headers: { 'x-device-id': uuidv7() } });
    expect(unknown.status).toBe(401);
    expect(unknown.answerSignature).toBeNull();
    const health = await fetch(`${server.url}${API_PREFIX}/health`);
    expect(health.headers.get('x-server-signature')).toBeNull();
  });

  it('signs the enrolment answer with the secret it carries, with no request signature', async () => {
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc' });
    const response = await fetch(`${server.url}${API_PREFIX}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrollmentCode: code, deviceName: 'Kiosk quầy 02', appVersion: '0.1.0' }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(201);
    const { deviceSecret } = JSON.parse(body.toString()) as { deviceSecret: string };
    const expected = expectedSignature(deviceSecret, { method: 'POST', path: `${API_PREFIX}/enroll`, signature: '' }, 201, response.headers.get('x-server-time')!, body);
    expect(response.headers.get('x-server-signature')).toBe(expected);
  });
});
