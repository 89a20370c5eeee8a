/**
 * The console shows each device's record chain: complete, broken with the missing seqs, or
 * unchained; a unit head sees the kiosks of their unit only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceChainsResponse } from '../../../../shared/console/record-chain';
import { backend, enroll } from '../../helpers';
import { ChainedKiosk, startIntegrityServer, type IntegrityServer } from '../../integrity/integrity-harness';
import { ConsoleClient, PASSWORD } from '../harness';

describe(`the console's record chains (${backend})`, () => {
  let integrity: IntegrityServer;
  beforeAll(async () => {
    integrity = await startIntegrityServer();
    await integrity.server.admin.addConsoleUser({ login: 'so.noivu', role: 'province', password: PASSWORD, displayName: 'Sở Nội vụ' });
    await integrity.server.admin.addConsoleUser({ login: 'truong.lucngan', role: 'unit_head', unitId: 'bg-ln-motcua', password: PASSWORD, displayName: 'Trưởng bộ phận' });
  });
  afterAll(() => integrity?.close());

  it('each kiosk as complete, broken with its missing range, or unchained; a unit head sees only their unit’s', async () => {
    const whole = await ChainedKiosk.enrol(integrity.server);
    const login = whole.login();
    await whole.send([whole.rating(), whole.rating()], [login]);
    const holed = await ChainedKiosk.enrol(integrity.server);
    const hLogin = holed.login();
    const made = [holed.rating(), holed.rating(), holed.rating()];
    await holed.send([made[0], made[2]], [hLogin]);
    const old = await enroll(integrity.server);
    await old.sendBatch([old.rating()]);

    const province = new ConsoleClient(integrity.server.url);
    expect((await province.login('so.noivu')).status).toBe(200);
    const { status, body } = await province.get<DeviceChainsResponse>('/integrity/chains');
    expect(status).toBe(200);
    const byId = new Map(body.devices.map((d) => [d.deviceId, d]));
    expect(byId.get(whole.deviceId)).toMatchObject({ state: 'complete', records: 3 });
    expect(byId.get(holed.deviceId)).toMatchObject({ state: 'broken', breaks: [{ kind: 'missing', missingFrom: 3, missingTo: 3 }] });
    expect(byId.get(old.deviceId)).toMatchObject({ state: 'unchained', records: 0 });

    const head = new ConsoleClient(integrity.server.url);
    expect((await head.login('truong.lucngan')).status).toBe(200);
    expect((await head.get<DeviceChainsResponse>('/integrity/chains')).body.devices).toEqual([]);
  });
});
