import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/app';
import { DATABASE_FILE } from '../../../electron/core/db/open';
import type { KioskCore } from '../../../electron/core/kiosk-core';
import { writeSetting } from '../../../electron/core/settings';
import { setStaffPin } from '../../../electron/core/staff-login/pin';
import { hashBadgeCode } from '../../../shared/node/badge-hash';
import { formatDay, vietnamDayOf } from '../../../shared/reports/periods';
import type { Result } from '../../../shared/result';
import type { StaffLoginOutcome } from '../../../shared/staff-login';
import demoRoster from '../../../assets/demo/roster.json';
import jpeg from 'jpeg-js';
import { CONSOLE_API_PREFIX, CSRF_HEADER } from '../../../shared/console/api';
import { ConsoleClient, PASSWORD } from '../../server/console/harness';
import { startDemoServer, syncKiosk } from './sync/helpers';

/**
 * Badges no one can forge (issue 13, finding 4), at the kiosk, against the real server: the
 * attacks of the review, each refused.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cores: KioskCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) core.close();
  await server.admin.setOldBadgesUntil(null);
});

/** A kiosk of the unit (the demo's, or another unit's counter), enrolled and with the server's roster. */
async function kioskOf(counter: { unitId: string; counterId: string } = { unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' }) {
  const kiosk = syncKiosk();
  cores.push(kiosk.core);
  if (counter.counterId !== 'ttpvhcc-q01') writeSetting(kiosk.core.database!, 'counterId', counter.counterId, Date.now());
  const queued = kiosk.core.call('enrollDevice', {
    serverUrl: server.url,
    enrollmentCode: await server.admin.createEnrollmentCode(counter),
  });
  if (!queued.ok) throw new Error(queued.error.message);
  await kiosk.engine.syncNow();
  return {
    ...kiosk,
    db: kiosk.core.database!,
    scan: (code: string) => kiosk.core.call('scanBadge', { code }) as Result<StaffLoginOutcome>,
    pull: () => kiosk.engine.syncNow({ full: true }),
  };
}
const codeOf = async (staffId: string, unitId = 'bg-ttpvhcc') => (await server.admin.currentBadges(unitId, [staffId])).badges[0]!.code;
const DEMO_OFFICER = 'st-000101';
const reasonOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.reason);

describe('badges at the kiosk, with the server’s roster', () => {
  it('a forged old-style code for a colleague is refused once the migration window has ended; the colleague’s new badge logs in', async () => {
    const kiosk = await kioskOf();
    // During the window an old-format code still works (that is what the window is for).
    expect(kiosk.scan('BG-26-000102')).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000102' } } });

    // IT staff end the window: yesterday, in Vietnam, was the last day.
    await server.admin.setOldBadgesUntil(formatDay(vietnamDayOf(Date.now()) - 1));
    await kiosk.pull();
    const forged = kiosk.scan('BG-26-000103'); // made from st-000103's staff number, as the review did
    expect(forged).toMatchObject({ ok: false, error: { code: 'refused', reason: 'old_badge' } });
    expect(forged.ok ? '' : forged.error.message).toMatch(/old-format badges no longer log in/);
    expect((kiosk.core.call('getKioskState', undefined) as Result<{ officer: { staffId: string } }>)).toMatchObject({
      value: { officer: { staffId: 'st-000102' } },
    });
    expect(kiosk.scan(await codeOf('st-000103'))).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000103' } } });
  });

  it('a reissued badge’s old code is refused after the roster pull; the new one logs in', async () => {
    const kiosk = await kioskOf();
    const lost = await codeOf('st-000104');
    expect(kiosk.scan(lost)).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000104' } } });
    const reissued = await server.admin.reissueBadge('st-000104');
    await kiosk.pull();
    // The session the lost badge opened ends at that pull: whoever holds it rates no more in the officer's name.
    expect((kiosk.core.call('getKioskState', undefined) as Result<{ officer: unknown }>)).toMatchObject({ ok: true, value: { officer: null } });
    const logout = () =>
      kiosk.db.prepare(`SELECT reason, sent_at AS sentAt, quarantined_at AS quarantinedAt FROM session_events WHERE kind = 'logout' ORDER BY seq DESC LIMIT 1`).get() as
        { reason: string; sentAt: number | null; quarantinedAt: number | null };
    expect(logout()).toMatchObject({ reason: 'badge_reissued', sentAt: null });
    await kiosk.pull();
    expect(logout()).toMatchObject({ reason: 'badge_reissued', sentAt: expect.any(Number), quarantinedAt: null });
    expect(reasonOf(kiosk.scan(lost))).toBe('unknown_badge');
    expect(reasonOf(kiosk.scan('BG-26-000104'))).toBe('unknown_badge'); // the old-format one went with it
    expect(kiosk.scan(reissued.code)).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000104' } } });
  });

  it('a badge reissued in the console stops at every kiosk of the unit at its next roster pull', async () => {
    await server.admin.addConsoleUser({ login: 'kythuat-badges', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
    const itStaff = new ConsoleClient(server.url);
    await itStaff.login('kythuat-badges');
    const first = await kioskOf();
    const second = await kioskOf({ unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q02' });
    const lost = await codeOf('st-000105');
    const answer = await itStaff.request<{ badge: { code: string } }>('POST', '/badges/staff/st-000105/reissue', {});
    expect(answer.status).toBe(200);
    for (const kiosk of [first, second]) {
      await kiosk.pull();
      expect(reasonOf(kiosk.scan(lost))).toBe('unknown_badge');
      expect(kiosk.scan(answer.body.badge.code)).toMatchObject({ ok: true, value: { officer: { staffId: 'st-000105' } } });
    }
  });

  it('a PIN set in the console logs the officer in at the kiosk after the roster pull; a PIN set on the kiosk later wins, a newer console PIN wins over it', async () => {
    await server.admin.addConsoleUser({ login: 'kythuat-pins', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
    const itStaff = new ConsoleClient(server.url);
    await itStaff.login('kythuat-pins');
    const kiosk = await kioskOf();
    const pin = (value: string) => kiosk.core.call('loginWithPin', { staffId: 'st-000103', pin: value }) as Result<StaffLoginOutcome>;
    expect((await itStaff.request('PUT', '/badges/staff/st-000103/pin', { pin: '482915' })).status).toBe(200);
    await kiosk.pull();
    expect(pin('482915')).toMatchObject({ ok: true, value: { officer: { staffId: 'st-000103' } } });
    expect(kiosk.db.prepare("SELECT pin_hash AS h FROM staff WHERE id = 'st-000103'").get()).not.toMatchObject({ h: expect.stringContaining('482915') });

    // The officer (or IT staff on the kiosk) sets another PIN there afterwards: it stays.
    setStaffPin(kiosk.db, 'st-000103', '730264', Date.now());
    await kiosk.pull();
    expect(pin('730264')).toMatchObject({ ok: true });
    // A PIN set in the console after that one replaces it at the next pull.
    expect((await itStaff.request('PUT', '/badges/staff/st-000103/pin', { pin: '591736' })).status).toBe(200);
    await kiosk.pull();
    expect(reasonOf(pin('730264'))).toBe('wrong_pin');
    expect(pin('591736')).toMatchObject({ ok: true });
  });

  it('a photo uploaded in the console reaches the kiosk with the roster, stripped of its EXIF, and the kiosk shows it for the officer', async () => {
    await server.admin.addConsoleUser({ login: 'kythuat-photos', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
    const itStaff = new ConsoleClient(server.url);
    await itStaff.login('kythuat-photos');
    const kiosk = await kioskOf();
    const pixels = Buffer.alloc(640 * 480 * 4, 180);
    const plain = jpeg.encode({ width: 640, height: 480, data: pixels }, 90).data;
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, 0x20]), Buffer.from('Exif\0\0GPS 21.2731N 106.19E....')]);
    const upload = await fetch(`${server.url}${CONSOLE_API_PREFIX}/badges/staff/${DEMO_OFFICER}/photo`, {
      method: 'PUT',
      headers: { cookie: itStaff.cookie ?? '', 'content-type': 'image/jpeg', [CSRF_HEADER]: itStaff.csrfToken ?? '' },
      body: new Uint8Array(Buffer.concat([plain.subarray(0, 2), exif, plain.subarray(2)])),
    });
    expect(upload.status).toBe(200);
    await kiosk.pull();
    const state = kiosk.core.call('getKioskState', undefined) as Result<{ officer: { staffId: string; photo: string | null } }>;
    const photo = state.ok ? state.value.officer.photo : null;
    expect(photo).toMatch(/^data:image\/jpeg;base64,/);
    expect(Buffer.from(photo!.split(',')[1]!, 'base64').includes('GPS')).toBe(false);
    expect(jpeg.decode(Buffer.from(photo!.split(',')[1]!, 'base64')).width).toBe(512);
  });

  it('a stolen kiosk database holds no badge code and no unkeyed hash to reverse', async () => {
    const kiosk = await kioskOf();
    const { badges } = await server.admin.currentBadges('bg-ttpvhcc');
    kiosk.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(kiosk.dataDir, DATABASE_FILE)).toString('latin1');
    const oldCodes = demoRoster.staff.filter((s) => s.unitId === 'bg-ttpvhcc').map((s) => s.badgeCode);
    for (const code of [...badges.map((b) => b.code), ...oldCodes]) {
      expect(file).not.toContain(code);
      expect(file).not.toContain(hashBadgeCode(code)); // what the review reversed in a second
    }
    expect(kiosk.db.prepare('SELECT count(*) AS n FROM staff WHERE badge_hash IS NOT NULL').get()).toEqual({ n: 0 });
  });

  it('a badge’s hash in one unit’s roster does not log in at another unit', async () => {
    const centre = await kioskOf();
    const district = await kioskOf({ unitId: 'bg-ln-motcua', counterId: 'ln-q01' });
    const code = await codeOf('st-000102');
    const stolen = centre.db.prepare("SELECT badge_hmac AS hash FROM staff WHERE id = 'st-000102'").get() as { hash: string };
    // Whoever copies that hash into the other unit's kiosk, as the credential of one of its officers,
    // gains nothing: the other unit's kiosk hashes every scan with its own key.
    district.db.prepare("UPDATE staff SET badge_hmac = ? WHERE id = 'st-010202'").run(stolen.hash);
    expect(reasonOf(district.scan(code))).toBe('unknown_badge');
    expect(reasonOf(district.scan(stolen.hash))).toBe('unknown_badge');
    expect(district.scan(await codeOf('st-010201', 'bg-ln-motcua'))).toMatchObject({ ok: true, value: { action: 'login' } });
  });
});
