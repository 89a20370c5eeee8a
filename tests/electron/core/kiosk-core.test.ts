import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskCore } from '../../../electron/core/kiosk-core';
import { recentAudit } from '../../../electron/core/audit';
import { readRatingV1 } from '../../../electron/core/ratings';
import { updateKioskSettings } from '../../../electron/core/settings';
import type { KioskState, SubmittedRating } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { uuidv7 } from '../../../shared/uuid';
import { demoCore, draft, openReadOnly, tempDir } from './helpers';
import { canMount, mountSmallDisk } from './storage-mount';

const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function setup(options: Parameters<typeof demoCore>[0] = {}) {
  const made = demoCore(options);
  cores.push(made.core);
  return made;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function countRatings(dataDir: string): number {
  const db = openReadOnly(dataDir);
  try {
    return (db.prepare('SELECT count(*) AS n FROM ratings').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('KioskCore: a citizen taps a face', () => {
  it('stores the rating with the officer, session, counter and desk role of the moment', () => {
    const { core } = setup();
    const state = value(core.call('getKioskState', undefined) as Result<KioskState>);
    expect(state.officer?.fullName).toBe('Nguyễn Thị Thu Hà');
    expect(state.ratingEnabled).toBe(true);

    const submitted = value(core.call('submitRating', draft(3, { durationMs: 1200 })) as Result<SubmittedRating>);
    const stored = readRatingV1(core.database!, submitted.id)!;
    expect(stored).toMatchObject({
      id: submitted.id,
      // seq 1 is the demo officer's login: ratings and session events share the device's one sequence.
      seq: 2,
      deviceId: state.deviceId,
      unitId: 'bg-ttpvhcc',
      counterId: 'ttpvhcc-q01',
      deskRole: 'reception',
      staffId: 'st-000101',
      staffSessionId: state.officer!.staffSessionId,
      score: 3,
      scale: 'vn3',
      locale: 'vi',
      durationMs: 1200,
      comment: null,
      dossierCode: null,
      appVersion: '0.1.0-test',
    });
    expect(Object.values(stored.criteria).every((answer) => answer === null)).toBe(true);
  });

  it('numbers ratings with a strictly increasing seq that survives restarts', () => {
    const { core, dataDir } = setup();
    const seqs = [1, 2, 3].map(() => value(core.call('submitRating', draft()) as Result<SubmittedRating>).seq);
    core.close();
    const reopened = setup({ dataDir }).core;
    seqs.push(value(reopened.call('submitRating', draft()) as Result<SubmittedRating>).seq);
    // After the demo officer's login (seq 1): ratings and session events share one sequence.
    expect(seqs).toEqual([2, 3, 4, 5]);
  });

  it('makes one rating of a double tap (the same flow submitted twice)', () => {
    const { core, dataDir } = setup();
    const once = draft(2);
    const first = value(core.call('submitRating', once) as Result<SubmittedRating>);
    const second = value(core.call('submitRating', once) as Result<SubmittedRating>);
    expect(second).toEqual(first);
    expect(countRatings(dataDir)).toBe(1);
  });

  it('saves optional details to the same rating as they are given, NFC-normalised', () => {
    const { core } = setup();
    const { id } = value(core.call('submitRating', draft(1)) as Result<SubmittedRating>);
    value(core.call('updateRating', { id, criteria: { greet: false, smile: false } }));
    value(core.call('updateRating', { id, criteria: { listen: true }, comment: 'Cán bộ chưa chào hỏi'.normalize('NFD') }));
    value(core.call('updateRating', { id, dossierCode: 'h06.261121.0001' }));
    const stored = readRatingV1(core.database!, id)!;
    expect(stored.criteria).toMatchObject({ greet: false, smile: false, listen: true, thank: null });
    expect(stored.comment).toBe('Cán bộ chưa chào hỏi');
    expect(stored.comment).toBe(stored.comment!.normalize('NFC'));
    expect(stored.dossierCode).toBe('H06.261121.0001');
  });

  it('takes no more details once the flow finished', () => {
    const { core } = setup();
    const { id } = value(core.call('submitRating', draft()) as Result<SubmittedRating>);
    value(core.call('finishRating', { id }));
    const late = core.call('updateRating', { id, comment: 'muộn' });
    expect(late).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(readRatingV1(core.database!, id)!.comment).toBeNull();
  });

  it('never changes a rating the server already holds, even if the clock steps back', () => {
    const { core } = setup();
    const { id } = value(core.call('submitRating', draft()) as Result<SubmittedRating>);
    core.database!.prepare('UPDATE ratings SET sent_at = created_at WHERE id = ?').run(id);
    expect(core.call('updateRating', { id, comment: 'sau khi gửi' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(readRatingV1(core.database!, id)!.comment).toBeNull();
  });

  it('takes no more details after the details window, even without a finish', () => {
    let now = Date.UTC(2026, 10, 21, 2, 0, 0);
    const { core } = setup({ now: () => now });
    const { id } = value(core.call('submitRating', draft()) as Result<SubmittedRating>);
    now += 16 * 60 * 1000;
    expect(core.call('updateRating', { id, comment: 'muộn' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses to rate when no officer is logged in, unless the unit allows rating the counter', () => {
    const { core } = setup();
    core.database!.prepare('UPDATE staff_sessions SET ended_at = 1').run();
    expect(core.call('submitRating', draft())).toMatchObject({ ok: false, error: { code: 'rating_disabled' } });
    core.database!.prepare(`INSERT INTO settings VALUES ('allowRatingWithoutOfficer', 'true', 1)`).run();
    const { id } = value(core.call('submitRating', draft()) as Result<SubmittedRating>);
    expect(readRatingV1(core.database!, id)).toMatchObject({ staffId: null, staffSessionId: null });
  });

  it('refuses to rate on a kiosk with no counter configured', () => {
    const core = new KioskCore({ dataDir: tempDir(), appVersion: 't', log: () => {} });
    cores.push(core);
    expect(core.call('submitRating', draft())).toMatchObject({ ok: false, error: { code: 'not_configured' } });
    expect(value(core.call('getKioskState', undefined) as Result<KioskState>)).toMatchObject({ counter: null, ratingEnabled: false });
  });
});

describe('KioskCore: malformed input is refused and stores nothing', () => {
  const id = uuidv7();
  it.each([
    ['an unknown score', 'submitRating', { ...draft(), score: 5 }],
    ['unknown criteria keys', 'updateRating', { id, criteria: { greet: true, bribe: false } }],
    ['a comment over 500 characters', 'updateRating', { id, comment: 'x'.repeat(501) }],
    ['wrong types', 'submitRating', { ...draft(), score: '3' }],
    ['a string with NUL', 'updateRating', { id, comment: 'xin\u0000chào' }],
    ['a staff id forged by the renderer', 'submitRating', { ...draft(), staffId: 'st-000102' }],
    ['no payload', 'submitRating', undefined],
    ['an unknown method', 'deleteEverything', {}],
  ])('%s', (_label, method, payload) => {
    const { core, dataDir } = setup();
    value(core.call('submitRating', draft()));
    const before = readRatingV1(core.database!, value(core.call('getKioskState', undefined) as Result<KioskState>).stats.lastRating!.id);
    const result = core.call(method, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(result.ok ? '' : result.error.message).toMatch(/invalid|unknown/);
    expect(countRatings(dataDir)).toBe(1);
    expect(readRatingV1(core.database!, before!.id)).toEqual(before);
  });
});

describe('KioskCore: storage trouble', () => {
  it('answers storage_unavailable instead of a thank-you when the database is full, and recovers', () => {
    // A Monday morning in Vietnam, a rating every 1.1 s: within the anti-abuse cap and the shift.
    let clock = Date.UTC(2026, 10, 23, 1, 0, 0);
    const { core, dataDir } = setup({ now: () => (clock += 1_100) });
    updateKioskSettings(core.database!, { maxRatingsPerSessionPerMinute: 60 }, clock);
    value(core.call('submitRating', draft()));
    const db = core.database!;
    // SQLite's own page limit stands in for a full disk: the write fails exactly as SQLITE_FULL.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let result: Result<unknown> = { ok: true, value: null };
    for (let i = 0; i < 5000 && result.ok; i++) {
      result = core.call('submitRating', draft(2, { durationMs: i }));
    }
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
    const stateWhileFull = value(core.call('getKioskState', undefined) as Result<KioskState>);
    expect(stateWhileFull.storage).toMatchObject({ ok: false });
    expect(stateWhileFull.storage.error).toMatch(/SQLITE_FULL/);
    const storedWhileFull = countRatings(dataDir);

    db.pragma('max_page_count = 1073741823'); // space returns
    value(core.call('submitRating', draft()));
    expect(countRatings(dataDir)).toBe(storedWhileFull + 1);
    expect(value(core.call('getKioskState', undefined) as Result<KioskState>).storage).toMatchObject({ ok: true, error: null });
  });

  it.skipIf(!canMount)('survives a real full disk and recovers when space returns', () => {
    const disk = mountSmallDisk(1024)!;
    try {
      let clock = Date.UTC(2026, 10, 23, 1, 0, 0);
      const { core } = setup({ dataDir: join(disk.dir, 'data'), now: () => (clock += 1_100) });
      updateKioskSettings(core.database!, { maxRatingsPerSessionPerMinute: 60 }, clock);
      value(core.call('submitRating', draft()));
      // Fill the disk to the last byte.
      const filler = join(disk.dir, 'filler');
      try {
        writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024));
      } catch {
        /* ENOSPC: the disk is now full, as intended */
      }
      let result: Result<unknown> = { ok: true, value: null };
      for (let i = 0; i < 500 && result.ok; i++) result = core.call('submitRating', draft());
      expect(result).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });

      rmSync(filler);
      const after = value(core.call('submitRating', draft()) as Result<SubmittedRating>);
      expect(readRatingV1(core.database!, after.id)).not.toBeNull();
      expect(core.database!.pragma('integrity_check', { simple: true })).toBe('ok');
      core.close();
    } finally {
      disk.unmount();
    }
  });

  it.skipIf(!canMount)('starts on a read-only folder with a visible error, and opens when it becomes writable', () => {
    const disk = mountSmallDisk(4096)!;
    try {
      disk.remount('ro');
      let now = Date.UTC(2026, 10, 21);
      const { core, logs } = setup({ dataDir: disk.dir, now: () => now });
      const state = value(core.call('getKioskState', undefined) as Result<KioskState>);
      expect(state.storage.ok).toBe(false);
      expect(state.storage.error).toMatch(/SQLITE_CANTOPEN|EROFS|SQLITE_READONLY/);
      expect(state.ratingEnabled).toBe(false);
      expect(core.call('submitRating', draft())).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
      expect(logs.join('\n')).toMatch(/cannot open the kiosk database/);

      disk.remount('rw');
      now += 2_000;
      const submitted = value(core.call('submitRating', draft()) as Result<SubmittedRating>);
      expect(submitted.seq).toBe(2); // after the demo officer's login
      core.close();
    } finally {
      disk.unmount();
    }
  });

  it('moves a damaged database aside at start-up and shows it to IT staff in the state and the audit log', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'kiosk.db'), 'not a database at all'.repeat(300));
    const { core, logs } = setup({ dataDir });
    const state = value(core.call('getKioskState', undefined) as Result<KioskState>);
    expect(state.storage.movedAside).toHaveLength(1);
    expect(state.storage.movedAside[0]!.path).toMatch(/kiosk\.db\.damaged-/);
    expect(recentAudit(core.database!).map((e) => e.action)).toContain('database_moved_aside');
    expect(logs.join('\n')).toMatch(/damaged database moved aside/);
    value(core.call('submitRating', draft()));
  });
});
