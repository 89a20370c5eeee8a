/**
 * Kiosk updates on the console, as IT staff use them: the status the command line prints, the kill
 * switch, promotion, pins and rings — each audited, each refused to other roles, bad input named
 * in the user's language with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../../shared/console/updates';
import { generateReleaseKeyPair, type ReleaseKeyPair } from '../../../../shared/node/release-signing';
import { recordUpdaterState } from '../../../../server/updates/updater-state';
import { backend } from '../../helpers';
import { addKiosk } from '../../reports/ratings';
import { buildRelease } from '../../updates/harness';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

describe(`kiosk updates on the console (${backend})`, { timeout: 120_000 }, () => {
  let server: ConsoleTestServer;
  let it_: ConsoleClient;
  let keys: ReleaseKeyPair;
  let kiosk: string;

  beforeAll(async () => {
    server = await startConsoleServer();
    keys = generateReleaseKeyPair();
    await server.releases.registerKey(keys.publicKey, false);
    for (const version of ['0.1.0', '0.2.0']) {
      const release = await buildRelease(server.releasesDir, version, keys.privateKeyPem, { content: Buffer.alloc(4_000, version) });
      await server.releases.upload({ manifestPath: release.manifestPath, signature: release.signature });
    }
    await server.releases.promote('0.1.0');
    kiosk = (await addKiosk(server.db, 'ln-q01', server.clock.now)).deviceId;
    await recordUpdaterState(server.db, kiosk, { phase: 'ready', version: '0.2.0', waitingFor: 'quiet_hours', error: null, since: server.clock.now }, server.clock.now);
    await server.addUser('kythuat', 'it');
    await server.addUser('so.noivu', 'province');
    await server.addUser('quantri', 'admin');
    it_ = server.client();
    expect((await it_.login('kythuat')).status).toBe(200);
  });
  afterAll(() => server?.close());

  it('IT staff see the releases, what each ring is offered and each kiosk’s updater', async () => {
    const answer = await it_.get<UpdateStatus>('/updates');
    expect(answer.status).toBe(200);
    expect(answer.body.paused).toBe(false);
    expect(answer.body.publicKey).toBe(keys.publicKey);
    expect(answer.body.releases.map((r) => [r.version, r.promotedAt !== null])).toEqual(expect.arrayContaining([['0.1.0', true], ['0.2.0', false]]));
    const offered = Object.fromEntries(answer.body.rings.map((r) => [r.ring, r.offered.windows?.version]));
    expect(offered).toEqual({ pilot: '0.2.0', everyone: '0.1.0' });
    const reported = answer.body.kiosks.find((k) => k.deviceId === kiosk);
    expect(reported?.updater).toMatchObject({ phase: 'ready', version: '0.2.0', waitingFor: 'quiet_hours' });
  });

  it('the province and administrators neither see nor change updates', async () => {
    for (const login of ['so.noivu', 'quantri']) {
      const client = server.client();
      await client.login(login);
      expect((await client.get('/updates')).status, login).toBe(403);
      expect((await client.request('PUT', '/updates/paused', { paused: true })).status, login).toBe(403);
    }
    expect((await it_.get<UpdateStatus>('/updates')).body.paused).toBe(false);
  });

  it('promote, pause, pin back and put a unit in the pilot ring: each takes effect and is audited', async () => {
    expect((await it_.post('/updates/promote', { version: '0.2.0' })).status).toBe(200);
    let status = (await it_.get<UpdateStatus>('/updates')).body;
    expect(status.rings.find((r) => r.ring === 'everyone')?.offered.windows?.version).toBe('0.2.0');

    expect((await it_.request('PUT', '/updates/pins', { ring: 'everyone', version: '0.1.0' })).status).toBe(200);
    status = (await it_.get<UpdateStatus>('/updates')).body;
    expect(status.rings.find((r) => r.ring === 'everyone')?.offered.windows).toEqual({ version: '0.1.0', pinned: true });

    expect((await it_.request('PUT', '/updates/rings', { target: { unitId: 'bg-ln-motcua' }, ring: 'pilot' })).status).toBe(200);
    status = (await it_.get<UpdateStatus>('/updates')).body;
    expect(status.rings.find((r) => r.ring === 'pilot')?.units).toEqual(['bg-ln-motcua']);

    expect((await it_.request('PUT', '/updates/paused', { paused: true })).status).toBe(200);
    status = (await it_.get<UpdateStatus>('/updates')).body;
    expect(status.paused).toBe(true);
    expect(status.rings.every((r) => r.offered.windows === null)).toBe(true);
    await it_.request('PUT', '/updates/paused', { paused: false });
    await it_.request('PUT', '/updates/pins', { ring: 'everyone', version: null });

    const admin = server.client();
    await admin.login('quantri');
    const audit = await admin.get<{ items: { action: string; actor: string; details: Record<string, unknown> }[] }>('/audit?action=updates_changed');
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e) => e.details)).toEqual(
      expect.arrayContaining([{ promoted: '0.2.0' }, { ring: 'everyone', pinned: '0.1.0' }, { unitId: 'bg-ln-motcua', ring: 'pilot' }, { paused: true }, { paused: false }]),
    );
  });

  it('a version that is not a release, a unit or kiosk that does not exist, a ring that is not one: a clear message, nothing changed', async () => {
    const before = (await it_.get<UpdateStatus>('/updates')).body;
    const unknownVersion = await it_.request('PUT', '/updates/pins', { ring: 'pilot', version: '9.9.9' });
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body).toMatchObject({ error: 'unknown_version', field: 'version', message: 'Máy chủ không có bản phát hành 9.9.9.' });
    const unknownUnit = await it_.request('PUT', '/updates/rings', { target: { unitId: 'khong-co' }, ring: 'pilot' });
    expect(unknownUnit.body).toMatchObject({ error: 'unknown_unit', message: 'Không có đơn vị khong-co.' });
    const unknownKiosk = await it_.request('PUT', '/updates/rings', { target: { deviceId: 'khong-co' }, ring: 'pilot' });
    expect(unknownKiosk.body).toMatchObject({ error: 'unknown_device', message: 'Không có máy kiosk khong-co.' });
    it_.language = 'en';
    const badRing = await it_.request('PUT', '/updates/pins', { ring: 'beta', version: '0.1.0' });
    expect(badRing.status).toBe(400);
    expect(badRing.body).toMatchObject({ error: 'invalid_input', field: 'ring' });
    expect(badRing.body.message).toMatch(/^Invalid input: ring/);
    const notSemver = await it_.post('/updates/promote', { version: '1.0' });
    expect(notSemver.body).toMatchObject({ error: 'invalid_input', field: 'version' });
    it_.language = 'vi';
    expect((await it_.get<UpdateStatus>('/updates')).body).toEqual(before);
  });
});
