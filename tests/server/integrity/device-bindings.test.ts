/**
 * The server enforces what the device is: a rating's counter and desk role must be those the
 * device was bound to at the rating's time; a device moved in the console is bound to its new
 * counter from then on, ratings made before the move keep theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../../shared/protocol';
import { backend, enroll, TestKiosk } from '../helpers';
import { ConsoleClient, PASSWORD } from '../console/harness';
import { startIntegrityServer, type IntegrityServer } from './integrity-harness';

describe(`ratings against the device's binding (${backend})`, () => {
  let integrity: IntegrityServer;
  let it_: ConsoleClient;
  beforeAll(async () => {
    integrity = await startIntegrityServer({ moveGraceMs: 10 * 60_000 });
    await integrity.server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
    it_ = new ConsoleClient(integrity.server.url);
    await it_.login('kythuat');
  });
  afterAll(() => integrity?.close());

  const storedIds = async (ids: string[]) => (await integrity.db.selectFrom('ratings').select('id').where('id', 'in', ids).execute()).map((r) => r.id);

  it('a rating for a counter the device is not bound to is rejected by id, its neighbours accepted, nothing of it stored', async () => {
    const kiosk = await enroll(integrity.server, { counterId: 'ttpvhcc-q01' });
    const good = kiosk.rating();
    const otherCounter = kiosk.rating({ counterId: 'ttpvhcc-q02' });
    const answer = await kiosk.sendBatch([good, otherCounter]);
    expect(answer.json.accepted).toEqual([good.id]);
    expect(answer.json.rejected).toEqual([{ id: otherCounter.id, reason: 'counterId: ttpvhcc-q02 is not the counter this device was bound to then (ttpvhcc-q01)' }]);
    expect(await storedIds([good.id, otherCounter.id])).toEqual([good.id]);
  });

  it('a rating whose desk role is not its counter’s is rejected by id', async () => {
    const kiosk = await enroll(integrity.server, { counterId: 'ttpvhcc-q01' });
    const wrongDesk = kiosk.rating({ deskRole: 'results' });
    const answer = await kiosk.sendBatch([wrongDesk]);
    expect(answer.json.rejected).toEqual([{ id: wrongDesk.id, reason: 'deskRole: results is not the desk role of counter ttpvhcc-q01 (reception)' }]);
    expect(await storedIds([wrongDesk.id])).toEqual([]);
  });

  it('a device moved to another counter is bound to it from then on; ratings made before the move keep their counter', async () => {
    const kiosk = await enroll(integrity.server, { counterId: 'ttpvhcc-q01' });
    const clock = integrity.server.clock;
    clock.now += 5 * 60_000;
    const beforeMove = kiosk.rating({ createdAt: clock.now - 60_000 });
    expect((await it_.post(`/fleet/kiosks/${kiosk.deviceId}/move`, { counterId: 'ttpvhcc-q02' })).status).toBe(200);
    const moveAt = clock.now;
    clock.now += 30 * 60_000;
    await it_.login('kythuat');
    const atNewCounter = kiosk.rating({ counterId: 'ttpvhcc-q02', createdAt: clock.now - 60_000 });
    const inGrace = kiosk.rating({ createdAt: moveAt + 5 * 60_000 });
    const afterGrace = kiosk.rating({ createdAt: moveAt + 20 * 60_000 });
    const answer = await kiosk.sendBatch([beforeMove, atNewCounter, inGrace, afterGrace]);
    expect(answer.json.accepted).toEqual([beforeMove.id, atNewCounter.id, inGrace.id]);
    expect(answer.json.rejected).toEqual([{ id: afterGrace.id, reason: expect.stringMatching(/^counterId: ttpvhcc-q01 is not the counter this device was bound to then/) }]);
    const history = await integrity.db.selectFrom('device_bindings').select(['counter_id', 'bound_at']).where('device_id', '=', kiosk.deviceId).orderBy('bound_at').execute();
    expect(history).toEqual([
      { counter_id: 'ttpvhcc-q01', bound_at: expect.any(Number) },
      { counter_id: 'ttpvhcc-q02', bound_at: moveAt },
    ]);
  });

  it('a device bound to its unit only may rate any counter of the unit', async () => {
    const code = await integrity.server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc' });
    const response = await fetch(`${integrity.server.url}${API_PREFIX}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrollmentCode: code, deviceName: 'Ki-ốt dự phòng', appVersion: '0.1.0' }),
    });
    const enrolled = (await response.json()) as { deviceId: string; deviceSecret: string; counterId: string | null };
    expect(enrolled.counterId).toBeNull();
    const kiosk = new TestKiosk(integrity.server, enrolled.deviceId, enrolled.deviceSecret, 'bg-ttpvhcc');
    const ratings = [kiosk.rating({ counterId: 'ttpvhcc-q01' }), kiosk.rating({ counterId: 'ttpvhcc-q02' })];
    expect((await kiosk.sendBatch(ratings)).json.accepted).toEqual(ratings.map((r) => r.id));
  });
});
