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

  it('still refuses a time that no correction makes plausible', async () => {
    const now = server.clock.now;
    const rating = kiosk.rating({ createdAt: now + 3_600_000, clockOffsetMs: 0 });
    const answer = await kiosk.send('POST', '/ratings/batches', kiosk.batch([rating], now));
    expect(answer.json.rejected).toEqual([{ id: rating.id, reason: expect.stringMatching(/future/) }]);
  });
});
