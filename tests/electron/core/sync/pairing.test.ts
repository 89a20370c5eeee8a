import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import type { FleetOverview } from '../../../../shared/console/fleet';
import { ConsoleClient, PASSWORD } from '../../../server/console/harness';
import { startDemoServer, syncKiosk } from './helpers';

async function itStaff(server: RunningServer): Promise<ConsoleClient> {
  await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD });
  const client = new ConsoleClient(server.url);
  await client.login('kythuat');
  return client;
}

describe('a kiosk pairs with the server', () => {
  let server: RunningServer;
  let kiosk: ReturnType<typeof syncKiosk>;
  afterEach(async () => {
    kiosk?.core.close();
    await server?.close();
  });

  it('shows a code, waits for IT staff, and once approved enrols and takes the counter they chose', async () => {
    server = await startDemoServer();
    kiosk = syncKiosk();
    const started = kiosk.core.call('startPairing', { serverUrl: server.url, deviceName: 'Máy mới tầng 1' });
    expect(started.ok).toBe(true);
    await kiosk.engine.syncNow();
    const waiting = kiosk.engine.status();
    expect(waiting).toMatchObject({ enrolled: false, pairing: { state: 'pending', serverUrl: server.url } });
    const code = waiting.pairing!.code!;
    expect(waiting.pairing!.approveUrl).toBe(`${server.url}/fleet?pair=${code}`);
    await kiosk.engine.syncNow(); // still pending: nothing changes
    expect(kiosk.engine.status().pairing?.code).toBe(code);

    const it = await itStaff(server);
    expect((await it.post('/fleet/pairings/approve', { code, unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q02' })).status).toBe(200);
    await kiosk.engine.syncNow();
    const status = kiosk.engine.status();
    expect(status).toMatchObject({ enrolled: true, unitId: 'bg-ttpvhcc', pairing: null, enrolment: { pending: false, error: null } });
    const state = kiosk.core.call('getKioskState', undefined);
    expect(state.ok && state.value.counter?.id).toBe('ttpvhcc-q02');
    expect(status.counter).toEqual({ id: 'ttpvhcc-q02', assignedBy: 'server', choices: [] });
    const fleet = await it.get<FleetOverview>('/fleet');
    expect(fleet.body.kiosks).toMatchObject([{ name: 'Máy mới tầng 1', counterId: 'ttpvhcc-q02', status: 'online' }]);
  });

  it('a code bound only to the unit: IT staff pick the counter on the kiosk and the server learns it from the heartbeat', async () => {
    server = await startDemoServer();
    kiosk = syncKiosk({ onOpen: () => undefined });
    const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId: null });
    expect(kiosk.core.call('enrollDevice', { serverUrl: server.url, enrollmentCode: code }).ok).toBe(true);
    await kiosk.engine.syncNow();
    const before = kiosk.engine.status();
    expect(before.counter.id).toBeNull();
    expect(before.counter.choices.map((c) => c.id).sort()).toEqual(['ttpvhcc-q01', 'ttpvhcc-q02', 'ttpvhcc-q09']);
    const refused = kiosk.core.call('chooseCounter', { counterId: 'ln-q01' });
    expect(refused.ok).toBe(false);
    const chosen = kiosk.core.call('chooseCounter', { counterId: 'ttpvhcc-q09' });
    expect(chosen.ok && chosen.value.counter).toMatchObject({ id: 'ttpvhcc-q09', assignedBy: 'kiosk' });
    await kiosk.engine.syncNow({ full: true });
    const it = await itStaff(server);
    const fleet = await it.get<FleetOverview>('/fleet');
    expect(fleet.body.kiosks[0]).toMatchObject({ counterId: 'ttpvhcc-q09', deskRole: 'results' });
  });
});
