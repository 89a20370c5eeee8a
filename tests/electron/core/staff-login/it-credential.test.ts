import { afterEach, describe, expect, it } from 'vitest';
import { recentAudit } from '../../../../electron/core/audit';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { verifyItCredential } from '../../../../electron/core/staff-login/it-credential';
import { setStaffPin } from '../../../../electron/core/staff-login/pin';
import { PIN_FREE_ATTEMPTS } from '../../../../electron/core/staff-login/pin-throttle';
import { demoCore } from '../helpers';

const START = Date.UTC(2026, 10, 20, 1, 0, 0);
const IT_OFFICER = 'st-000106'; // Đặng Minh Khôi, badge BG-26-000106
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** The demo kiosk, whose roster makes st-000106 an IT officer, and verifyItCredential on it. */
function kiosk() {
  const { core } = demoCore({ now: () => START });
  cores.push(core);
  const db = core.database!;
  setStaffPin(db, IT_OFFICER, '135790', START);
  setStaffPin(db, 'st-000101', '246810', START);
  return { core, db, verify: (credential: Parameters<typeof verifyItCredential>[1], at = START) => verifyItCredential(db, credential, 'enrolment', at) };
}

describe('an IT officer’s credential at the kiosk', () => {
  it('is the badge, or the staff id and PIN, of an active officer holding the role it', () => {
    const { verify, db } = kiosk();
    expect(verify({ badgeCode: 'bg-26-000106\r\n' })).toEqual({ ok: true, value: { staffId: IT_OFFICER, fullName: 'Đặng Minh Khôi' } });
    expect(verify({ staffId: IT_OFFICER, pin: '135790' })).toMatchObject({ ok: true, value: { staffId: IT_OFFICER } });
    expect(recentAudit(db, 2).map((a) => [a.action, a.details])).toEqual([
      ['it_credential_accepted', { purpose: 'enrolment', method: 'pin', staffId: IT_OFFICER }],
      ['it_credential_accepted', { purpose: 'enrolment', method: 'badge', staffId: IT_OFFICER }],
    ]);
  });

  it('is refused for an officer without the role, an unknown or malformed badge, a wrong PIN — saying only “refused”', () => {
    const { verify, db } = kiosk();
    const refused = { ok: false, error: { code: 'refused', reason: 'it_credential_refused' } };
    expect(verify({ badgeCode: 'BG-26-000101' })).toMatchObject(refused); // a real officer, not IT
    expect(verify({ staffId: 'st-000101', pin: '246810' })).toMatchObject(refused);
    expect(verify({ badgeCode: 'ATTACKER-1' })).toMatchObject(refused);
    expect(verify({ badgeCode: "'; DROP TABLE staff;--" })).toMatchObject(refused);
    expect(verify({ staffId: IT_OFFICER, pin: '000000' })).toMatchObject(refused);
    expect(verify(undefined)).toMatchObject({ ok: false, error: { code: 'refused', reason: 'it_credential_required' } });
    expect(recentAudit(db, 5).map((a) => a.details.why)).toEqual(['wrong_pin', 'not_a_badge', 'unknown_badge', 'not_it', 'not_it']);
    expect(JSON.stringify(recentAudit(db, 100))).not.toMatch(/135790|246810|000000/);
  });

  it('is refused for an IT officer who left', () => {
    const { verify, db } = kiosk();
    db.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(IT_OFFICER);
    expect(verify({ badgeCode: 'BG-26-000106' })).toMatchObject({ ok: false, error: { reason: 'it_credential_refused' } });
  });

  it('counts wrong PINs with the officer’s PIN logins at the counter: no second way to guess a PIN', () => {
    const { verify, core } = kiosk();
    // Wrong PINs in the IT credential step, then one at the counter (whose clock says START).
    for (let i = 0; i < PIN_FREE_ATTEMPTS - 1; i++) verify({ staffId: IT_OFFICER, pin: '000000' }, START - PIN_FREE_ATTEMPTS + i);
    core.call('loginWithPin', { staffId: IT_OFFICER, pin: '000001' });
    expect(verify({ staffId: IT_OFFICER, pin: '135790' }, START + PIN_FREE_ATTEMPTS)).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'throttled' } });
    expect(verify({ badgeCode: 'BG-26-000106' }, START + PIN_FREE_ATTEMPTS)).toMatchObject({ ok: true });
  });
});
