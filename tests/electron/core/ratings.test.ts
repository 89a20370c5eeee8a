import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../electron/core/kiosk-core';
import { readDeviceState, writeClockOffset } from '../../../electron/core/device-state';
import { DETAILS_WINDOW_MS, readRatingV1 } from '../../../electron/core/ratings';
import { Outbox } from '../../../electron/core/sync/outbox';
import type { SubmittedRating } from '../../../shared/contract';
import { demoCore, draft } from './helpers';

const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function setup() {
  const clock = { now: Date.UTC(2026, 10, 23, 2, 0, 0) };
  const { core } = demoCore({ now: () => clock.now });
  cores.push(core);
  const submitted = core.call('submitRating', draft(2));
  if (!submitted.ok) throw new Error(submitted.error.message);
  const { id, createdAt } = submitted.value as SubmittedRating;
  const outbox = new Outbox(core.database!);
  const readyToSend = () => outbox.nextBatch(0, 'server-device', clock.now)?.ids ?? [];
  return { core, clock, id, createdAt, outbox, readyToSend };
}

describe('a rating still open for details: one rule for the details, the outbox and its closing', () => {
  it('takes details and is not sent until the last moment of its window', () => {
    const { core, clock, id, createdAt, outbox, readyToSend } = setup();
    clock.now = createdAt + DETAILS_WINDOW_MS - 1;
    expect(readyToSend()).toEqual([]);
    expect(outbox.closeExpired(clock.now)).toBe(0);
    expect(core.call('updateRating', { id, comment: 'vẫn kịp' })).toMatchObject({ ok: true });
  });

  it('from the moment its window has passed, takes no details, is closed by the outbox and sent', () => {
    const { core, clock, id, createdAt, outbox, readyToSend } = setup();
    clock.now = createdAt + DETAILS_WINDOW_MS;
    expect(core.call('updateRating', { id, comment: 'muộn' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(readyToSend()).toEqual([id]);
    expect(outbox.closeExpired(clock.now)).toBe(1);
    const row = core.database!.prepare('SELECT comment, closed_at FROM ratings WHERE id = ?').get(id);
    expect(row).toEqual({ comment: null, closed_at: clock.now });
  });

  it('once its flow finished, takes no details and is ready to send at once', () => {
    const { core, id, readyToSend } = setup();
    expect(readyToSend()).toEqual([]);
    expect(core.call('finishRating', { id })).toMatchObject({ ok: true });
    expect(core.call('updateRating', { id, comment: 'muộn' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(readyToSend()).toEqual([id]);
  });
});

describe('can a rating be made now: what the kiosk shows is what the submit does', () => {
  function kioskAnswers(core: KioskCore) {
    const state = core.call('getKioskState', undefined);
    const submitted = core.call('submitRating', draft());
    return {
      ratingEnabled: state.ok && (state.value as { ratingEnabled: boolean }).ratingEnabled,
      submit: submitted.ok ? 'stored' : submitted.error.code,
    };
  }

  it('with an officer on duty, without one, and when the unit allows rating the counter alone', () => {
    const { core } = setup();
    const db = core.database!;
    expect(kioskAnswers(core)).toEqual({ ratingEnabled: true, submit: 'stored' });
    db.prepare('UPDATE staff_sessions SET ended_at = 1').run();
    expect(kioskAnswers(core)).toEqual({ ratingEnabled: false, submit: 'rating_disabled' });
    // A stored value that is not a valid setting counts as the default (not allowed), on both sides.
    db.prepare(`INSERT INTO settings VALUES ('allowRatingWithoutOfficer', '"yes"', 1)`).run();
    expect(kioskAnswers(core)).toEqual({ ratingEnabled: false, submit: 'rating_disabled' });
    db.prepare(`UPDATE settings SET value = 'true' WHERE key = 'allowRatingWithoutOfficer'`).run();
    expect(kioskAnswers(core)).toEqual({ ratingEnabled: true, submit: 'stored' });
  });

  it('with no counter configured', () => {
    const { core } = setup();
    core.database!.prepare(`DELETE FROM settings WHERE key = 'counterId'`).run();
    expect(kioskAnswers(core)).toEqual({ ratingEnabled: false, submit: 'not_configured' });
  });
});

describe('who and where a rating is from', () => {
  it('carries the device id and the clock-offset estimate of the device state, never settings', () => {
    const { core, clock, id } = setup();
    const db = core.database!;
    const device = readDeviceState(db)!;
    expect(readRatingV1(db, id)).toMatchObject({ deviceId: device.deviceId, clockOffsetMs: null });
    writeClockOffset(db, -1_250, clock.now);
    const next = core.call('submitRating', draft());
    expect(next.ok && readRatingV1(db, next.value.id)).toMatchObject({ deviceId: device.deviceId, clockOffsetMs: -1_250 });
    const settingKeys = (db.prepare('SELECT key FROM settings').all() as { key: string }[]).map((row) => row.key);
    expect(settingKeys).not.toContain('deviceId');
    expect(settingKeys).not.toContain('clockOffsetMs');
  });
});
