import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBadgeCode } from '../../shared/node/badge-hash';
import { API_PREFIX, ConfigResponseSchema, EnrollResponseSchema, RosterResponseSchema } from '../../shared/protocol';
import { uuidv7 } from '../../shared/uuid';
import { backend, enroll, postFrom, startTestServer, type TestServer } from './helpers';

async function postEnroll(server: TestServer, body: unknown) {
  const response = await fetch(`${server.url}${API_PREFIX}/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe(`enrolment (${backend})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('an enrolment code makes one device, bound to its unit and counter, and works once', async () => {
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ln-motcua', counterId: 'ln-q05', days: 2 });
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Typed from paper: lower case and without dashes is the same code.
    const first = await postEnroll(server, { enrollmentCode: code.replace(/-/g, '').toLowerCase(), deviceName: 'Ki-ốt Lục Ngạn', appVersion: '0.1.0' });
    expect(first.status).toBe(201);
    const enrolled = EnrollResponseSchema.parse(first.json);
    expect(enrolled).toMatchObject({ unitId: 'bg-ln-motcua', counterId: 'ln-q05', serverTime: server.clock.now });
    expect(enrolled.deviceSecret.length).toBeGreaterThanOrEqual(32);
    const again = await postEnroll(server, { enrollmentCode: code, deviceName: 'Ki-ốt thứ hai', appVersion: '0.1.0' });
    expect(again).toMatchObject({ status: 403, json: { error: 'enrollment_code_used' } });
    const devices = await server.admin.listDevices();
    expect(devices.filter((d) => d.unitId === 'bg-ln-motcua')).toHaveLength(1);
    expect(devices[0]).toMatchObject({ name: 'Ki-ốt Lục Ngạn', counterId: 'ln-q05', appVersion: '0.1.0' });
  });

  it('a code and requestId seen on the wire give the secret to no other address', async () => {
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ln-motcua', days: 2 });
    const body = JSON.stringify({ enrollmentCode: code, deviceName: 'Ki-ốt Lục Ngạn 2', appVersion: '0.1.0', requestId: uuidv7(server.clock.now) });
    const url = `${server.url}${API_PREFIX}/enroll`;
    const first = await postFrom('127.0.0.1', url, body);
    expect(first.status).toBe(201);
    const stolen = await postFrom('127.0.0.3', url, body);
    expect(stolen).toMatchObject({ status: 403, json: { error: 'enrollment_code_used' } });
    expect(JSON.stringify(stolen.json)).not.toContain(String(first.json.deviceSecret));
    // The kiosk that lost its answer, at its own address, still gets it.
    const replay = await postFrom('127.0.0.1', url, body);
    expect(replay).toMatchObject({ status: 201, json: { deviceId: first.json.deviceId, deviceSecret: first.json.deviceSecret } });
  });

  it('an expired or unknown code is refused with 403; a malformed request with 400', async () => {
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', days: 1 });
    server.clock.now += 86_400_000 + 1;
    expect(await postEnroll(server, { enrollmentCode: code, deviceName: 'K', appVersion: '1' })).toMatchObject({ status: 403, json: { error: 'enrollment_code_expired' } });
    expect(await postEnroll(server, { enrollmentCode: 'ZZZZ-ZZZZ-ZZZZ', deviceName: 'K', appVersion: '1' })).toMatchObject({ status: 403, json: { error: 'enrollment_code_unknown' } });
    expect((await postEnroll(server, { enrollmentCode: 'ZZZZ-ZZZZ-ZZZZ' })).status).toBe(400);
    expect((await postEnroll(server, '{"enrollmentCode":')).status).toBe(400);
    expect((await postEnroll(server, { enrollmentCode: 'ZZZZ-ZZZZ-ZZZZ', deviceName: 'K\u0000', appVersion: '1' })).status).toBe(400);
  });

  it('a used code asked again with the same requestId answers the same device and secret; nothing else does', async () => {
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ln-motcua', counterId: 'ln-q01', days: 2 });
    const requestId = uuidv7(server.clock.now);
    const body = { enrollmentCode: code, deviceName: 'Ki-ốt mất trả lời', appVersion: '0.1.0', requestId };
    const before = (await server.admin.listDevices()).length;
    const first = await postEnroll(server, body);
    expect(first.status).toBe(201);
    const original = EnrollResponseSchema.parse(first.json);
    server.clock.now += 3_600_000;
    const replay = await postEnroll(server, body);
    expect(replay.status).toBe(201);
    expect(EnrollResponseSchema.parse(replay.json)).toMatchObject({
      deviceId: original.deviceId,
      deviceSecret: original.deviceSecret,
      unitId: 'bg-ln-motcua',
      counterId: 'ln-q01',
      serverTime: server.clock.now,
    });
    const devices = await server.admin.listDevices();
    expect(devices).toHaveLength(before + 1);
    expect(devices.filter((d) => d.deviceId === original.deviceId)).toHaveLength(1);
    // Another request (another kiosk, or one without requestId) with the used code is refused.
    expect(await postEnroll(server, { ...body, requestId: uuidv7(server.clock.now) })).toMatchObject({ status: 403, json: { error: 'enrollment_code_used' } });
    const { requestId: _omitted, ...withoutRequestId } = body;
    expect(await postEnroll(server, withoutRequestId)).toMatchObject({ status: 403, json: { error: 'enrollment_code_used' } });
    expect((await postEnroll(server, { ...body, requestId: 'not-a-uuid' })).status).toBe(400);
    // A revoked device is not handed back.
    expect(await server.admin.revokeDevice(original.deviceId)).toBe(true);
    expect(await postEnroll(server, body)).toMatchObject({ status: 403, json: { error: 'enrollment_code_used' } });
    expect(await server.admin.listDevices()).toHaveLength(before + 1);
  });

  it('the replay of a lost enrolment answer lasts 24 hours after the code was used', async () => {
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', days: 7 });
    const body = { enrollmentCode: code, deviceName: 'K', appVersion: '0.1.0', requestId: uuidv7(server.clock.now) };
    expect((await postEnroll(server, body)).status).toBe(201);
    server.clock.now += 24 * 3_600_000 + 1;
    expect(await postEnroll(server, body)).toMatchObject({ status: 403, json: { error: 'enrollment_code_used' } });
  });

  it('codes are only made for known units and counters of that unit', async () => {
    await expect(server.admin.createEnrollmentCode({ unitId: 'nowhere' })).rejects.toThrow(/unknown unit/);
    await expect(server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId: 'ln-q01' })).rejects.toThrow(/belongs to unit/);
  });
});

describe(`enrolment rate limit (${backend})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { enrollBurst: 5, enrollPerSecond: 0.2 } });
  });
  afterAll(() => server?.close());

  it('enrolling a fleet from one address is not slowed down; guessing codes is', async () => {
    for (let i = 0; i < 8; i++) await enroll(server);
    for (let i = 0; i < 5; i++) {
      expect((await postEnroll(server, { enrollmentCode: `GUES-SING-000${i}`, deviceName: 'K', appVersion: '1' })).status).toBe(403);
    }
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc' });
    const limited = await postEnroll(server, { enrollmentCode: code, deviceName: 'K', appVersion: '1' });
    expect(limited).toMatchObject({ status: 429, json: { error: 'rate_limited' } });
    server.clock.now += 5_000;
    expect((await postEnroll(server, { enrollmentCode: code, deviceName: 'K', appVersion: '1' })).status).toBe(201);
  });
});

describe(`roster, config and heartbeat (${backend})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it("serves the device's unit roster with badge hashes, never badge codes, and answers 304 to its ETag", async () => {
    const kiosk = await enroll(server);
    const answer = await kiosk.send('GET', '/roster');
    expect(answer.status).toBe(200);
    const roster = RosterResponseSchema.parse(answer.json);
    expect(roster.units.map((u) => u.id)).toEqual(['bg-ttpvhcc']);
    expect(roster.counters.every((c) => c.unitId === 'bg-ttpvhcc')).toBe(true);
    expect(roster.staff.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer.json)).not.toContain('badgeCode');
    expect(JSON.stringify(answer.json)).not.toContain('BG-26-000101');
    const officer = roster.staff.find((s) => s.id === 'st-000101');
    expect(officer?.badgeHash).toBe(hashBadgeCode('BG-26-000101'));
    const etag = answer.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);

    server.clock.now += 1_000;
    const unchanged = await kiosk.send('GET', '/roster', undefined, { headers: { 'if-none-match': etag! } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('x-server-time')).toBe(String(server.clock.now));

    // HR deactivates an officer: the roster changes, and so does its ETag.
    const fixture = (await import('../fixtures/roster.json')).default as { units: unknown[]; counters: unknown[]; staff: { id: string; active: boolean }[] };
    const staff = fixture.staff.map((s) => (s.id === 'st-000101' ? { ...s, active: false } : s));
    await server.admin.importRoster({ ...fixture, staff });
    const changed = await kiosk.send('GET', '/roster', undefined, { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(RosterResponseSchema.parse(changed.json).staff.find((s) => s.id === 'st-000101')?.active).toBe(false);
  });

  it('serves settings for every kiosk and for the unit, with ETag', async () => {
    const kiosk = await enroll(server);
    const empty = await kiosk.send('GET', '/config');
    expect(ConfigResponseSchema.parse(empty.json)).toMatchObject({ settings: {}, counterId: 'ttpvhcc-q01' });
    await server.admin.setConfig('*', { idleTimeoutMs: 45_000, spokenPrompts: true });
    await server.admin.setConfig('bg-ttpvhcc', { idleTimeoutMs: 20_000 });
    await server.admin.setConfig('bg-ln-motcua', { defaultLocale: 'en' });
    const answer = await kiosk.send('GET', '/config', undefined, { headers: { 'if-none-match': empty.headers.get('etag')! } });
    expect(answer.status).toBe(200);
    expect(answer.json.settings).toEqual({ idleTimeoutMs: 20_000, spokenPrompts: true });
    expect((await kiosk.send('GET', '/config', undefined, { headers: { 'if-none-match': answer.headers.get('etag')! } })).status).toBe(304);
    await expect(server.admin.setConfig('*', { idleTimeoutMs: 1 })).rejects.toThrow();
  });

  it('records heartbeats for the devices list', async () => {
    const kiosk = await enroll(server);
    const answer = await kiosk.send('POST', '/heartbeat', { appVersion: '0.2.0', pendingCount: 1234, oldestPendingAgeMs: 3_600_000, lastError: 'mạng chập chờn', clockOffsetMs: -4200 });
    expect(answer.status).toBe(200);
    expect(answer.json.serverTime).toBe(server.clock.now);
    const device = (await server.admin.listDevices()).find((d) => d.deviceId === kiosk.deviceId);
    expect(device).toMatchObject({
      appVersion: '0.2.0',
      pendingCount: 1234,
      oldestPendingAgeMs: 3_600_000,
      lastError: 'mạng chập chờn',
      clockOffsetMs: -4200,
      lastHeartbeatAt: server.clock.now,
    });
  });

  it('records the staff logins a kiosk refused, and "not known" for a kiosk that does not count them', async () => {
    const kiosk = await enroll(server);
    const beat = { appVersion: '0.2.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0 };
    expect((await kiosk.send('POST', '/heartbeat', { ...beat, failedLogins: { badges: 7, pins: 12 } })).status).toBe(200);
    const listed = async () => (await server.admin.listDevices()).find((d) => d.deviceId === kiosk.deviceId);
    expect((await listed())?.failedLogins).toEqual({ badges: 7, pins: 12 });
    expect((await kiosk.send('POST', '/heartbeat', beat)).status).toBe(200);
    expect((await listed())?.failedLogins).toBeNull();
    expect((await kiosk.send('POST', '/heartbeat', { ...beat, failedLogins: { badges: -1, pins: 0 } })).status).toBe(400);
  });

  it('answers health checks without a signature', async () => {
    const response = await fetch(`${server.url}${API_PREFIX}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', serverTime: server.clock.now });
  });
});
