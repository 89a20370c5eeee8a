import { createHash, createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoRoster from '../../../assets/demo/roster.json';
import { createAdminApi } from '../../../server/admin-api';
import { createServerInstance } from '../../../server/app';
import type { ServerContext } from '../../../server/context';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { enrolDevice } from '../../../server/devices';
import { DEFAULT_LIMITS } from '../../../server/limits';
import { SecretKeyRing } from '../../../server/secret-keys';
import { authenticatedDevice, deviceAuth } from '../../../server/plugins/device-auth';
import { signingText } from '../../../shared/protocol';
import { backend, freshPostgresDatabase } from '../helpers';

/** Signs as docs/protocol.md says, independently of the server's own signing code. */
function sign(secret: string, method: string, path: string, timestamp: number, body = ''): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(signingText(method, path, timestamp, bodyHash)).digest('base64');
}

/** The device-auth plugin alone, on a bare server instance with one signed route and one unsigned. */
describe(`device authentication plugin (${backend})`, () => {
  const clock = { now: Date.UTC(2026, 10, 21, 3, 0, 0) };
  const keys = SecretKeyRing.development();
  let database: OpenedDatabase;
  let postgres: { url: string; drop(): Promise<void> } | null = null;
  let app: FastifyInstance;
  let device: { id: string; secret: string };
  let signedCalls = 0;

  const whoAmI: FastifyPluginAsync<ServerContext> = async (scope) => {
    scope.route({
      method: ['GET', 'POST'],
      url: '/whoami',
      handler: async (request) => {
        signedCalls += 1;
        return { deviceId: authenticatedDevice(request).id };
      },
    });
  };
  const open: FastifyPluginAsync<ServerContext> = async (scope) => {
    scope.get('/open', async () => ({ open: true }));
  };

  beforeAll(async () => {
    if (backend === 'postgres') postgres = await freshPostgresDatabase();
    database = await openDatabase({ databaseUrl: postgres?.url });
    const now = () => clock.now;
    const admin = createAdminApi(database.db, keys, now);
    await admin.importRoster(demoRoster);
    const code = await admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
    const enrolled = await enrolDevice(database.db, keys, { enrollmentCode: code, deviceName: 'Kiosk quầy 01', appVersion: '0.1.0' }, '127.0.0.1', now);
    device = { id: enrolled.deviceId, secret: enrolled.deviceSecret };
    const context: ServerContext = { db: database.db, now, keys, limits: { ...DEFAULT_LIMITS, deviceBurst: 5, devicePerSecond: 1 } };
    app = createServerInstance(context);
    await app.register(deviceAuth, { ...context, prefix: '/api/v1', routes: [whoAmI] });
    await app.register(open, { ...context, prefix: '/api/v1' });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await postgres?.drop();
  });

  interface Call {
    method?: 'GET' | 'POST';
    timestamp?: number;
    secret?: string;
    deviceId?: string;
    body?: string;
    /** The body sent, when it is not the body signed. */
    sentBody?: string;
    omit?: string;
    /** The target signed (default: the one sent). */
    signedTarget?: string;
    /** The target sent (default: the route with the timestamp as its query). */
    target?: string;
    /** Rewrites the X-Signature header after signing. */
    signature?: (signed: string) => string;
  }
  async function call({
    method = 'GET',
    timestamp = clock.now,
    secret = device.secret,
    deviceId = device.id,
    body = '',
    sentBody = body,
    omit,
    target = `/api/v1/whoami?t=${timestamp}`,
    signedTarget = target,
    signature = (signed) => signed,
  }: Call = {}) {
    const headers: Record<string, string> = {
      'x-device-id': deviceId,
      'x-timestamp': String(timestamp),
      'x-signature': signature(sign(secret, method, signedTarget, timestamp, body)),
      ...(sentBody ? { 'content-type': 'application/json' } : {}),
    };
    if (omit) delete headers[omit];
    const before = signedCalls;
    const answer = await app.inject({ method, url: target, headers, ...(sentBody ? { payload: sentBody } : {}) });
    return { status: answer.statusCode, json: answer.json(), headers: answer.headers, reachedRoute: signedCalls > before };
  }

  it('lets a request signed by an enrolled device through, and tells the route which device it is', async () => {
    const answer = await call();
    expect(answer).toMatchObject({ status: 200, json: { deviceId: device.id }, reachedRoute: true });
    const withBody = await call({ method: 'POST', body: '{"a":1}' });
    expect(withBody).toMatchObject({ status: 200, reachedRoute: true });
  });

  it('refuses a bad signature with 401 bad_signature before the route runs', async () => {
    const wrongSecret = await call({ secret: `${device.secret}x` });
    expect(wrongSecret).toMatchObject({ status: 401, json: { error: 'bad_signature' }, reachedRoute: false });
    const changedBody = await call({ method: 'POST', body: '{"score":1}', sentBody: '{"score":3}' });
    expect(changedBody).toMatchObject({ status: 401, json: { error: 'bad_signature' }, reachedRoute: false });
  });

  it('refuses a signature in base64url or with junk characters, even when its bytes are right', async () => {
    const forms: Record<string, (signed: string) => string> = {
      base64url: (signed) => Buffer.from(signed, 'base64').toString('base64url'),
      'a junk character': (signed) => `${signed.slice(0, 8)}*${signed.slice(8)}`,
      'a space inside': (signed) => `${signed.slice(0, 8)} ${signed.slice(8)}`,
      'no padding': (signed) => signed.replace(/=$/, ''),
      'two signatures': (signed) => `${signed}${signed}`,
    };
    for (const [form, rewrite] of Object.entries(forms)) {
      const answer = await call({ signature: rewrite });
      expect({ form, ...answer }).toMatchObject({ form, status: 401, json: { error: 'bad_signature' }, reachedRoute: false });
    }
  });

  it('refuses a query the device did not sign, and a signed query changed on the way', async () => {
    const unsigned = await call({ signedTarget: '/api/v1/whoami' });
    expect(unsigned).toMatchObject({ status: 401, json: { error: 'bad_signature' }, reachedRoute: false });
    const changed = await call({ signedTarget: `/api/v1/whoami?t=${clock.now}&unit=a`, target: `/api/v1/whoami?t=${clock.now}&unit=b` });
    expect(changed).toMatchObject({ status: 401, json: { error: 'bad_signature' }, reachedRoute: false });
    expect(await call({ target: '/api/v1/whoami' })).toMatchObject({ status: 200, reachedRoute: true });
  });

  it('refuses a target that is not canonical, even when the device signed it as sent', async () => {
    for (const target of ['/api/v1/%77hoami', '/api/v1/who%61mi?t=1', '/api/v1/whoami?q=%41', '/api/v1/whoami?q=a+b', '/api/v1/whoami?']) {
      const answer = await call({ target });
      expect({ target, ...answer }).toMatchObject({ target, status: 401, json: { error: 'bad_signature' }, reachedRoute: false });
    }
  });

  it('refuses a clock more than five minutes off with 401 clock_skew and the server time to correct it', async () => {
    for (const offset of [-(DEFAULT_LIMITS.signatureWindowMs + 1), DEFAULT_LIMITS.signatureWindowMs + 1]) {
      const serverTime = clock.now;
      const answer = await call({ timestamp: serverTime + offset });
      expect(answer).toMatchObject({ status: 401, json: { error: 'clock_skew', serverTime }, reachedRoute: false });
    }
    expect(await call({ timestamp: clock.now - DEFAULT_LIMITS.signatureWindowMs })).toMatchObject({ status: 200 });
  });

  it('refuses missing headers, malformed timestamps and unknown devices with 401', async () => {
    for (const header of ['x-device-id', 'x-timestamp', 'x-signature']) {
      expect(await call({ omit: header })).toMatchObject({ status: 401, json: { error: 'missing_signature' }, reachedRoute: false });
    }
    const malformed = await app.inject({
      method: 'GET',
      url: '/api/v1/whoami',
      headers: { 'x-device-id': device.id, 'x-timestamp': '1e12', 'x-signature': 'x' },
    });
    expect([malformed.statusCode, malformed.json().error]).toEqual([401, 'bad_timestamp']);
    expect(await call({ deviceId: '019aa2f0-0000-7000-8000-000000000000' })).toMatchObject({ status: 401, json: { error: 'unknown_device' } });
    expect(await call({ deviceId: 'x'.repeat(65) })).toMatchObject({ status: 401, json: { error: 'unknown_device' } });
  });

  it('answers 429 with Retry-After when a device sends more than its burst', async () => {
    clock.now += 10_000; // a full bucket: 5 requests at once, then 1 a second
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await call());
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const limited = answers.at(-1)!;
    expect(limited).toMatchObject({ status: 429, json: { error: 'rate_limited' }, reachedRoute: false });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('never asks routes registered beside it for a signature', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/v1/open' });
    expect([answer.statusCode, answer.json()]).toEqual([200, { open: true }]);
  });

  it('refuses a revoked device with 401 device_revoked, even with a good signature', async () => {
    clock.now += 60_000;
    expect(await call()).toMatchObject({ status: 200 });
    expect(await createAdminApi(database.db, keys, () => clock.now).revokeDevice(device.id)).toBe(true);
    expect(await call()).toMatchObject({ status: 401, json: { error: 'device_revoked' }, reachedRoute: false });
  });
});
