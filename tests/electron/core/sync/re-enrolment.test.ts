/**
 * The attack of the security review (issue 13, finding 2): anyone who reaches the kiosk's admin
 * functions — a local process through the web host's API, or a citizen who finds `#admin` — asks
 * the enrolled kiosk to enrol with another server; that server's roster then logs its own badge
 * "ATTACKER-1" in as a real officer, and the citizens' comments go to it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import demoRoster from '../../../../assets/demo/roster.json';
import { recentAudit } from '../../../../electron/core/audit';
import { setStaffPin } from '../../../../electron/core/staff-login/pin';
import { readSyncState } from '../../../../electron/core/sync/state';
import type { Result } from '../../../../shared/result';
import type { SyncStatus } from '../../../../shared/sync-status';
import { createWebHost, listen } from '../../../../web-host/server';
import { tempDir } from '../helpers';
import { DEMO_OFFICER_ID, DEMO_UNIT_ID, enrol, rateMany, startDemoServer, syncKiosk } from './helpers';

const IT_OFFICER = 'st-000106';
let provincial: RunningServer;
let attacker: RunningServer;

beforeAll(async () => {
  provincial = await startDemoServer();
  // The province's roster names an IT officer (roles travel with the signed roster).
  await provincial.admin.importRoster({
    ...demoRoster,
    staff: demoRoster.staff.map((member) => (member.id === IT_OFFICER ? { ...member, roles: ['it'] } : member)),
  });
  // The attacker's server: the same unit and officers, but the officer's badge is the attacker's.
  attacker = await startDemoServer();
  await attacker.admin.importRoster({
    ...demoRoster,
    staff: demoRoster.staff.map((member) => (member.id === DEMO_OFFICER_ID ? { ...member, badgeCode: 'ATTACKER-1' } : member)),
  });
});
afterAll(async () => {
  await provincial.close();
  await attacker.close();
});

async function enrolledKiosk() {
  const kiosk = syncKiosk();
  await enrol(kiosk.core, provincial);
  expect((await kiosk.engine.syncNow({ full: true })).ok).toBe(true);
  const attackersCode = await attacker.admin.createEnrollmentCode({ unitId: DEMO_UNIT_ID, counterId: 'ttpvhcc-q01' });
  const attackersDevices = (await attacker.admin.listDevices()).length;
  return { ...kiosk, db: kiosk.core.database!, attackersCode, attackersDevices };
}

/** After the attempt: the kiosk still sends to its own server, and the attacker's badge is nobody. */
async function expectStillTheProvincesKiosk(kiosk: Awaited<ReturnType<typeof enrolledKiosk>>) {
  expect(readSyncState(kiosk.db, 'pendingEnrolment')).toBeUndefined();
  const [id] = rateMany(kiosk.core, 1);
  kiosk.core.call('updateRating', { id, comment: 'Cán bộ hướng dẫn tận tình' });
  expect(await kiosk.engine.syncNow({ full: true })).toMatchObject({ ok: true });
  expect(kiosk.engine.status().serverUrl).toBe(provincial.url);
  expect(await provincial.admin.ratingIds()).toContain(id);
  expect(await attacker.admin.listDevices()).toHaveLength(kiosk.attackersDevices);
  expect(await attacker.admin.ratingIds()).not.toContain(id);
  expect(kiosk.core.call('scanBadge', { code: 'ATTACKER-1' })).toMatchObject({ ok: false, error: { reason: 'unknown_badge' } });
}

describe('re-enrolment takes over a kiosk — refused', () => {
  it('through core.call, with replace and no IT credential', async () => {
    const kiosk = await enrolledKiosk();
    const attempt = kiosk.core.call('enrollDevice', { serverUrl: attacker.url, enrollmentCode: kiosk.attackersCode, replace: true });
    expect(attempt).toMatchObject({ ok: false, error: { code: 'refused', reason: 'it_credential_required' } });
    await expectStillTheProvincesKiosk(kiosk);
    kiosk.core.close();
  });

  it('through core.call, with a badge or PIN of an officer who is not IT staff', async () => {
    const kiosk = await enrolledKiosk();
    setStaffPin(kiosk.db, DEMO_OFFICER_ID, '246810', Date.now());
    for (const itCredential of [{ badgeCode: 'BG-26-000101' }, { staffId: DEMO_OFFICER_ID, pin: '246810' }, { badgeCode: 'ATTACKER-1' }]) {
      const attempt = kiosk.core.call('enrollDevice', { serverUrl: attacker.url, enrollmentCode: kiosk.attackersCode, replace: true, itCredential });
      expect(attempt, JSON.stringify(itCredential)).toMatchObject({ ok: false, error: { code: 'refused', reason: 'it_credential_refused' } });
    }
    await expectStillTheProvincesKiosk(kiosk);
    kiosk.core.close();
  });

  it('through the web host’s API, as any local process can call it', async () => {
    const kiosk = await enrolledKiosk();
    const rendererDir = tempDir('renderer-');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Nụ cười</title>');
    const host: Server = createWebHost({ core: kiosk.core, rendererDir, port: 0 });
    const port = await listen(host, 0);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/kiosk/enrollDevice`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serverUrl: attacker.url, enrollmentCode: kiosk.attackersCode, replace: true }),
      });
      const result = (await response.json()) as Result<SyncStatus>;
      expect(result).toMatchObject({ ok: false, error: { code: 'refused', reason: 'it_credential_required' } });
      await expectStillTheProvincesKiosk(kiosk);
    } finally {
      host.close();
      kiosk.core.close();
    }
  });
});

describe('re-enrolment by IT staff', () => {
  it('with the badge of an IT officer of the roster: the kiosk moves, and the audit log says who allowed it', async () => {
    const kiosk = await enrolledKiosk();
    expect(kiosk.db.prepare('SELECT roles FROM staff WHERE id = ?').get(IT_OFFICER)).toEqual({ roles: '["it"]' });
    const moved = kiosk.core.call('enrollDevice', {
      serverUrl: attacker.url,
      enrollmentCode: kiosk.attackersCode,
      replace: true,
      itCredential: { badgeCode: 'BG-26-000106' },
    });
    expect(moved.ok).toBe(true);
    expect(recentAudit(kiosk.db).find((a) => a.action === 'enrolment_requested')?.details).toMatchObject({
      replacing: provincial.url,
      authorisedBy: { itOfficer: IT_OFFICER },
    });
    await kiosk.engine.syncNow();
    expect(kiosk.engine.status()).toMatchObject({ serverUrl: attacker.url, enrolled: true, serverSignsAnswers: true });
    kiosk.core.close();
  });

  it('with a provisioning file that says to replace: only the kiosk’s own account can write its data folder', async () => {
    const kiosk = await enrolledKiosk();
    writeFileSync(
      join(kiosk.dataDir, 'provisioning.json'),
      JSON.stringify({ serverUrl: attacker.url, enrollmentCode: kiosk.attackersCode, replace: true }),
    );
    kiosk.engine.stop();
    kiosk.engine.start();
    expect(readSyncState(kiosk.db, 'pendingEnrolment')).toMatchObject({ serverUrl: attacker.url, source: 'provisioning' });
    await kiosk.engine.syncNow();
    expect(kiosk.engine.status().serverUrl).toBe(attacker.url);
    kiosk.core.close();
  });
});
