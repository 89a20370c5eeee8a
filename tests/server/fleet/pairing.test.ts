import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FleetOverview } from '../../../shared/console/fleet';
import { PAIRING_CODE_PATTERN } from '../../../shared/fleet';
import { startFleetServer, type FleetServer } from './fleet-harness';

describe('pairing a kiosk that is not enrolled', () => {
  let fleet: FleetServer;
  beforeEach(async () => {
    fleet = await startFleetServer();
  });
  afterEach(() => fleet.close());

  it('IT staff approve the code on the kiosk’s screen; the kiosk collects an enrolment code bound to that counter and enrols with it', async () => {
    const created = await fleet.post('/pairings', { deviceName: 'Máy mới tầng 1', appVersion: '0.2.0' });
    expect(created.status).toBe(201);
    expect(created.json.pairingCode).toMatch(PAIRING_CODE_PATTERN);
    const ticket = { pairingId: created.json.pairingId, pollToken: created.json.pollToken };
    expect((await fleet.post('/pairings/poll', ticket)).json.status).toBe('pending');

    const listed = await fleet.it.get<FleetOverview>('/fleet');
    expect(listed.body.pairings).toMatchObject([{ code: created.json.pairingCode, deviceName: 'Máy mới tầng 1', status: 'pending' }]);
    // Typed as IT staff read it: lower case, without the dash.
    const typed = String(created.json.pairingCode).replace('-', '').toLowerCase();
    const approved = await fleet.it.post('/fleet/pairings/approve', { code: typed, unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
    expect(approved.status).toBe(200);

    const first = await fleet.post('/pairings/poll', ticket);
    expect(first.json.status).toBe('approved');
    // A lost answer costs nothing: asking again gives a new code, and the first stops working.
    const second = await fleet.post('/pairings/poll', ticket);
    expect(second.json.enrollmentCode).not.toBe(first.json.enrollmentCode);
    const stale = await fleet.post('/enroll', { enrollmentCode: first.json.enrollmentCode, deviceName: 'Máy mới tầng 1', appVersion: '0.2.0' });
    expect(stale.status).toBe(403);
    const enrolled = await fleet.post('/enroll', { enrollmentCode: second.json.enrollmentCode, deviceName: 'Máy mới tầng 1', appVersion: '0.2.0' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.json).toMatchObject({ unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
    // Enrolled: the pairing hands out nothing more, and the console names the kiosk it made.
    expect((await fleet.post('/pairings/poll', ticket)).json).not.toHaveProperty('enrollmentCode');
    const after = await fleet.it.get<FleetOverview>('/fleet');
    expect(after.body.pairings[0]).toMatchObject({ status: 'approved', deviceId: enrolled.json.deviceId, decidedBy: 'kythuat' });
    expect(after.body.kiosks).toMatchObject([{ deviceId: enrolled.json.deviceId, counterId: 'ttpvhcc-q01', deskRole: 'reception' }]);
    const audit = await fleet.it.get<{ items: { action: string }[] }>('/audit');
    expect(audit.status).toBe(403); // IT staff do not read the audit log; the approval is in it all the same
  });

  it('a refused or expired request gives no code, a wrong token learns nothing, and a wrong code is named', async () => {
    const first = await fleet.post('/pairings', { deviceName: 'Máy lạ', appVersion: '0.2.0' });
    const second = await fleet.post('/pairings', { deviceName: 'Máy chờ', appVersion: '0.2.0' });
    const { body } = await fleet.it.get<FleetOverview>('/fleet');
    const refused = body.pairings.find((p) => p.code === first.json.pairingCode)!;
    expect((await fleet.it.post(`/fleet/pairings/${refused.id}/refuse`)).status).toBe(200);
    expect((await fleet.post('/pairings/poll', { pairingId: first.json.pairingId, pollToken: first.json.pollToken })).json.status).toBe('refused');
    expect((await fleet.post('/pairings/poll', { pairingId: second.json.pairingId, pollToken: first.json.pollToken })).status).toBe(404);

    const wrong = await fleet.it.post('/fleet/pairings/approve', { code: 'ZZZ-ZZZ', unitId: 'bg-ttpvhcc', counterId: null });
    expect(wrong.status).toBe(404);
    expect(wrong.body).toMatchObject({ error: 'pairing_not_found', field: 'code' });
    expect(wrong.body.message).toContain('ZZZ-ZZZ');

    fleet.server.clock.now += 61 * 60_000;
    expect((await fleet.post('/pairings/poll', { pairingId: second.json.pairingId, pollToken: second.json.pollToken })).json.status).toBe('expired');
    await fleet.it.login('kythuat'); // an hour later the console's session has ended too
    const late = await fleet.it.post('/fleet/pairings/approve', { code: second.json.pairingCode, unitId: 'bg-ttpvhcc', counterId: null });
    expect(late.body.error).toBe('pairing_not_found');
  });

  it('a counter of another unit is refused with the counter named, and the request stays pending', async () => {
    const created = await fleet.post('/pairings', { deviceName: 'Máy mới', appVersion: '0.2.0' });
    const answer = await fleet.it.post('/fleet/pairings/approve', { code: created.json.pairingCode, unitId: 'bg-ttpvhcc', counterId: 'ln-q01' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'counter_of_other_unit', field: 'counterId' });
    expect(answer.body.message).toMatch(/^Quầy ln-q01 thuộc đơn vị khác \(bg-ln-motcua\)/);
    expect((await fleet.post('/pairings/poll', { pairingId: created.json.pairingId, pollToken: created.json.pollToken })).json.status).toBe('pending');
  });

  it('refuses malformed protocol requests with 400 and stores nothing', async () => {
    expect((await fleet.post('/pairings', { deviceName: '', appVersion: '0.2.0' })).status).toBe(400);
    expect((await fleet.post('/pairings', { deviceName: 'x', appVersion: '0.2.0', unitId: 'bg-ttpvhcc' })).status).toBe(400);
    expect((await fleet.post('/pairings/poll', { pairingId: 'nope', pollToken: 'x'.repeat(43) })).status).toBe(400);
    expect((await fleet.it.get<FleetOverview>('/fleet')).body.pairings).toEqual([]);
  });
});
