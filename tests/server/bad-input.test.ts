import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BATCH_MAX_BYTES, BATCH_MAX_RATINGS } from '../../shared/protocol';
import { backend, enroll, type Answer, type TestKiosk, type TestServer, startTestServer } from './helpers';

/**
 * Bad input of every kind gets a clear 4xx or a per-id rejection, never a 5xx, and changes
 * nothing that was stored (issue 5, "Bad input"; ARCHITECTURE.md invariant 6).
 */
describe(`bad input to the server (${backend})`, () => {
  let server: TestServer;
  let kiosk: TestKiosk;
  let snapshot: { ratings: unknown; conflicts: unknown; devices: unknown };

  const takeSnapshot = async () => ({
    ratings: await server.admin.listRatings(),
    conflicts: await server.admin.conflictIds(),
    devices: await server.admin.listDevices(),
  });

  beforeAll(async () => {
    // A generous rate limit: this suite sends many requests from one device on purpose.
    server = await startTestServer({ limits: { deviceBurst: 10_000 } });
    kiosk = await enroll(server);
    const seeded = await kiosk.sendBatch([kiosk.rating(), kiosk.rating({ comment: 'Cán bộ rất nhiệt tình' })]);
    expect(seeded.json.accepted).toHaveLength(2);
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    snapshot = await takeSnapshot();
  });

  async function expectClientError(answer: Answer, status: number, error?: string) {
    expect(answer.status).toBe(status);
    expect(typeof answer.json.error).toBe('string');
    if (error) expect(answer.json.error).toBe(error);
    expect(typeof answer.json.message).toBe('string');
    expect(answer.json.serverTime).toBe(server.clock.now);
    expect(JSON.stringify(answer.json)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
    expect(await takeSnapshot()).toEqual(snapshot);
  }

  it('malformed JSON: 400', async () => {
    await expectClientError(await kiosk.send('POST', '/ratings/batches', '{"batchId": "x", ratings: ['), 400, 'invalid_json');
  });

  it('malformed JSON inside gzip, and a body that is not gzip at all: 400', async () => {
    await expectClientError(await kiosk.send('POST', '/ratings/batches', gzipSync('{nope')), 400);
    await expectClientError(await kiosk.send('POST', '/ratings/batches', Buffer.from('not gzip'), { headers: { 'content-encoding': 'gzip' } }), 400);
  });

  it('a body that is not UTF-8: 400', async () => {
    await expectClientError(await kiosk.send('POST', '/ratings/batches', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400, 'invalid_json');
  });

  it('a batch envelope that does not parse: 400', async () => {
    await expectClientError(await kiosk.send('POST', '/ratings/batches', { batchId: 'abc', sentAt: 5, ratings: 'many' }), 400, 'invalid_batch');
    await expectClientError(await kiosk.send('POST', '/ratings/batches', [1, 2, 3]), 400, 'invalid_batch');
    await expectClientError(await kiosk.send('POST', '/ratings/batches', { ...kiosk.batch([]), extra: true }), 400, 'invalid_batch');
  });

  it('the same id twice in one batch: 400', async () => {
    const r = kiosk.rating();
    await expectClientError(await kiosk.sendBatch([r, r]), 400, 'repeated_id');
  });

  it('a wrong content type or encoding: 415', async () => {
    await expectClientError(await kiosk.send('POST', '/ratings/batches', 'a=b', { contentType: 'application/x-www-form-urlencoded' }), 415);
    await expectClientError(await kiosk.send('POST', '/ratings/batches', kiosk.batch([kiosk.rating()]), { headers: { 'content-encoding': 'br' } }), 415, 'unsupported_encoding');
  });

  it('a missing signature: 401', async () => {
    for (const name of ['x-signature', 'x-device-id', 'x-timestamp']) {
      await expectClientError(await kiosk.sendBatch([kiosk.rating()], { headers: { [name]: undefined } }), 401, 'missing_signature');
    }
  });

  it('a wrong signature: 401', async () => {
    await expectClientError(await kiosk.sendBatch([kiosk.rating()], { secret: 'not-the-secret-of-this-device-at-all' }), 401, 'bad_signature');
    await expectClientError(await kiosk.sendBatch([kiosk.rating()], { headers: { 'x-signature': 'AAAA' } }), 401, 'bad_signature');
  });

  it('a body changed after signing: 401', async () => {
    const batch = kiosk.batch([kiosk.rating()]);
    const signedFor = await kiosk.send('POST', '/heartbeat', batch); // signature for another path
    expect(signedFor.status).toBe(400);
    snapshot = await takeSnapshot();
    const rating = kiosk.rating();
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([rating]), {
      headers: { 'x-timestamp': String(server.clock.now - 1) }, // the signature was made for another timestamp
    });
    await expectClientError(answer, 401, 'bad_signature');
  });

  it('a stale or future timestamp: 401 with serverTime so the kiosk can correct', async () => {
    const stale = await kiosk.sendBatch([kiosk.rating()], { timestamp: server.clock.now - 5 * 60_000 - 1 });
    await expectClientError(stale, 401, 'clock_skew');
    const future = await kiosk.sendBatch([kiosk.rating()], { timestamp: server.clock.now + 6 * 60_000 });
    await expectClientError(future, 401, 'clock_skew');
    await expectClientError(await kiosk.sendBatch([kiosk.rating()], { headers: { 'x-timestamp': '12.5e3' } }), 401, 'bad_timestamp');
    // Within the window the same request goes through.
    const fine = await kiosk.sendBatch([kiosk.rating()], { timestamp: server.clock.now - 4 * 60_000 });
    expect(fine.status).toBe(200);
  });

  it('an unknown device: 401', async () => {
    await expectClientError(await kiosk.sendBatch([kiosk.rating()], { headers: { 'x-device-id': '0190e3c4-0000-7000-8000-000000000000' } }), 401);
    await expectClientError(await kiosk.sendBatch([kiosk.rating()], { headers: { 'x-device-id': 'x'.repeat(5000) } }), 401);
  });

  it('a batch over 500 ratings: 413', async () => {
    const ratings = Array.from({ length: BATCH_MAX_RATINGS + 1 }, () => kiosk.rating());
    await expectClientError(await kiosk.sendBatch(ratings, { gzip: true }), 413, 'batch_too_large');
  });

  it('a body over 512 KB, plain or once decompressed: 413', async () => {
    const ratings = Array.from({ length: 400 }, () => kiosk.rating({ comment: 'Đ'.repeat(500) }));
    const size = Buffer.byteLength(JSON.stringify(kiosk.batch(ratings)));
    expect(size).toBeGreaterThan(BATCH_MAX_BYTES);
    await expectClientError(await kiosk.sendBatch(ratings), 413);
    await expectClientError(await kiosk.sendBatch(ratings, { gzip: true }), 413, 'body_too_large');
  });

  it('a gzip bomb: 413 without inflating it', async () => {
    // 200 MB of spaces inside valid JSON compresses to about 200 KB.
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"batchId":"'), Buffer.alloc(200 * 1024 * 1024, 0x20), Buffer.from('"}')]), { level: 9 });
    expect(bomb.length).toBeLessThan(BATCH_MAX_BYTES);
    await expectClientError(await kiosk.send('POST', '/ratings/batches', bomb, { headers: { 'content-encoding': 'gzip' } }), 413, 'body_too_large');
  });

  it('unknown routes: 404 in the same error shape', async () => {
    await expectClientError(await kiosk.send('GET', '/nothing-here'), 404, 'not_found');
  });

  it('a heartbeat that does not parse: 400, and NUL in it: 400', async () => {
    await expectClientError(await kiosk.send('POST', '/heartbeat', { appVersion: '1', pendingCount: -1 }), 400, 'invalid_body');
    await expectClientError(
      await kiosk.send('POST', '/heartbeat', { appVersion: '0.1\u0000', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: null }),
      400,
      'invalid_body',
    );
  });

  it('ESC, BEL and U+202E in a device name or version are refused, and in a last error made harmless', async () => {
    const hostile = ['\u001b]0;pwned\u0007', '\u0007', 'Quầy\u202e10 ᴉ', 'x\u2066y'];
    const enrolCode = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc' });
    for (const text of hostile) {
      for (const body of [
        { enrollmentCode: enrolCode, deviceName: `Kiosk ${text}`, appVersion: '0.1.0' },
        { enrollmentCode: enrolCode, deviceName: 'Kiosk', appVersion: `0.1.0${text}` },
      ]) {
        const response = await fetch(`${server.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect({ text, status: response.status, error: ((await response.json()) as { error: string }).error }).toEqual({ text, status: 400, error: 'invalid_body' });
      }
      await expectClientError(
        await kiosk.send('POST', '/heartbeat', { appVersion: `0.1.0${text}`, pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: null }),
        400,
        'invalid_body',
      );
    }
    const reported = await kiosk.send('POST', '/heartbeat', { appVersion: '0.1.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: `lỗi ${hostile.join(' ')}`, clockOffsetMs: null });
    expect(reported.status).toBe(200);
    const device = (await server.admin.listDevices()).find((d) => d.deviceId === kiosk.deviceId)!;
    expect(device.lastError).toMatch(/^lỗi /);
    // eslint-disable-next-line no-control-regex
    expect(device.lastError).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(device.lastError).toContain('\ufffd]0;pwned\ufffd');
    snapshot = await takeSnapshot();
  });

  it('JSON nested deeper than any stack: 400 or a per-id rejection', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const batch = kiosk.batch([]);
    await expectClientError(
      await kiosk.send('POST', '/ratings/batches', `{"batchId":"${batch.batchId}","sentAt":${batch.sentAt},"ratings":[],"x":${deep(100_000)}}`, { gzip: true }),
      400,
      'invalid_batch',
    );
    const good = kiosk.rating();
    const nested = JSON.stringify(kiosk.batch([good])).replace(/"comment":null/, `"comment":${deep(100_000)}`);
    const answer = await kiosk.send('POST', '/ratings/batches', nested, { gzip: true });
    expect(answer.status).toBe(200);
    expect((answer.json.rejected as { id: string }[]).map((r) => r.id)).toEqual([good.id]);
    await expectClientError(await kiosk.send('POST', '/heartbeat', `{"appVersion":${deep(100_000)}}`, { gzip: true }), 400, 'invalid_body');
  });

  it('absurdly large numbers in a heartbeat: no 5xx', async () => {
    const answer = await kiosk.send('POST', '/heartbeat', { appVersion: '0.1.0', pendingCount: 2 ** 40, oldestPendingAgeMs: 2 ** 52, lastError: null, clockOffsetMs: -(2 ** 52) });
    expect(answer.status).toBe(200);
    const device = (await server.admin.listDevices()).find((d) => d.deviceId === kiosk.deviceId);
    expect(device?.pendingCount).toBe(2_147_483_647);
    snapshot = await takeSnapshot();
    const tooBig = await kiosk.send('POST', '/heartbeat', '{"appVersion":"1","pendingCount":1e400,"oldestPendingAgeMs":null,"lastError":null,"clockOffsetMs":null}');
    await expectClientError(tooBig, 400, 'invalid_body');
  });

  describe('ratings that fail validation are rejected by id, their neighbours stored', () => {
    async function expectOnlyRejected(bad: Record<string, unknown>[], reason: RegExp) {
      const good = kiosk.rating();
      const answer = await kiosk.sendBatch([good, ...bad]);
      expect(answer.status).toBe(200);
      expect(answer.json.accepted).toEqual([good.id]);
      expect(answer.json.duplicates).toEqual([]);
      expect(answer.json.conflicts).toEqual([]);
      const rejected = answer.json.rejected as { id: string; reason: string }[];
      // Every id answered once; the order of the list is not part of the protocol.
      expect(rejected).toHaveLength(bad.length);
      for (const b of bad) if (typeof b.id === 'string') expect(rejected.map((r) => r.id)).toContain(b.id);
      for (const r of rejected) expect(r.reason).toMatch(reason);
      const ids = await server.admin.ratingIds();
      for (const b of bad) expect(ids).not.toContain(b.id);
      expect(ids).toContain(good.id);
    }

    /** Ratings whose time no correction makes plausible: stored, flagged, at their arrival (revision 2). */
    async function expectStoredWithUncertainTime(ratings: { id: string }[]) {
      const answer = await kiosk.sendBatch(ratings);
      expect(answer.json).toMatchObject({ accepted: ratings.map((r) => r.id), rejected: [] });
      const stored = (await server.admin.listRatings()).filter((r) => ratings.some((b) => b.id === r.id));
      expect(stored.map((r) => [r.timeUncertain, r.correctedAt, r.receivedAt - r.correctedAt])).toEqual(ratings.map(() => [true, server.clock.now, 0]));
    }

    it('future dates: no longer rejected, kept with an uncertain time', async () => {
      const now = server.clock.now;
      await expectStoredWithUncertainTime([
        kiosk.rating({ createdAt: now + 3_600_000 }),
        // Made after it was sent, by the device's own clock, and no offset known.
        { ...kiosk.rating({ clockOffsetMs: null }), createdAt: now + 600_000 },
      ]);
    });

    it('absurd dates: beyond the schema rejected, else kept with an uncertain time', async () => {
      await expectOnlyRejected([kiosk.rating({ createdAt: Date.UTC(2150, 0, 1) })], /createdAt/);
      await expectStoredWithUncertainTime([kiosk.rating({ createdAt: Date.UTC(1999, 0, 1) }), kiosk.rating({ createdAt: Date.UTC(2021, 0, 1) })]);
      await expectOnlyRejected([{ ...kiosk.rating(), createdAt: 'yesterday' }, { ...kiosk.rating(), createdAt: 1.5e12 + 0.5 }], /createdAt/);
      await expectOnlyRejected([kiosk.rating({ bootId: 'b-1' })], /bootId and monotonicMs come together/);
    });

    it('unknown units, counters and staff, and staff or counters of another unit', async () => {
      await expectOnlyRejected([kiosk.rating({ unitId: 'bg-nowhere' })], /unknown unit/);
      await expectOnlyRejected([kiosk.rating({ counterId: 'q-nowhere' })], /unknown counter/);
      await expectOnlyRejected([kiosk.rating({ counterId: 'ln-q01' })], /another unit/);
      await expectOnlyRejected([kiosk.rating({ staffId: 'st-nobody' })], /unknown staff/);
      await expectOnlyRejected([kiosk.rating({ staffId: 'st-010201' })], /another unit/);
    });

    it("another unit than the device's, and another device's id", async () => {
      await expectOnlyRejected([kiosk.rating({ unitId: 'bg-ln-motcua', counterId: 'ln-q01', staffId: null })], /not this device's unit/);
      await expectOnlyRejected([kiosk.rating({ deviceId: 'some-other-kiosk' })], /not the device/);
    });

    it('NUL, control characters and broken Unicode in text', async () => {
      await expectOnlyRejected(
        [
          kiosk.rating({ comment: 'tốt\u0000lắm' }),
          kiosk.rating({ comment: 'bell\u0007' }),
          kiosk.rating({ comment: 'half an emoji \ud83d' }),
          kiosk.rating({ appVersion: '1.0\u0000' }),
          kiosk.rating({ dossierCode: 'H01\u0000' }),
        ],
        /NUL|control|Unicode/,
      );
    });

    it('wrong shapes and values', async () => {
      await expectOnlyRejected(
        [
          { ...kiosk.rating(), score: 4 },
          { ...kiosk.rating(), scale: 'stars5' },
          { ...kiosk.rating(), criteria: { greet: 'yes' } },
          { ...kiosk.rating(), comment: 'x'.repeat(501) },
          { ...kiosk.rating(), extraField: 1 },
          { ...kiosk.rating(), id: 'not-a-uuid' },
          { ...kiosk.rating(), seq: -1 },
          { ...kiosk.rating(), deskRole: 'boss' },
        ],
        /./,
      );
    });

    it('a rating that is not even an object is answered under its position', async () => {
      const good = kiosk.rating();
      const answer = await kiosk.sendBatch([good, 42, null]);
      expect(answer.status).toBe(200);
      expect(answer.json.accepted).toEqual([good.id]);
      expect((answer.json.rejected as { id: string }[]).map((r) => r.id)).toEqual(['#1', '#2']);
    });
  });

  it('markup in comments is stored as plain text, byte for byte, and answered as JSON', async () => {
    const comment = '<script>alert("xss")</script><img src=x onerror=alert(1)> \'; DROP TABLE ratings; --';
    const rating = kiosk.rating({ comment });
    const answer = await kiosk.sendBatch([rating]);
    expect(answer.json.accepted).toEqual([rating.id]);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const stored = (await server.admin.listRatings()).find((r) => r.id === rating.id);
    expect(stored?.comment).toBe(comment);
    // A resend of the same rating is a duplicate: the stored text compares equal.
    expect((await kiosk.sendBatch([rating])).json.duplicates).toEqual([rating.id]);
  });

  it('decomposed Vietnamese in a comment is stored NFC, and its NFD resend is a duplicate', async () => {
    const nfd = 'Cán bộ hướng dẫn tận tình'.normalize('NFD');
    const rating = kiosk.rating({ comment: nfd });
    expect((await kiosk.sendBatch([rating])).json.accepted).toEqual([rating.id]);
    const stored = (await server.admin.listRatings()).find((r) => r.id === rating.id);
    expect(stored?.comment).toBe(nfd.normalize('NFC'));
    expect((await kiosk.sendBatch([{ ...rating, comment: nfd.normalize('NFC') }])).json.duplicates).toEqual([rating.id]);
  });
});

describe(`revoked devices and rate limits (${backend})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { deviceBurst: 3, devicePerSecond: 1 } });
  });
  afterAll(() => server?.close());

  it('a revoked device gets 401 on every call and stores nothing', async () => {
    const kiosk = await enroll(server);
    const before = await server.admin.ratingIds();
    expect(await server.admin.revokeDevice(kiosk.deviceId)).toBe(true);
    const answer = await kiosk.sendBatch([kiosk.rating()]);
    expect(answer.status).toBe(401);
    expect(answer.json.error).toBe('device_revoked');
    expect((await kiosk.send('GET', '/roster')).status).toBe(401);
    expect((await kiosk.send('GET', '/config')).status).toBe(401);
    expect((await kiosk.send('POST', '/heartbeat', { appVersion: '1', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: null })).status).toBe(401);
    expect(await server.admin.ratingIds()).toEqual(before);
    const device = (await server.admin.listDevices()).find((d) => d.deviceId === kiosk.deviceId);
    expect(device?.revokedAt).toBe(server.clock.now);
    expect(device?.lastHeartbeatAt).toBeNull();
  });

  it('a device over its rate limit gets 429 with Retry-After, and may go on later', async () => {
    const kiosk = await enroll(server);
    const statuses: number[] = [];
    let limited: Answer | undefined;
    for (let i = 0; i < 4; i++) {
      const answer = await kiosk.send('GET', '/config');
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited?.json.error).toBe('rate_limited');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another device is not affected.
    const other = await enroll(server);
    expect((await other.send('GET', '/config')).status).toBe(200);
    server.clock.now += 2_000;
    expect((await kiosk.send('GET', '/config')).status).toBe(200);
  });
});
