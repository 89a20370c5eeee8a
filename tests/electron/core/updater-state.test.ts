import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../server/app';
import type { FleetOverview } from '../../../shared/console/fleet';
import type { UpdaterState } from '../../../shared/protocol';
import { UpdaterStateFromMain, updaterStateMessage } from '../../../electron/core/updater-state';
import { ConsoleClient, PASSWORD } from '../../server/console/harness';
import { enrol, startDemoServer, syncKiosk } from './sync/helpers';

const READY: UpdaterState = { phase: 'ready', version: '0.3.0', waitingFor: 'quiet_hours', error: null, since: 1_767_225_600_000 };

describe('the self-updater’s state as the core receives it from main', () => {
  it('keeps the last valid state; none until main sends one', () => {
    const updater = new UpdaterStateFromMain();
    expect(updater.get()).toBeNull();
    expect(updater.receive(updaterStateMessage(READY))).toBe(true);
    expect(updater.get()).toEqual(READY);
  });

  it('refuses a state the protocol does not allow, keeping the last good one and saying why in the log', () => {
    const log = vi.fn();
    const updater = new UpdaterStateFromMain(log);
    updater.receive(updaterStateMessage(READY));
    expect(updater.receive({ type: 'updater-state', state: { ...READY, phase: 'rebooting' } })).toBe(true);
    expect(updater.receive({ type: 'updater-state', state: { ...READY, percent: 140 } })).toBe(true);
    expect(updater.get()).toEqual(READY);
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![0]).toMatch(/updater state from main refused: phase/);
  });

  it('leaves every other message to the core (calls, device secrets)', () => {
    const updater = new UpdaterStateFromMain();
    expect(updater.receive({ id: 1, method: 'getKioskState', payload: undefined })).toBe(false);
    expect(updater.receive({ type: 'device-secret', id: 2, ok: true, value: null })).toBe(false);
    expect(updater.receive(null)).toBe(false);
    expect(updater.get()).toBeNull();
  });
});

describe('the updater state in the heartbeat, against the real server', () => {
  let server: RunningServer;
  let kiosk: ReturnType<typeof syncKiosk>;
  afterEach(async () => {
    kiosk?.core.close();
    await server?.close();
  });

  it('the state main sent reaches the fleet page with the next heartbeat; a kiosk without one reports none', async () => {
    server = await startDemoServer();
    const updater = new UpdaterStateFromMain();
    kiosk = syncKiosk({ sync: { updaterState: updater.get } });
    await enrol(kiosk.core, server);
    await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD });
    const staff = new ConsoleClient(server.url);
    await staff.login('kythuat');
    const deviceId = kiosk.engine.status().serverDeviceId!;
    const reported = async () => (await staff.get<FleetOverview>('/fleet')).body.kiosks.find((k) => k.deviceId === deviceId)?.updater;

    await kiosk.engine.syncNow({ full: true });
    expect(await reported()).toBeNull();

    updater.receive(updaterStateMessage({ phase: 'failed', version: '0.3.0', error: 'the signature does not match the pinned key', since: Date.now() }));
    await kiosk.engine.syncNow({ full: true });
    expect(await reported()).toEqual({ phase: 'failed', version: '0.3.0', error: 'the signature does not match the pinned key' });
  });
});
