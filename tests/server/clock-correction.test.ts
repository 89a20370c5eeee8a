import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, enroll, type TestKiosk, type TestServer, startTestServer } from './helpers';

/**
 * Kiosk clocks go wrong (a CMOS reset, a hardware clock kept in local time); ratings must not be
 * lost for it. The server keeps the kiosk's own offset when it gives a plausible time and falls
 * back to the send-time correction receivedAt − (sentAt − createdAt) when it does not.
 */
describe(`clock correction (${backend})`, () => {
  let server: TestServer;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    server = await startTestServer();
    kiosk = await enroll(server);
  });
  afterAll(() => server?.close());

  async function stored(id: string) {
    return (await server.admin.listRatings()).find((r) => r.id === id);
  }

  it('keeps a rating from a kiosk whose clock was reset to 2001, with the offset it knows', async () => {
    const now = server.clock.now;
    const skew = Date.UTC(2001, 0, 1) - now;
    const rating = kiosk.rating({ createdAt: now - 60_000 + skew, clockOffsetMs: -skew });
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([rating], now + skew));
    expect(answer.json.accepted).toEqual([rating.id]);
    expect((await stored(rating.id))?.correctedAt).toBe(now - 60_000);
  });

  it('keeps a rating from a kiosk in 2001 that knows no offset, through its send time', async () => {
    const now = server.clock.now;
    const skew = Date.UTC(2001, 0, 1) - now;
    const rating = kiosk.rating({ createdAt: now - 120_000 + skew, clockOffsetMs: null });
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([rating], now + skew));
    expect(answer.json.accepted).toEqual([rating.id]);
    expect((await stored(rating.id))?.correctedAt).toBe(now - 120_000);
  });

  it('keeps a rating whose offset went stale when the clock stepped 7 hours after a reboot', async () => {
    const now = server.clock.now;
    const step = 7 * 3_600_000; // the clock now runs 7 h ahead; the offset still says it is right
    const rating = kiosk.rating({ createdAt: now - 30_000 + step, clockOffsetMs: 0 });
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([rating], now + step));
    expect(answer.json.accepted).toEqual([rating.id]);
    expect((await stored(rating.id))?.correctedAt).toBe(now - 30_000);
  });

  it('keeps a rating whose time no correction makes plausible, flagged and at its arrival, never rejected', async () => {
    const now = server.clock.now;
    const rating = kiosk.rating({ createdAt: now + 3_600_000, clockOffsetMs: 0 });
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([rating], now));
    expect(answer.json).toMatchObject({ accepted: [rating.id], rejected: [] });
    expect(await stored(rating.id)).toMatchObject({ timeUncertain: true, correctedAt: now, receivedAt: now });
  });

  describe('by the boot clock of revision 2, which no setting of the kiosk’s clock spoils', () => {
    it('recovers ratings made while the clock said 2001, from the boot’s monotonic clock when the batch left', async () => {
      const now = server.clock.now;
      const skew = Date.UTC(2001, 0, 1) - now;
      // The offset is stale (0, from before the reset) and the clock was corrected before sending.
      const rating = kiosk.rating({ createdAt: now - 90_000 + skew, clockOffsetMs: 0, bootId: 'boot-a', monotonicMs: 600_000 });
      const answer = await kiosk.send('POST', '/ratings/batches', { ...kiosk.batch([rating], now), sentBootId: 'boot-a', sentMonotonicMs: 690_000 });
      expect(answer.json.accepted).toEqual([rating.id]);
      expect(await stored(rating.id)).toMatchObject({ correctedAt: now - 90_000, timeUncertain: false });
    });

    it('recovers ratings of an earlier boot from the anchor the kiosk kept for it', async () => {
      const now = server.clock.now;
      const skew = Date.UTC(2001, 0, 1) - now;
      const rating = kiosk.rating({ createdAt: now - 3 * 3_600_000 + skew, clockOffsetMs: null, bootId: 'boot-b', monotonicMs: 5_000 });
      const answer = await kiosk.send('POST', '/ratings/batches', {
        ...kiosk.batch([rating], now),
        sentBootId: 'boot-c',
        sentMonotonicMs: 20_000,
        clockAnchors: [{ bootId: 'boot-b', monotonicMs: 65_000, serverTime: now - 3 * 3_600_000 + 60_000 }],
      });
      expect(answer.json.accepted).toEqual([rating.id]);
      expect(await stored(rating.id)).toMatchObject({ correctedAt: now - 3 * 3_600_000, timeUncertain: false });
    });

    it('prefers the anchor to an offset that looks plausible but went stale when the clock was set back a year', async () => {
      const now = server.clock.now;
      const yearBack = -365 * 24 * 3_600_000;
      const rating = kiosk.rating({ createdAt: now - 60_000 + yearBack, clockOffsetMs: 0, bootId: 'boot-d', monotonicMs: 40_000 });
      await kiosk.send('POST', '/ratings/batches', { ...kiosk.batch([rating], now + yearBack), sentBootId: 'boot-d', sentMonotonicMs: 100_000 });
      expect(await stored(rating.id)).toMatchObject({ correctedAt: now - 60_000, timeUncertain: false });
    });

    it('keeps, flagged, a rating of a boot without an anchor whose time nothing else makes plausible', async () => {
      const now = server.clock.now;
      const skew = Date.UTC(2001, 0, 1) - now;
      const rating = kiosk.rating({ createdAt: now - 60_000 + skew, clockOffsetMs: 0, bootId: 'boot-e', monotonicMs: 1_000 });
      const answer = await kiosk.send('POST', '/ratings/batches', { ...kiosk.batch([rating], now), sentBootId: 'boot-f', sentMonotonicMs: 2_000 });
      expect(answer.json.accepted).toEqual([rating.id]);
      expect(await stored(rating.id)).toMatchObject({ correctedAt: now, timeUncertain: true });
    });

    it('refuses a batch whose boot comes without its monotonic time', async () => {
      const answer = await kiosk.send('POST', '/ratings/batches', { ...kiosk.batch([kiosk.rating()]), sentBootId: 'boot-g' });
      expect(answer).toMatchObject({ status: 400, json: { error: 'invalid_batch' } });
    });
  });
});
