/**
 * POST /api/v1/staff-pins: PINs officers set themselves at a kiosk reach the server as salted
 * hashes, only for an active officer of the kiosk's own unit; newer wins over the console and
 * over other kiosks, a resend changes nothing, and the roster carries the PIN to the unit's kiosks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitBadges } from '../../shared/console/badges';
import { hashPin, verifyPin } from '../../shared/node/pin-hash';
import { RosterResponseSchema, StaffPinUploadResponseSchema } from '../../shared/protocol';
import { backend, enroll, type TestKiosk, type TestServer } from './helpers';
import { ConsoleClient, PASSWORD } from './console/harness';
import { startIntegrityServer, type IntegrityServer } from './integrity/integrity-harness';

describe(`PINs set at a kiosk (${backend})`, () => {
  // A real server, and a view of its database to read what it stored.
  let running: IntegrityServer;
  let server: TestServer & { db: IntegrityServer['db'] };
  let kiosk: TestKiosk;
  let other: TestKiosk;
  beforeAll(async () => {
    running = await startIntegrityServer();
    server = Object.assign(running.server, { db: running.db });
    kiosk = await enroll(server);
    other = await enroll(server, { counterId: 'ttpvhcc-q02' });
  });
  afterAll(() => running?.close());

  const staffRow = (id: string) => server.db.selectFrom('staff').select(['pin_hash', 'pin_set_at', 'pin_set_by_device']).where('id', '=', id).executeTakeFirstOrThrow();
  const audits = () => server.db.selectFrom('console_audit').select(['action', 'details', 'login']).where('action', 'in', ['staff_pin_set', 'staff_pin_cleared']).orderBy('id').execute();
  async function upload(from: TestKiosk, pins: { staffId: string; hash: string | null; setAt: number }[]) {
    const answer = await from.send('POST', '/staff-pins', { pins });
    expect(answer.status).toBe(200);
    return StaffPinUploadResponseSchema.parse(answer.json).results;
  }

  it('takes the PIN of an officer of the kiosk’s unit: stored, audited with the device and officer (never the hash), and in the roster of the unit’s other kiosk', async () => {
    const hash = hashPin('482915');
    const setAt = server.clock.now - 60_000;
    expect(await upload(kiosk, [{ staffId: 'st-000103', hash, setAt }])).toEqual([{ staffId: 'st-000103', setAt, outcome: 'stored' }]);
    expect(await staffRow('st-000103')).toEqual({ pin_hash: hash, pin_set_at: expect.anything(), pin_set_by_device: kiosk.deviceId });
    expect(Number((await staffRow('st-000103')).pin_set_at)).toBe(setAt);
    const entries = await audits();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.login).toBeNull();
    expect(JSON.parse(entries[0]!.details)).toEqual({ via: 'kiosk', deviceId: kiosk.deviceId, staffId: 'st-000103', unitId: 'bg-ttpvhcc', setAt });
    expect(entries[0]!.details).not.toContain(hash.split('$')[5]!);

    const roster = RosterResponseSchema.parse((await other.send('GET', '/roster')).json);
    expect(roster.staffPins?.['st-000103']).toEqual({ hash, setAt });
    expect(verifyPin('482915', roster.staffPins!['st-000103']!.hash!)).toBe(true);
  });

  it('a resend after a crash is the same change: answered stored again, nothing changed, no second audit entry', async () => {
    const before = await staffRow('st-000103');
    const { pin_set_at: setAt, pin_hash: hash } = before;
    const again = await upload(kiosk, [{ staffId: 'st-000103', hash, setAt: Number(setAt) }]);
    expect(again).toEqual([{ staffId: 'st-000103', setAt: Number(setAt), outcome: 'stored' }]);
    expect(await staffRow('st-000103')).toEqual(before);
    expect(await audits()).toHaveLength(1);
  });

  it('newer wins: an older change is superseded and leaves the newer one; a removal later than it clears the PIN', async () => {
    const current = await staffRow('st-000103');
    const older = await upload(other, [{ staffId: 'st-000103', hash: hashPin('135790'), setAt: Number(current.pin_set_at) - 1 }]);
    expect(older[0]!.outcome).toBe('superseded');
    expect(await staffRow('st-000103')).toEqual(current);

    const clearedAt = server.clock.now;
    expect(await upload(other, [{ staffId: 'st-000103', hash: null, setAt: clearedAt }])).toEqual([{ staffId: 'st-000103', setAt: clearedAt, outcome: 'stored' }]);
    expect(await staffRow('st-000103')).toEqual({ pin_hash: null, pin_set_at: expect.anything(), pin_set_by_device: other.deviceId });
    expect((await audits()).at(-1)!.action).toBe('staff_pin_cleared');
    const roster = RosterResponseSchema.parse((await kiosk.send('GET', '/roster')).json);
    expect(roster.staffPins?.['st-000103']).toEqual({ hash: null, setAt: clearedAt });
  });

  it('the console’s badges page says the officer set or removed the PIN at the kiosk, and when; a console change says nothing of a kiosk', async () => {
    await server.admin.addConsoleUser({ login: 'kythuat-kiosk-pins', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
    const itStaff = new ConsoleClient(server.url);
    await itStaff.login('kythuat-kiosk-pins');
    const setAt = server.clock.now;
    await upload(kiosk, [{ staffId: 'st-000106', hash: hashPin('482915'), setAt }]);
    const listed = async () => (await itStaff.request<UnitBadges>('GET', '/badges/units/bg-ttpvhcc')).body.staff.find((s) => s.staffId === 'st-000106')!;
    expect(await listed()).toMatchObject({ hasPin: true, pinSetAt: setAt, pinSetAtKiosk: true });
    expect((await itStaff.request('PUT', '/badges/staff/st-000106/pin', { pin: '591736' })).status).toBe(200);
    expect(await listed()).toMatchObject({ hasPin: true, pinSetAtKiosk: false });
  });

  it('refuses, per PIN, another unit’s officer, an inactive officer, an unknown one and a time ahead of the server’s clock; nothing of theirs changes, the valid one is stored', async () => {
    await server.db.updateTable('staff').set({ active: false }).where('id', '=', 'st-000105').execute();
    const before = await Promise.all(['st-010201', 'st-000105'].map(staffRow));
    const auditCount = (await audits()).length;
    const hash = hashPin('246810');
    const at = server.clock.now;
    const results = await upload(kiosk, [
      { staffId: 'st-010201', hash, setAt: at },
      { staffId: 'st-000105', hash, setAt: at },
      { staffId: 'st-999999', hash, setAt: at },
      { staffId: 'st-000104', hash, setAt: at + 3_600_000 },
      { staffId: 'st-000102', hash, setAt: at },
    ]);
    expect(results).toEqual([
      { staffId: 'st-010201', setAt: at, outcome: 'rejected', error: 'other_unit' },
      { staffId: 'st-000105', setAt: at, outcome: 'rejected', error: 'inactive' },
      { staffId: 'st-999999', setAt: at, outcome: 'rejected', error: 'unknown_staff' },
      { staffId: 'st-000104', setAt: at + 3_600_000, outcome: 'rejected', error: 'future_time' },
      { staffId: 'st-000102', setAt: at, outcome: 'stored' },
    ]);
    expect(await Promise.all(['st-010201', 'st-000105'].map(staffRow))).toEqual(before);
    expect((await staffRow('st-000104')).pin_hash).toBeNull();
    expect(await audits()).toHaveLength(auditCount + 1);
  });

  it('a console change after the kiosk’s stays, and the console’s own changes name no kiosk', async () => {
    const hash = hashPin('975310');
    await server.db.updateTable('staff').set({ pin_hash: hash, pin_set_at: server.clock.now, pin_set_by_device: null }).where('id', '=', 'st-000106').execute();
    const late = await upload(kiosk, [{ staffId: 'st-000106', hash: hashPin('482915'), setAt: server.clock.now - 1_000 }]);
    expect(late[0]!.outcome).toBe('superseded');
    expect(await staffRow('st-000106')).toMatchObject({ pin_hash: hash, pin_set_by_device: null });
  });

  it('refuses a hash with other scrypt parameters than a kiosk uses — the unit’s kiosks would check PINs at the cost it names', async () => {
    const costly = hashPin('482915').replace(/^scrypt\$16384\$8\$1\$/, 'scrypt$1048576$8$1$');
    const before = await staffRow('st-000101');
    expect(await upload(kiosk, [{ staffId: 'st-000101', hash: costly, setAt: server.clock.now }])).toEqual([
      { staffId: 'st-000101', setAt: server.clock.now, outcome: 'rejected', error: 'unsupported_hash' },
    ]);
    expect(await staffRow('st-000101')).toEqual(before);
    expect(verifyPin('482915', hashPin('482915').replace(/^scrypt\$16384\$8\$1\$/, 'scrypt$16384$64$1$'))).toBe(false);
  });

  it('a badge reissue clears a PIN set at a kiosk (maybe with the stolen badge), dated then, so kiosks drop it; a console PIN stays', async () => {
    await server.admin.addConsoleUser({ login: 'kythuat-reissue-pins', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
    const itStaff = new ConsoleClient(server.url);
    await itStaff.login('kythuat-reissue-pins');
    const setAt = server.clock.now - 5_000;
    expect((await upload(kiosk, [{ staffId: 'st-000104', hash: hashPin('482915'), setAt }]))[0]!.outcome).toBe('stored');
    expect((await itStaff.request('POST', '/badges/staff/st-000104/reissue', {})).status).toBe(200);
    expect(await staffRow('st-000104')).toMatchObject({ pin_hash: null, pin_set_by_device: null });
    const clearedAt = Number((await staffRow('st-000104')).pin_set_at);
    expect(clearedAt).toBeGreaterThan(setAt);
    const roster = RosterResponseSchema.parse((await other.send('GET', '/roster')).json);
    expect(roster.staffPins?.['st-000104']).toEqual({ hash: null, setAt: clearedAt });
    const consolePin = (await staffRow('st-000106')).pin_hash;
    expect(consolePin).not.toBeNull();
    expect((await itStaff.request('POST', '/badges/staff/st-000106/reissue', {})).status).toBe(200);
    expect((await staffRow('st-000106')).pin_hash).toBe(consolePin);
  });

  it('refuses a body that is not PINs (400), a PIN instead of a hash, two changes of one officer, and an unsigned request (401)', async () => {
    const at = server.clock.now;
    expect((await kiosk.send('POST', '/staff-pins', { pins: [{ staffId: 'st-000101', hash: '482915', setAt: at }] })).status).toBe(400);
    expect((await kiosk.send('POST', '/staff-pins', { pins: [] })).status).toBe(400);
    const twice = { pins: [{ staffId: 'st-000101', hash: null, setAt: at }, { staffId: 'st-000101', hash: null, setAt: at + 1 }] };
    expect((await kiosk.send('POST', '/staff-pins', twice)).status).toBe(400);
    expect((await kiosk.send('POST', '/staff-pins', { pins: [{ staffId: 'st-000101', hash: null, setAt: at }] }, { headers: { 'x-signature': undefined } })).status).toBe(401);
    expect((await staffRow('st-000101')).pin_set_at).toBeNull();
  });
});
