import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetOverview, KioskDetail } from '../../../shared/console/fleet';
import { enroll, type TestKiosk } from '../helpers';
import { startFleetServer, type FleetServer } from './fleet-harness';

/** Monday 2026-11-23, 09:00 in Vietnam: the unit is open. */
const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);

const beat = (extra: Record<string, unknown> = {}) => ({ appVersion: '0.2.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0, ...extra });

describe('the fleet from heartbeats', () => {
  let fleet: FleetServer;
  let kiosk: TestKiosk;
  beforeEach(async () => {
    fleet = await startFleetServer();
    fleet.server.clock.now = MONDAY_9AM;
    await fleet.it.login('kythuat');
    kiosk = await enroll(fleet.server);
  });
  afterEach(() => fleet.close());

  const overview = async () => (await fleet.it.get<FleetOverview>('/fleet')).body;

  it('a kiosk that stops beating turns late, then offline with an alert that ends when it beats again, in the console and in the admin CLI', async () => {
    expect((await kiosk.send('POST', '/heartbeat', beat({ freeDiskBytes: 9e9 }))).status).toBe(200);
    expect((await overview()).kiosks[0]).toMatchObject({ status: 'online', freeDiskBytes: 9e9 });
    fleet.server.clock.now += 10 * 60_000; // two intervals of 5 min
    let now = await overview();
    expect(now.kiosks[0]!.status).toBe('late');
    expect(now.counts).toMatchObject({ online: 0, late: 1 });
    fleet.server.clock.now += 25 * 60_000;
    await fleet.it.login('kythuat');
    now = await overview();
    expect(now.kiosks[0]).toMatchObject({ status: 'offline', openAlerts: ['offline'] });
    expect(now.alerts).toMatchObject([{ kind: 'offline', endedAt: null, deviceId: kiosk.deviceId }]);
    // `npm run admin -- devices` says the same.
    expect(await fleet.server.admin.listDevices()).toMatchObject([{ deviceId: kiosk.deviceId, status: 'offline', openAlerts: ['offline'] }]);
    // Not repeated while it lasts.
    fleet.server.clock.now += 5 * 60_000;
    expect((await overview()).alerts.filter((a) => a.kind === 'offline')).toHaveLength(1);
    await kiosk.send('POST', '/heartbeat', beat());
    now = await overview();
    expect(now.kiosks[0]).toMatchObject({ status: 'online', openAlerts: [] });
    expect(now.alerts[0]).toMatchObject({ kind: 'offline', endedAt: fleet.server.clock.now });
  });

  it('outside opening hours a silent kiosk is not judged', async () => {
    await kiosk.send('POST', '/heartbeat', beat());
    fleet.server.clock.now = Date.UTC(2026, 10, 23, 13, 0, 0); // 20:00 in Vietnam
    await fleet.it.login('kythuat');
    expect((await overview()).kiosks[0]).toMatchObject({ status: 'closed', openAlerts: [] });
  });

  it('backlog, clock, disk and settings it could not apply each raise their alert; the heartbeat history keeps them', async () => {
    await kiosk.send('POST', '/heartbeat', beat({ pendingCount: 40, oldestPendingAgeMs: 2 * 3_600_000, clockOffsetMs: -180_000, freeDiskBytes: 100_000_000, settingsProblems: ['idleTimeoutMs: Too big'], settingsVersion: '"abc"', lastError: 'batch: server answered 503' }));
    const detail = (await fleet.it.get<KioskDetail>(`/fleet/kiosks/${kiosk.deviceId}`)).body;
    expect(detail.kiosk.openAlerts.sort()).toEqual(['backlog', 'clock', 'disk', 'settings_not_applied']);
    expect(detail.heartbeats[0]).toMatchObject({ pendingCount: 40, clockOffsetMs: -180_000, lastError: 'batch: server answered 503', problems: ['idleTimeoutMs: Too big'] });
    expect(detail.kiosk).toMatchObject({ settingsBehind: true, settingsProblems: ['idleTimeoutMs: Too big'], lastError: 'batch: server answered 503' });
  });

  it('a kiosk that left roster rows out shows in error with the reasons, with an alert, until a later heartbeat says the roster applied whole', async () => {
    const leftOut = [{ staffId: 'st-000102', reason: 'duplicate_badge' }, { staffId: 'st-000103', reason: 'duplicate_badge' }];
    expect((await kiosk.send('POST', '/heartbeat', beat({ rosterVersion: '"r1"', rosterProblems: leftOut }))).status).toBe(200);
    let detail = (await fleet.it.get<KioskDetail>(`/fleet/kiosks/${kiosk.deviceId}`)).body;
    expect(detail.kiosk).toMatchObject({ rosterBehind: true, rosterProblems: leftOut, openAlerts: ['roster_not_applied'] });
    expect((await overview()).alerts[0]).toMatchObject({ kind: 'roster_not_applied', endedAt: null, detail: { leftOut: 2, problems: leftOut } });
    expect(detail.heartbeats[0]!.problems).toEqual(['roster: st-000102 duplicate_badge', 'roster: st-000103 duplicate_badge']);
    expect((await fleet.server.admin.listDevices())[0]).toMatchObject({ rosterProblems: leftOut, openAlerts: ['roster_not_applied'] });

    await kiosk.send('POST', '/heartbeat', beat({ rosterVersion: '"r2"', rosterProblems: [] }));
    detail = (await fleet.it.get<KioskDetail>(`/fleet/kiosks/${kiosk.deviceId}`)).body;
    expect(detail.kiosk).toMatchObject({ rosterBehind: false, rosterProblems: [], openAlerts: [] });
    expect((await overview()).alerts[0]).toMatchObject({ kind: 'roster_not_applied', endedAt: fleet.server.clock.now });
  });

  it('a roster problem is a staff id and a reason code, never a name: anything else is refused', async () => {
    const named = await kiosk.send('POST', '/heartbeat', beat({ rosterProblems: [{ staffId: 'st-000102', reason: 'duplicate_badge', fullName: 'Trần Văn Bình' }] }));
    expect(named.status).toBe(400);
    const sentence = await kiosk.send('POST', '/heartbeat', beat({ rosterProblems: [{ reason: 'Trần Văn Bình has no unit' }] }));
    expect(sentence.status).toBe(400);
    const tooMany = await kiosk.send('POST', '/heartbeat', beat({ rosterProblems: Array.from({ length: 51 }, () => ({ reason: 'not_applied' })) }));
    expect(tooMany.status).toBe(400);
  });

  it('a kiosk of protocol v1’s first heartbeat (no fleet fields) keeps working', async () => {
    const answer = await kiosk.send('POST', '/heartbeat', beat());
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ serverTime: fleet.server.clock.now });
    expect((await overview()).kiosks[0]).toMatchObject({ freeDiskBytes: null, settingsVersion: null, settingsBehind: false, rosterProblems: [] });
  });

  it('a command goes out with the heartbeat until the kiosk reports it, then ends done; unpicked ones expire', async () => {
    const sent = await fleet.it.post<{ commandIds: string[] }>('/fleet/commands', { deviceIds: [kiosk.deviceId], kind: 'sync_now' });
    expect(sent.status).toBe(201);
    const [id] = sent.body.commandIds;
    const first = await kiosk.send('POST', '/heartbeat', beat());
    expect(first.json.commands).toEqual([{ id, kind: 'sync_now' }]);
    // The answer was lost: the next heartbeat carries it again; the kiosk does it once, by id.
    expect((await kiosk.send('POST', '/heartbeat', beat())).json.commands).toEqual([{ id, kind: 'sync_now' }]);
    await kiosk.send('POST', '/heartbeat', beat({ commandResults: [{ id, outcome: 'done', at: fleet.server.clock.now }] }));
    expect((await kiosk.send('POST', '/heartbeat', beat())).json).not.toHaveProperty('commands');
    let detail = (await fleet.it.get<KioskDetail>(`/fleet/kiosks/${kiosk.deviceId}`)).body;
    expect(detail.commands[0]).toMatchObject({ id, kind: 'sync_now', state: 'done', createdBy: 'kythuat' });

    await fleet.it.post('/fleet/commands', { deviceIds: [kiosk.deviceId], kind: 'send_diagnostics' });
    fleet.server.clock.now += 61 * 60_000;
    await fleet.it.login('kythuat');
    detail = (await fleet.it.get<KioskDetail>(`/fleet/kiosks/${kiosk.deviceId}`)).body;
    expect(detail.commands[0]).toMatchObject({ kind: 'send_diagnostics', state: 'expired' });
  });

  it('commands for a retired kiosk are refused with its name, and nothing is queued for any kiosk of the group', async () => {
    const other = await enroll(fleet.server, { counterId: 'ttpvhcc-q02' });
    expect((await fleet.it.post(`/fleet/kiosks/${other.deviceId}/retire`)).status).toBe(200);
    const refused = await fleet.it.post('/fleet/commands', { deviceIds: [kiosk.deviceId, other.deviceId], kind: 'reload_screen' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'kiosk_retired' });
    expect(refused.body.message).toMatch(/đã ngừng sử dụng/);
    expect((await kiosk.send('POST', '/heartbeat', beat())).json).not.toHaveProperty('commands');
    expect((await other.send('POST', '/heartbeat', beat())).json.error).toBe('device_revoked');
    expect((await overview()).counts.retired).toBe(1);
  });

  it('a kiosk moves to another counter of its unit through its config; a counter of another unit is refused', async () => {
    const refused = await fleet.it.post(`/fleet/kiosks/${kiosk.deviceId}/move`, { counterId: 'ln-q01' });
    expect(refused.body).toMatchObject({ error: 'counter_of_other_unit', field: 'counterId' });
    expect((await fleet.it.post(`/fleet/kiosks/${kiosk.deviceId}/move`, { counterId: 'ttpvhcc-q02' })).status).toBe(200);
    expect((await kiosk.send('GET', '/config')).json.counterId).toBe('ttpvhcc-q02');
  });

  it('settings: per unit and per kiosk with their effective values; out of range is refused naming the setting, nothing stored', async () => {
    const bad = await fleet.it.request('PUT', '/fleet/settings/units/bg-ttpvhcc', { idleTimeoutMs: 1000, spokenPrompts: true });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_setting', field: 'idleTimeoutMs' });
    expect(bad.body.message).toBe('Cài đặt idleTimeoutMs không hợp lệ: phải từ 5000 trở lên. Không có gì được lưu.');
    const closing = await fleet.it.request('PUT', '/fleet/settings/units/bg-ttpvhcc', { openingHours: [{ days: [1], from: '17:00', to: '07:00' }] });
    expect(closing.body.message).toMatch(/openingHours\.0\.to.*giờ đóng cửa phải sau giờ mở cửa/);
    // Every invalid setting, each with its bound in the setting's own unit (the console shows them beside their fields).
    const both = await fleet.it.request('PUT', `/fleet/settings/kiosks/${kiosk.deviceId}`, { idleTimeoutMs: 99_999_000, openingHours: [{ days: [1, 2, 3, 4, 5], from: '25:00', to: '17:30' }] });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ error: 'invalid_setting', field: 'idleTimeoutMs' });
    expect(both.body.issues).toEqual([
      { setting: 'idleTimeoutMs', path: 'idleTimeoutMs', problem: 'too_big', limit: 600_000 },
      { setting: 'openingHours', path: 'openingHours.0.from', problem: 'time_format' },
    ]);
    expect((await kiosk.send('GET', '/config')).json.settings).toEqual({});

    const unit = await fleet.it.request<{ effective: Record<string, { value: unknown; source: string }> }>('PUT', '/fleet/settings/units/bg-ttpvhcc', { idleTimeoutMs: 45_000, spokenPrompts: true });
    expect(unit.body.effective.idleTimeoutMs).toEqual({ value: 45_000, source: 'unit' });
    expect(unit.body.effective.cooldownMs).toEqual({ value: 5_000, source: 'default' });
    const own = await fleet.it.request<{ effective: Record<string, { value: unknown; source: string }> }>('PUT', `/fleet/settings/kiosks/${kiosk.deviceId}`, { spokenPrompts: false });
    expect(own.body.effective.spokenPrompts).toEqual({ value: false, source: 'kiosk' });
    expect((await kiosk.send('GET', '/config')).json.settings).toEqual({ idleTimeoutMs: 45_000, spokenPrompts: false });
  });

  it('codes for every counter of a unit at once, each with its QR; a counter of another unit refuses the whole request', async () => {
    const refused = await fleet.it.post('/fleet/enrolment-codes', { unitId: 'bg-ttpvhcc', counterIds: ['ttpvhcc-q01', 'ln-q01'] });
    expect(refused.body).toMatchObject({ error: 'counter_of_other_unit', field: 'counterIds' });
    const made = await fleet.it.post<{ codes: { counterId: string; code: string; qrSvg: string }[] }>('/fleet/enrolment-codes', { unitId: 'bg-ttpvhcc' });
    expect(made.status).toBe(201);
    expect(made.body.codes.map((c) => c.counterId).sort()).toEqual(['ttpvhcc-q01', 'ttpvhcc-q02', 'ttpvhcc-q09']);
    expect(made.body.codes[0]!.qrSvg).toMatch(/^<svg/);
    const used = await fleet.post('/enroll', { enrollmentCode: made.body.codes.find((c) => c.counterId === 'ttpvhcc-q09')!.code, deviceName: 'Quầy 09', appVersion: '0.2.0' });
    expect(used.json).toMatchObject({ counterId: 'ttpvhcc-q09' });
  });
});
