import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/db/migrate';
import { ensureDeviceState, readDeviceState, writeClockOffset } from '../../../../electron/core/device-state';
import type { HttpOutcome } from '../../../../electron/core/sync/client';
import { ClockOffset, OFFSET_SAMPLE_MAX_RTT_MS } from '../../../../electron/core/sync/clock-offset';
import { HEADER_SERVER_TIME, SIGNATURE_WINDOW_MS } from '../../../../shared/protocol';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

function device() {
  const db = new Database(':memory:');
  migrate(db);
  ensureDeviceState(db, T0);
  const clock = { now: T0 };
  return { db, clock, offset: new ClockOffset(() => clock.now) };
}

/** An answer that left at `sentAt`, arrived `rttMs` later, and says the server's time was `serverTime`. */
function answer(sentAt: number, rttMs: number, serverTime: number, where: 'body' | 'header' = 'body'): HttpOutcome {
  return {
    kind: 'response',
    status: where === 'body' ? 200 : 304,
    body: where === 'body' ? { serverTime } : null,
    headers: new Headers(where === 'header' ? { [HEADER_SERVER_TIME]: String(serverTime) } : {}),
    startedAt: sentAt,
    endedAt: sentAt + rttMs,
    monotonicStartedAt: 0,
    monotonicEndedAt: rttMs,
    answerSignature: 'valid',
    signed: { method: 'GET', path: '/api/v1/config', requestSignature: '', bodySha256: '' },
  };
}

describe('the kiosk’s clock offset', () => {
  it('is server time minus the midpoint of the round trip, and signs with the kiosk clock plus it', () => {
    const { db, clock, offset } = device();
    expect(offset.current(db)).toBeNull();
    expect(offset.serverNow(db)).toBe(T0);
    // Sent at T0, answered 400 ms later; the server read its clock (T0 + 90 s) half way.
    offset.observe(db, answer(T0, 400, T0 + 200 + 90_000));
    expect(offset.current(db)).toBe(90_000);
    clock.now = T0 + 1_000;
    expect(offset.serverNow(db)).toBe(T0 + 91_000);
  });

  it('takes the server time of a 304 from its header', () => {
    const { db, offset } = device();
    offset.observe(db, answer(T0, 0, T0 - 3_000, 'header'));
    expect(offset.current(db)).toBe(-3_000);
  });

  it('skips a slow answer’s rough sample, unless the server refused the timestamp', () => {
    const { db, offset } = device();
    offset.observe(db, answer(T0, OFFSET_SAMPLE_MAX_RTT_MS + 1, T0 + 60_000));
    expect(offset.current(db)).toBeNull();
    offset.observe(db, answer(T0, OFFSET_SAMPLE_MAX_RTT_MS + 2, T0 + 7_200_000), { force: true });
    expect(offset.current(db)).toBe(7_200_000 - (OFFSET_SAMPLE_MAX_RTT_MS + 2) / 2);
  });

  it('keeps the estimate in the device state, written only when it moved by a second or more', () => {
    const { db, offset } = device();
    offset.observe(db, answer(T0, 0, T0 + 5_000));
    expect(readDeviceState(db)?.clockOffsetMs).toBe(5_000);
    offset.observe(db, answer(T0, 0, T0 + 5_900));
    expect(offset.current(db)).toBe(5_900);
    expect(readDeviceState(db)?.clockOffsetMs).toBe(5_000);
    offset.observe(db, answer(T0, 0, T0 + 6_000));
    expect(readDeviceState(db)?.clockOffsetMs).toBe(6_000);
  });

  it('starts from the estimate a previous run kept', () => {
    const { db, offset } = device();
    writeClockOffset(db, -42_000, T0);
    expect(offset.current(db)).toBe(-42_000);
    expect(offset.serverNow(db)).toBe(T0 - 42_000);
  });

  it('tells a refused timestamp from any other 401 by how far the new estimate moved', () => {
    const { db, offset } = device();
    offset.observe(db, answer(T0, 0, T0 + SIGNATURE_WINDOW_MS), { force: true });
    expect(offset.wasRefused(0)).toBe(true);
    expect(offset.wasRefused(SIGNATURE_WINDOW_MS - 1_000)).toBe(false);
  });

  it('ignores answers without a usable server time', () => {
    const { db, offset } = device();
    offset.observe(db, { kind: 'network', message: 'reset' });
    offset.observe(db, { ...answer(T0, 0, 0), body: { serverTime: 'soon' } } as HttpOutcome);
    offset.observe(db, answer(T0, 0, -5));
    expect(offset.current(db)).toBeNull();
  });
});
