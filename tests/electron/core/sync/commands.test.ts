import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import type { KioskDetail } from '../../../../shared/console/fleet';
import { ConsoleClient, PASSWORD } from '../../../server/console/harness';
import { enrol, rateMany, serverRatingIds, startDemoServer, syncKiosk } from './helpers';

describe('commands from the console, and what the kiosk reports', () => {
  let server: RunningServer;
  let kiosk: ReturnType<typeof syncKiosk>;
  let staff: ConsoleClient;
  afterEach(async () => {
    kiosk?.core.close();
    await server?.close();
  });

  async function setUp() {
    server = await startDemoServer();
    kiosk = syncKiosk();
    await enrol(kiosk.core, server);
    await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD });
    staff = new ConsoleClient(server.url);
    await staff.login('kythuat');
    return (kiosk.engine.status().serverDeviceId)!;
  }

  it('"sync now" sends the waiting ratings and ends done; "send diagnostics" brings the status and the journal, no secret', async () => {
    const deviceId = await setUp();
    const ids = rateMany(kiosk.core, 3);
    await staff.post('/fleet/commands', { deviceIds: [deviceId], kind: 'sync_now' });
    await staff.post('/fleet/commands', { deviceIds: [deviceId], kind: 'send_diagnostics' });
    await kiosk.engine.syncNow({ full: true });
    expect((await serverRatingIds(server)).sort()).toEqual(expect.arrayContaining(ids));
    const detail = (await staff.get<KioskDetail>(`/fleet/kiosks/${deviceId}`)).body;
    const byKind = Object.fromEntries(detail.commands.map((c) => [c.kind, c]));
    expect(byKind.sync_now).toMatchObject({ state: 'done', error: null });
    expect(byKind.send_diagnostics).toMatchObject({ state: 'done' });
    const diagnostics = byKind.send_diagnostics!.diagnostics!;
    expect(diagnostics.status).toMatchObject({ serverDeviceId: deviceId, phase: 'syncing', unitId: 'bg-ttpvhcc' });
    expect(diagnostics.log.length).toBeGreaterThan(0);
    const secret = (await import('node:fs')).readFileSync(`${kiosk.dataDir}/device-secret`, 'utf8').trim();
    expect(JSON.stringify(diagnostics)).not.toContain(secret);
    // Carried out once: the next heartbeat brings nothing back to do.
    await kiosk.engine.syncNow({ full: true });
    expect((await staff.get<KioskDetail>(`/fleet/kiosks/${deviceId}`)).body.commands.filter((c) => c.kind === 'sync_now')).toHaveLength(1);
  });

  it('a setting changed in the console applies at the kiosk, whose heartbeat names the versions applied and its free disk', async () => {
    const deviceId = await setUp();
    await staff.request('PUT', `/fleet/settings/kiosks/${deviceId}`, { idleTimeoutMs: 45_000 });
    await kiosk.engine.syncNow({ full: true });
    const state = kiosk.core.call('getKioskState', undefined);
    expect(state.ok && state.value.settings.idleTimeoutMs).toBe(45_000);
    const detail = (await staff.get<KioskDetail>(`/fleet/kiosks/${deviceId}`)).body;
    expect(detail.kiosk.settingsVersion).toMatch(/^"/);
    expect(detail.kiosk).toMatchObject({ settingsBehind: false, rosterBehind: false, settingsProblems: [] });
    expect(detail.kiosk.freeDiskBytes).toBeGreaterThan(0);
    expect(detail.settings.effective.idleTimeoutMs).toEqual({ value: 45_000, source: 'kiosk' });
  });

  it('"reload the screen" is marked for the renderer, and "re-pull" fetches roster and config again', async () => {
    const deviceId = await setUp();
    await staff.post('/fleet/commands', { deviceIds: [deviceId], kind: 'reload_screen' });
    await staff.post('/fleet/commands', { deviceIds: [deviceId], kind: 'repull' });
    await kiosk.engine.syncNow({ full: true });
    const state = kiosk.core.call('getKioskState', undefined);
    expect(state.ok && state.value.screenReloadRequestedAt).toBeGreaterThan(0);
    const detail = (await staff.get<KioskDetail>(`/fleet/kiosks/${deviceId}`)).body;
    expect(detail.commands.map((c) => [c.kind, c.state]).sort()).toEqual([
      ['reload_screen', 'done'],
      ['repull', 'done'],
    ]);
  });
});
