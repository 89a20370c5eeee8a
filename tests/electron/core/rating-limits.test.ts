import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_COUNTER_ID, seedDemoData } from '../../../electron/core/demo';
import { KioskCore } from '../../../electron/core/kiosk-core';
import { startSession, endSession } from '../../../electron/core/sessions';
import { writeSetting } from '../../../electron/core/settings';
import type { KioskState, SubmittedRating } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { uuidv7 } from '../../../shared/uuid';

const dirs: string[] = [];
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const START = Date.UTC(2026, 10, 21, 3, 0, 0);

function demoKiosk(maxPerMinute: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rating-limits-'));
  dirs.push(dir);
  let now = START;
  const core = new KioskCore({ dataDir: dir, appVersion: '0.0.0-test', now: () => now, onOpen: seedDemoData, log: () => {} });
  cores.push(core);
  writeSetting(core.database!, 'maxRatingsPerSessionPerMinute', maxPerMinute, now);
  return {
    core,
    advance: (ms: number) => (now += ms),
    now: () => now,
    rate: (flowId = uuidv7(now)) =>
      core.call('submitRating', { flowId, scale: 'vn3', score: 1, locale: 'vi' }) as Result<SubmittedRating>,
    state: () => (core.call('getKioskState', undefined) as Result<KioskState> & { ok: true }).value,
  };
}

describe('ratings per staff session per minute, capped in the core', () => {
  it('refuses the rating over the cap with rate_limited and counts the attempt', () => {
    const kiosk = demoKiosk(3);
    for (let i = 0; i < 3; i++) {
      expect(kiosk.rate().ok).toBe(true);
      kiosk.advance(1_000);
    }
    const refused = kiosk.rate();
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('rate_limited');
      expect(refused.error.retryAfterMs).toBe(60_000 - 3_000);
    }
    expect(kiosk.state().stats.storedRatings).toBe(3);
    expect(kiosk.state().stats.refusedRatings).toBe(1);
  });

  it('a refused flow tapped again is counted once', () => {
    const kiosk = demoKiosk(1);
    expect(kiosk.rate().ok).toBe(true);
    const flowId = uuidv7(kiosk.now());
    expect(kiosk.rate(flowId).ok).toBe(false);
    expect(kiosk.rate(flowId).ok).toBe(false);
    expect(kiosk.state().stats.refusedRatings).toBe(1);
  });

  it('allows rating again once the minute has passed', () => {
    const kiosk = demoKiosk(2);
    kiosk.rate();
    kiosk.rate();
    expect(kiosk.rate().ok).toBe(false);
    kiosk.advance(60_001);
    expect(kiosk.rate().ok).toBe(true);
  });

  it('a double tap of an accepted flow is the same rating, not a second one, and is not refused', () => {
    const kiosk = demoKiosk(1);
    const flowId = uuidv7(kiosk.now());
    const first = kiosk.rate(flowId);
    const second = kiosk.rate(flowId);
    expect(first.ok && second.ok && first.value.id === second.value.id).toBe(true);
    expect(kiosk.state().stats).toMatchObject({ storedRatings: 1, refusedRatings: 0 });
  });

  it('counts per staff session: a new officer starts with a fresh allowance', () => {
    const kiosk = demoKiosk(1);
    expect(kiosk.rate().ok).toBe(true);
    expect(kiosk.rate().ok).toBe(false);
    kiosk.advance(1_000);
    startSession(kiosk.core.database!, 'st-000102', DEMO_COUNTER_ID, kiosk.now(), 'test');
    expect(kiosk.rate().ok).toBe(true);
  });

  it('caps the counter itself when the unit allows rating with no officer', () => {
    const kiosk = demoKiosk(2);
    const db = kiosk.core.database!;
    endSession(db, DEMO_COUNTER_ID, kiosk.now(), 'test');
    writeSetting(db, 'allowRatingWithoutOfficer', true, kiosk.now());
    expect(kiosk.rate().ok).toBe(true);
    expect(kiosk.rate().ok).toBe(true);
    const refused = kiosk.rate();
    expect(!refused.ok && refused.error.code).toBe('rate_limited');
    const row = db.prepare('SELECT staff_session_id AS s, counter_id AS c FROM rating_refusals').get();
    expect(row).toEqual({ s: null, c: DEMO_COUNTER_ID });
  });

  it('an invalid stored cap falls back to the default of the settings schema', () => {
    const kiosk = demoKiosk(6);
    writeSetting(kiosk.core.database!, 'maxRatingsPerSessionPerMinute', 'lots', kiosk.now());
    for (let i = 0; i < 6; i++) expect(kiosk.rate().ok).toBe(true);
    expect(kiosk.rate().ok).toBe(false);
  });
});
