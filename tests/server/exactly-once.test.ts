import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RatingV1 } from '../../shared/rating';
import { backend, enroll, startTestServer, type TestKiosk, type TestServer } from './helpers';

interface BatchAnswer {
  accepted: string[];
  duplicates: string[];
  conflicts: string[];
  rejected: { id: string; reason: string }[];
}

/**
 * Whatever a kiosk resends, in whatever grouping and order, and whatever it sends at the same
 * time: every id is answered in exactly one list, the server stores each rating once, and a
 * stored rating never changes.
 */
describe(`exactly once (${backend})`, () => {
  let server: TestServer;
  let kiosk: TestKiosk;
  beforeAll(async () => {
    server = await startTestServer({ limits: { deviceBurst: 100_000, devicePerSecond: 100_000 } });
    kiosk = await enroll(server);
  });
  afterAll(() => server?.close());

  function expectPartition(sent: { id: string }[], answer: BatchAnswer) {
    const answered = [...answer.accepted, ...answer.duplicates, ...answer.conflicts, ...answer.rejected.map((r) => r.id)];
    expect(answered.sort()).toEqual(sent.map((r) => r.id).sort());
  }

  it('random resends, regroupings and altered copies never double or overwrite a rating', async () => {
    const pool: RatingV1[] = Array.from({ length: 40 }, (_, i) => kiosk.rating({ score: ((i % 3) + 1) as 1 | 2 | 3 }));
    const firstContent = new Map<string, number>(); // id → score first stored
    const everAccepted = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.nat({ max: pool.length - 1 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        async (picks, alter) => {
          const batch = picks.map((index, k) => {
            const rating = pool[index]!;
            // Some copies carry a changed score: a conflict if the original is stored, else a first version.
            return alter[k] && k % 3 === 0 ? { ...rating, score: (((rating.score % 3) + 1) as 1 | 2 | 3) } : rating;
          });
          const answer = (await kiosk.sendBatch(batch)).json as unknown as BatchAnswer;
          expectPartition(batch, answer);
          expect(answer.rejected).toEqual([]);
          for (const id of answer.accepted) {
            expect(everAccepted.has(id)).toBe(false); // accepted once, ever
            everAccepted.add(id);
            firstContent.set(id, batch.find((r) => r.id === id)!.score);
          }
          for (const id of answer.duplicates) expect(batch.find((r) => r.id === id)!.score).toBe(firstContent.get(id));
          for (const id of answer.conflicts) expect(batch.find((r) => r.id === id)!.score).not.toBe(firstContent.get(id));
        },
      ),
      { numRuns: 40, seed: 20261121 },
    );
    const stored = await server.admin.listRatings();
    expect(stored.map((r) => r.id).sort()).toEqual([...everAccepted].sort());
    for (const row of stored) expect(row.score).toBe(firstContent.get(row.id));
  });

  it('the same batch sent many times at once is stored once', async () => {
    const ratings = Array.from({ length: 200 }, () => kiosk.rating());
    const batch = kiosk.batch(ratings);
    const answers = (await Promise.all(Array.from({ length: 8 }, () => kiosk.send('POST', '/ratings/batches', batch, { gzip: true })))).map(
      (a) => {
        expect(a.status).toBe(200);
        return a.json as unknown as BatchAnswer;
      },
    );
    for (const answer of answers) {
      expectPartition(ratings, answer);
      expect(answer.conflicts).toEqual([]);
    }
    const acceptedTimes = new Map<string, number>();
    for (const answer of answers) for (const id of answer.accepted) acceptedTimes.set(id, (acceptedTimes.get(id) ?? 0) + 1);
    expect([...acceptedTimes.keys()].sort()).toEqual(ratings.map((r) => r.id).sort());
    expect([...acceptedTimes.values()].every((n) => n === 1)).toBe(true);
    const stored = new Set(await server.admin.ratingIds());
    for (const r of ratings) expect(stored.has(r.id)).toBe(true);
  });
});
