import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, enroll, startTestServer, type TestKiosk, type TestServer } from './helpers';

describe(`batch ingest (${backend})`, () => {
  let server: TestServer;
  let kiosk: TestKiosk;
  beforeAll(async () => {
    server = await startTestServer();
    kiosk = await enroll(server);
  });
  afterAll(() => server?.close());

  it('stores a batch and answers every id as accepted', async () => {
    const ratings = [kiosk.rating(), kiosk.rating({ score: 1, comment: 'Chờ lâu quá' }), kiosk.rating({ staffId: null })];
    const answer = await kiosk.sendBatch(ratings);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ accepted: ratings.map((r) => r.id), duplicates: [], conflicts: [], rejected: [] });
    expect(answer.json.serverTime).toBe(server.clock.now);
    expect(answer.headers.get('x-server-time')).toBe(String(server.clock.now));
    for (const r of ratings) expect(await server.admin.ratingIds()).toContain(r.id);
  });

  it('answers a replayed batch with duplicates and changes nothing', async () => {
    const ratings = [kiosk.rating(), kiosk.rating()];
    const batch = kiosk.batch(ratings);
    const first = await kiosk.send('POST', '/ratings/batches', batch);
    expect(first.json.accepted).toEqual(ratings.map((r) => r.id));
    const before = await server.admin.listRatings();
    server.clock.now += 1_000;
    const replay = await kiosk.send('POST', '/ratings/batches', batch);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ accepted: [], duplicates: ratings.map((r) => r.id), conflicts: [], rejected: [] });
    expect(await server.admin.listRatings()).toEqual(before);
  });

  it('keeps a different content under a stored id aside as a conflict, never overwriting', async () => {
    const original = kiosk.rating({ score: 3 });
    await kiosk.sendBatch([original]);
    const changed = { ...original, score: 1 as const };
    const answer = await kiosk.sendBatch([changed]);
    expect(answer.json).toMatchObject({ accepted: [], duplicates: [], conflicts: [original.id], rejected: [] });
    const stored = (await server.admin.listRatings()).find((r) => r.id === original.id);
    expect(stored?.score).toBe(3);
    expect(await server.admin.conflictIds()).toEqual([original.id]);
    // The same conflicting resend again: still a conflict, kept once.
    await kiosk.sendBatch([changed]);
    expect(await server.admin.conflictIds()).toEqual([original.id]);
    const [kept] = await server.admin.listConflicts();
    expect(kept).toMatchObject({ ratingId: original.id, deviceId: kiosk.deviceId, content: { id: original.id, score: 1 } });
  });

  it('puts every id of a mixed batch in exactly one list', async () => {
    const stored = kiosk.rating();
    await kiosk.sendBatch([stored]);
    const conflicting = kiosk.rating();
    await kiosk.sendBatch([conflicting]);
    const fresh = kiosk.rating();
    const invalid = { ...kiosk.rating(), score: 7 };
    const unknownStaff = kiosk.rating({ staffId: 'st-nobody' });
    const batch = [fresh, stored, { ...conflicting, score: 2 }, invalid, unknownStaff];
    const answer = await kiosk.sendBatch(batch);
    expect(answer.status).toBe(200);
    const json = answer.json as unknown as { accepted: string[]; duplicates: string[]; conflicts: string[]; rejected: { id: string; reason: string }[] };
    expect(json.accepted).toEqual([fresh.id]);
    expect(json.duplicates).toEqual([stored.id]);
    expect(json.conflicts).toEqual([conflicting.id]);
    expect(json.rejected.map((r) => r.id).sort()).toEqual([invalid.id, unknownStaff.id].sort());
    const all = [...json.accepted, ...json.duplicates, ...json.conflicts, ...json.rejected.map((r) => r.id)];
    expect(all.sort()).toEqual(batch.map((r) => r.id).sort());
  });

  it('accepts gzip bodies signed over the compressed bytes', async () => {
    const ratings = Array.from({ length: 50 }, () => kiosk.rating());
    const answer = await kiosk.sendBatch(ratings, { gzip: true });
    expect(answer.status).toBe(200);
    expect(answer.json.accepted).toHaveLength(50);
  });

  it('stores receivedAt and the corrected time from the offset, or from sentAt without one', async () => {
    const now = server.clock.now;
    const withOffset = kiosk.rating({ createdAt: now - 3_600_000 - 120_000, clockOffsetMs: 120_000 });
    // A kiosk clock 2 days behind, no offset known: sentAt − createdAt is what counts.
    const sentAt = now - 2 * 86_400_000;
    const withoutOffset = kiosk.rating({ createdAt: sentAt - 600_000, clockOffsetMs: null });
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([withOffset, withoutOffset], sentAt));
    expect(answer.json.accepted).toHaveLength(2);
    const rows = await server.admin.listRatings();
    const a = rows.find((r) => r.id === withOffset.id)!;
    const b = rows.find((r) => r.id === withoutOffset.id)!;
    expect(a).toMatchObject({ receivedAt: now, correctedAt: now - 3_600_000, createdAt: withOffset.createdAt });
    expect(b).toMatchObject({ receivedAt: now, correctedAt: now - 600_000 });
  });
});

describe(`conflicts judged per device (${backend})`, () => {
  let server: TestServer;
  let owner: TestKiosk;
  let other: TestKiosk;
  beforeAll(async () => {
    server = await startTestServer({ limits: { maxConflictsPerRating: 3, maxConflictsPerDevicePerDay: 10, deviceBurst: 10_000 } });
    owner = await enroll(server);
    other = await enroll(server);
  });
  afterAll(() => server?.close());

  it('another kiosk sending a kiosk’s rating ids with guessed contents learns nothing and changes nothing', async () => {
    const secret = owner.rating({ score: 1, comment: 'Cán bộ gắt gỏng' });
    expect((await owner.sendBatch([secret])).json.accepted).toEqual([secret.id]);
    const before = { ratings: await server.admin.listRatings(), conflicts: await server.admin.conflictIds() };
    const rightGuess = { ...secret };
    const wrongGuess = { ...secret, score: 3 as const, comment: null };
    // As the owner (its deviceId), or as itself: every guess gets the same answer.
    const answers = [];
    for (const guess of [rightGuess, wrongGuess, { ...rightGuess, deviceId: other.deviceId }, { ...wrongGuess, deviceId: other.deviceId }]) {
      const answer = await other.sendBatch([guess]);
      expect(answer.status).toBe(200);
      answers.push({ accepted: answer.json.accepted, duplicates: answer.json.duplicates, conflicts: answer.json.conflicts, rejected: answer.json.rejected });
    }
    expect(answers[0]).toEqual({ accepted: [], duplicates: [], conflicts: [], rejected: [{ id: secret.id, reason: 'id: belongs to another device' }] });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect({ ratings: await server.admin.listRatings(), conflicts: await server.admin.conflictIds() }).toEqual(before);
    // Its owner is still answered by content.
    expect((await owner.sendBatch([secret])).json.duplicates).toEqual([secret.id]);
    expect((await owner.sendBatch([wrongGuess])).json.conflicts).toEqual([secret.id]);
  });

  it('a flood of conflicts from one kiosk keeps at most the caps, counts the rest, and answers every id', async () => {
    const flooder = await enroll(server);
    const originals = Array.from({ length: 20 }, () => flooder.rating({ score: 2 }));
    expect((await flooder.sendBatch(originals)).json.accepted).toHaveLength(20);
    const conflictsBefore = (await server.admin.listConflicts()).length;
    let answered = 0;
    for (let version = 0; version < 4; version++) {
      const altered = originals.map((r) => ({ ...r, comment: `phiên bản ${version}`, score: (version % 2 ? 1 : 3) as 1 | 3 }));
      const answer = await flooder.sendBatch(altered);
      expect(answer.json.conflicts).toEqual(altered.map((r) => r.id));
      answered += (answer.json.conflicts as string[]).length;
    }
    expect(answered).toBe(80);
    const kept = (await server.admin.listConflicts()).filter((c) => c.deviceId === flooder.deviceId);
    expect(kept).toHaveLength(10);
    expect((await server.admin.listConflicts()).length - conflictsBefore).toBe(10);
    const device = (await server.admin.listDevices()).find((d) => d.deviceId === flooder.deviceId)!;
    expect(device.conflictsNotKept).toBe(70);
    expect((await server.admin.counts()).conflictsNotKept).toBeGreaterThanOrEqual(70);
    // A day later the device has room again, but never more than three kept per rating id.
    server.clock.now += 25 * 3_600_000;
    const one = originals[0]!;
    for (let version = 10; version < 16; version++) await flooder.sendBatch([{ ...one, comment: `lần ${version}` }]);
    const keptForOne = (await server.admin.listConflicts()).filter((c) => c.ratingId === one.id);
    expect(keptForOne).toHaveLength(3);
  });
});
