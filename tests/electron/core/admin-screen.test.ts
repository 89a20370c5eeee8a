/**
 * Who may open the kiosk's admin screen (electron/core/admin-screen.ts): an IT officer of the
 * roster with their badge or PIN, or anyone at first start; and how its session ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_SESSION_IDLE_MS, isFirstStart } from '../../../electron/core/admin-screen';
import { recentAudit } from '../../../electron/core/audit';
import type { KioskCore } from '../../../electron/core/kiosk-core';
import { setStaffPin } from '../../../electron/core/staff-login/pin';
import { FileSecretStore } from '../../../electron/core/sync/secret-store';
import { demoCore, tempDir } from './helpers';

const IT_OFFICER = 'st-000106';
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** The demo kiosk (a counter, its officer on duty) whose roster names one IT officer, on a clock the test moves. */
function kioskWithItOfficer() {
  let now = Date.now();
  const dataDir = tempDir('kiosk-admin-');
  const { core } = demoCore({ dataDir, now: () => now, sync: { secrets: new FileSecretStore(dataDir), autoSync: false, watchNetwork: false } });
  cores.push(core);
  const db = core.database!;
  db.prepare(`UPDATE staff SET roles = '["it"]' WHERE id = ?`).run(IT_OFFICER);
  return { core, db, advance: (ms: number) => (now += ms) };
}

const reasonOf = (result: { ok: boolean; error?: { reason?: string } }) => (result.ok ? 'ok' : result.error?.reason);

describe('opening the kiosk’s admin screen', () => {
  it('opens for an IT officer’s badge, and says who opened it in the audit log', () => {
    const { core, db } = kioskWithItOfficer();
    const opened = core.call('openAdminScreen', { itCredential: { badgeCode: 'BG-26-000106' } });
    expect(opened).toMatchObject({ ok: true, value: { openedBy: 'it_officer', officerName: 'Đặng Minh Khôi' } });
    expect(recentAudit(db).find((entry) => entry.action === 'admin_screen_opened')?.details).toEqual({ by: 'it_officer', staffId: IT_OFFICER });
  });

  it('opens for an IT officer’s staff id and PIN', () => {
    const { core, db } = kioskWithItOfficer();
    setStaffPin(db, IT_OFFICER, '135790', Date.now());
    expect(core.call('openAdminScreen', { itCredential: { staffId: IT_OFFICER, pin: '135790' } })).toMatchObject({ ok: true });
  });

  it('stays shut for a citizen with no credential, and for a counter officer’s badge, saying only “refused”', () => {
    const { core } = kioskWithItOfficer();
    expect(reasonOf(core.call('openAdminScreen', {}))).toBe('it_credential_required');
    const officersBadge = core.call('openAdminScreen', { itCredential: { badgeCode: 'BG-26-000101' } });
    expect(officersBadge).toMatchObject({ ok: false, error: { code: 'refused', reason: 'it_credential_refused' } });
    expect(reasonOf(core.call('openAdminScreen', { itCredential: { badgeCode: 'BG-26-999999' } }))).toBe('it_credential_refused');
    // Nothing was opened: an admin call is still refused.
    return expect(core.call('testConnection', undefined)).resolves.toMatchObject({ ok: false, error: { reason: 'it_credential_required' } });
  });

  it('refuses malformed credentials before looking anything up', () => {
    const { core } = kioskWithItOfficer();
    expect(core.call('openAdminScreen', { itCredential: { badgeCode: '' } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.call('openAdminScreen', { itCredential: { staffId: IT_OFFICER, pin: '12' } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(core.call('openAdminScreen', { password: 'admin' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('opens with no credential only at first start: not enrolled, no counter, nobody of the roster is IT', () => {
    const dataDir = tempDir('kiosk-fresh-');
    const { core } = demoCore({ dataDir, onOpen: undefined, sync: { secrets: new FileSecretStore(dataDir), autoSync: false, watchNetwork: false } });
    cores.push(core);
    expect(isFirstStart(core.database!)).toBe(true);
    expect(core.call('openAdminScreen', {})).toMatchObject({ ok: true, value: { openedBy: 'first_start', officerName: null } });

    // The demo kiosk has a counter: it is past its first start, even with nobody of the IT role.
    const { core: demo } = demoCore();
    cores.push(demo);
    expect(isFirstStart(demo.database!)).toBe(false);
    expect(reasonOf(demo.call('openAdminScreen', {}))).toBe('it_credential_required');
  });

  it('ends when closed, and by itself after a while without an admin call', async () => {
    const { core, db, advance } = kioskWithItOfficer();
    const open = () => core.call('openAdminScreen', { itCredential: { badgeCode: 'BG-26-000106' } });
    expect(open().ok).toBe(true);
    expect(core.call('closeAdminScreen', undefined)).toEqual({ ok: true, value: { closed: true } });
    expect(recentAudit(db).find((entry) => entry.action === 'admin_screen_closed')?.details).toEqual({ by: 'it_officer', staffId: IT_OFFICER });
    await expect(core.call('testConnection', undefined)).resolves.toMatchObject({ ok: false, error: { reason: 'it_credential_required' } });

    expect(open().ok).toBe(true);
    advance(ADMIN_SESSION_IDLE_MS + 1);
    await expect(core.call('testConnection', undefined)).resolves.toMatchObject({ ok: false, error: { reason: 'it_credential_required' } });
  });
});
