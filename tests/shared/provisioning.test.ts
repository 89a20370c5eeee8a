import { describe, expect, it } from 'vitest';
import { checkMachineProvisioning, serverOrigin } from '../../shared/provisioning';

const now = Date.UTC(2026, 10, 21, 3, 0, 0);
const good = {
  serverUrl: 'https://nucuoi.bacgiang.gov.vn/',
  enrollmentCode: 'K7QM-4XZ2-9RTB',
  updatePublicKey: 'MCowBQYDK2VwAyEAebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=',
  expiresAt: '2026-11-28T03:00:00.000Z',
  deviceName: 'TTPVHCC quầy 01',
};
const check = (value: unknown) => checkMachineProvisioning(typeof value === 'string' ? value : JSON.stringify(value), now);

describe('the machine provisioning file', () => {
  it('is read with the server address made an origin, even with a byte-order mark from Notepad', () => {
    expect(check(good)).toEqual({ ok: true, provisioning: { ...good, serverUrl: 'https://nucuoi.bacgiang.gov.vn' }, expiredCode: null });
    expect(check(`\uFEFF${JSON.stringify(good)}`).ok).toBe(true);
  });

  it('refuses a bad server address, with a reason IT staff can act on', () => {
    for (const serverUrl of ['nucuoi.bacgiang.gov.vn', 'ftp://nucuoi.bacgiang.gov.vn', 'https://nucuoi.bacgiang.gov.vn/nucuoi', 'https://user:pw@nucuoi.bacgiang.gov.vn', 'https://x.vn/?a=1']) {
      const answer = check({ ...good, serverUrl });
      expect(answer.ok, serverUrl).toBe(false);
      expect(!answer.ok && answer.reason).toMatch(/^serverUrl: must be the server's http\(s\) address/);
    }
    expect(serverOrigin('http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
  });

  it('says when the code has expired and what to do, while the release key stays good', () => {
    const answer = check({ ...good, expiresAt: '2026-11-21T02:59:59.000Z' });
    expect(answer).toMatchObject({
      ok: true,
      provisioning: { updatePublicKey: good.updatePublicKey },
      expiredCode: expect.stringMatching(/expired on 2026-11-21T02:59:59.000Z: make a new file with npm run admin -- provisioning-file/),
    });
  });

  it('refuses a missing or malformed key or code, unknown fields, and text that is not JSON', () => {
    const { updatePublicKey: _key, ...withoutKey } = good;
    expect(check(withoutKey)).toMatchObject({ ok: false, reason: expect.stringMatching(/^updatePublicKey:/) });
    expect(check({ ...good, updatePublicKey: 'MCowBQYDK2VwAyEA' })).toMatchObject({ ok: false, reason: expect.stringMatching(/release-key/) });
    expect(check({ ...good, enrollmentCode: 'abc' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^enrollmentCode:/) });
    expect(check({ ...good, pairingCode: '1234' })).toMatchObject({ ok: false, reason: expect.stringMatching(/pairingCode/) });
    expect(check({ ...good, expiresAt: 'next week' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^expiresAt:/) });
    expect(check('{"serverUrl": ')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not valid JSON/) });
  });
});
