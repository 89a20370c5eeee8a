import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { recentAudit } from '../../../../electron/core/audit';
import { migrate } from '../../../../electron/core/db/migrate';
import { ensureDeviceState, readDeviceState } from '../../../../electron/core/device-state';
import { SyncHttpClient } from '../../../../electron/core/sync/client';
import { ClockOffset } from '../../../../electron/core/sync/clock-offset';
import { Enrolment } from '../../../../electron/core/sync/enrolment';
import { RetryableError } from '../../../../electron/core/sync/errors';
import type { SecretStore } from '../../../../electron/core/sync/secret-store';
import { readSyncState, recentJournal, writeSyncState } from '../../../../electron/core/sync/state';
import { tempDir } from '../helpers';
import { DEMO_UNIT_ID, enrolmentCode, startDemoServer } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

function kioskDatabase(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  ensureDeviceState(db, Date.now());
  return db;
}

function memorySecrets(onWrite: (secret: string) => void = () => {}): SecretStore & { secret: string | null } {
  return {
    description: 'memory (test)',
    secret: null,
    async read() {
      return this.secret;
    },
    async write(secret) {
      onWrite(secret);
      this.secret = secret;
    },
    async clear() {
      this.secret = null;
    },
  };
}

function enrolment(options: { fetch?: typeof fetch; secrets?: SecretStore } = {}) {
  const logs: string[] = [];
  const made = new Enrolment({
    secrets: options.secrets ?? memorySecrets(),
    client: (url) => new SyncHttpClient(url, { fetch: options.fetch, now: Date.now, timeoutMs: 10_000 }),
    clock: new ClockOffset(Date.now),
    appVersion: '0.1.0-test',
    now: Date.now,
    log: (line) => logs.push(line),
  });
  return Object.assign(made, { logs });
}

describe('enrolment with the provincial server', () => {
  it('keeps the secret before it records the enrolment, then gives the credentials of every signed call', async () => {
    const db = kioskDatabase();
    const secrets = memorySecrets(() => {
      // The kiosk must never believe itself enrolled without its secret.
      expect(readSyncState(db, 'serverDeviceId')).toBeUndefined();
    });
    const kiosk = enrolment({ secrets });
    expect(await kiosk.credentials(db)).toBeNull();
    expect(kiosk.request(db, { serverUrl: `${server.url}/`, enrollmentCode: ` ${await enrolmentCode(server)} ` }, 'admin')).toEqual({ ok: true });
    expect(await kiosk.enrolIfAsked(db)).toBe(true);

    const [device] = (await server.admin.listDevices()).filter((d) => d.deviceId === readSyncState(db, 'serverDeviceId'));
    expect(device).toMatchObject({ unitId: DEMO_UNIT_ID });
    expect(readSyncState(db, 'pendingEnrolment')).toBeUndefined();
    expect(readSyncState(db, 'assignedCounterId')).toBe('ttpvhcc-q01');
    expect(await kiosk.credentials(db)).toEqual({ serverUrl: server.url, deviceId: device!.deviceId, secret: secrets.secret });
    expect(recentAudit(db).map((a) => a.action)).toEqual(['device_enrolled', 'enrolment_requested']);
    expect(typeof readDeviceState(db)?.clockOffsetMs).toBe('number');
    // Nothing more to do: the next run does not enrol again.
    expect(await kiosk.enrolIfAsked(db)).toBe(false);
  });

  it('drops an enrolment whose code the server refuses, and tells IT staff why', async () => {
    const db = kioskDatabase();
    const kiosk = enrolment();
    kiosk.request(db, { serverUrl: server.url, enrollmentCode: 'WRONG-CODE-123' }, 'admin');
    expect(await kiosk.enrolIfAsked(db)).toBe(false);
    expect(readSyncState(db, 'pendingEnrolment')).toBeUndefined();
    expect(readSyncState(db, 'enrolmentError')?.message).toMatch(/^enrolment refused: 403 enrollment_code_unknown/);
    expect(recentJournal(db)[0]).toMatchObject({ kind: 'enrol', details: { ok: false } });
    expect(await kiosk.credentials(db)).toBeNull();
  });
});

describe('an enrolment whose answer is lost', () => {
  function failingServer(respond: () => Response) {
    const sent: { requestId: string }[] = [];
    const fake: typeof fetch = async (_url, init) => {
      sent.push(JSON.parse(Buffer.from(init!.body as Uint8Array).toString()) as { requestId: string });
      return respond();
    };
    return { fetch: fake, sent };
  }

  it.each([
    ['a 503', () => new Response('', { status: 503, headers: { 'retry-after': '30' } })],
    [
      'a reset connection',
      () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
    ],
  ])('after %s, stays pending with its requestId and fails the run, to be retried', async (_what, respond) => {
    const db = kioskDatabase();
    const lost = failingServer(respond);
    const kiosk = enrolment({ fetch: lost.fetch });
    kiosk.request(db, { serverUrl: server.url, enrollmentCode: 'K7QM-4XZ2-9RTB' }, 'environment');
    const requestId = readSyncState(db, 'pendingEnrolment')!.requestId;
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(kiosk.enrolIfAsked(db)).rejects.toBeInstanceOf(RetryableError);
    }
    expect(lost.sent.map((body) => body.requestId)).toEqual([requestId, requestId]);
    expect(readSyncState(db, 'pendingEnrolment')).toMatchObject({ requestId, enrollmentCode: 'K7QM-4XZ2-9RTB' });
    expect(readSyncState(db, 'enrolmentError')).toBeUndefined();
  });

  it('gives an enrolment queued by an older version (no requestId) one, kept before the first attempt', async () => {
    const db = kioskDatabase();
    const lost = failingServer(() => new Response('', { status: 502 }));
    writeSyncState(
      db,
      'pendingEnrolment',
      { serverUrl: server.url, enrollmentCode: 'K7QM-4XZ2-9RTB', deviceName: 'Quầy 01', source: 'admin', requestedAt: 1 },
      1,
    );
    await expect(enrolment({ fetch: lost.fetch }).enrolIfAsked(db)).rejects.toThrow('enrolment: server answered 502');
    const kept = readSyncState(db, 'pendingEnrolment')!.requestId;
    expect(kept).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(lost.sent[0]!.requestId).toBe(kept);
  });
});

describe('asking for an enrolment', () => {
  it('refuses an address that is not a bare http(s) server, and an enrolled kiosk unless told to replace', () => {
    const db = kioskDatabase();
    const kiosk = enrolment();
    expect(kiosk.request(db, { serverUrl: 'https://x.example/nucuoi', enrollmentCode: 'ABCDEF123' }, 'admin')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/https:\/\/ URL/),
    });
    writeSyncState(db, 'serverDeviceId', 'dev-1', 1);
    expect(kiosk.request(db, { serverUrl: 'https://elsewhere.example', enrollmentCode: 'ABCDEF123' }, 'admin')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already enrolled/),
    });
    expect(readSyncState(db, 'pendingEnrolment')).toBeUndefined();
    // Told to replace, it still needs an IT officer's credential (or a provisioning file).
    expect(kiosk.request(db, { serverUrl: 'https://elsewhere.example', enrollmentCode: 'ABCDEF123', replace: true }, 'admin')).toMatchObject({
      ok: false,
      reason: 'it_credential_required',
    });
    expect(readSyncState(db, 'pendingEnrolment')).toBeUndefined();
    expect(
      kiosk.request(db, { serverUrl: 'https://elsewhere.example', enrollmentCode: 'ABCDEF123', replace: true }, 'admin', { itOfficer: 'st-000106' }),
    ).toEqual({ ok: true });
    expect(readSyncState(db, 'pendingEnrolment')).toMatchObject({ serverUrl: 'https://elsewhere.example', source: 'admin' });
    expect(recentAudit(db)[0]).toMatchObject({ actor: 'it', action: 'enrolment_requested' });
  });

  it('reads a provisioning file once: queues its enrolment and renames it', () => {
    const db = kioskDatabase();
    const dataDir = tempDir('kiosk-prov-');
    writeFileSync(join(dataDir, 'provisioning.json'), JSON.stringify({ serverUrl: 'https://nucuoi.example.gov.vn', enrollmentCode: 'K7QM-4XZ2-9RTB', deviceName: 'Quầy 01' }));
    enrolment().takeProvisioningFile(db, dataDir);
    expect(readSyncState(db, 'pendingEnrolment')).toMatchObject({ source: 'provisioning', deviceName: 'Quầy 01' });
    expect(existsSync(join(dataDir, 'provisioning.json'))).toBe(false);
    expect(recentAudit(db)[0]).toMatchObject({ actor: 'system', action: 'enrolment_requested' });
  });

  it('only renames a provisioning file on a kiosk already enrolled', () => {
    const db = kioskDatabase();
    writeSyncState(db, 'serverDeviceId', 'dev-1', 1);
    const dataDir = tempDir('kiosk-prov-');
    writeFileSync(join(dataDir, 'provisioning.json'), JSON.stringify({ serverUrl: 'https://nucuoi.example.gov.vn', enrollmentCode: 'K7QM-4XZ2-9RTB' }));
    enrolment().takeProvisioningFile(db, dataDir);
    expect(readSyncState(db, 'pendingEnrolment')).toBeUndefined();
    expect(readdirSync(dataDir).some((f) => f.startsWith('provisioning.json.consumed-'))).toBe(true);
  });

  it('reports a provisioning file it cannot use to IT staff', () => {
    const db = kioskDatabase();
    const dataDir = tempDir('kiosk-prov-');
    writeFileSync(join(dataDir, 'provisioning.json'), JSON.stringify({ serverUrl: 'ftp://x.example', enrollmentCode: 'K7QM-4XZ2-9RTB' }));
    enrolment().takeProvisioningFile(db, dataDir);
    expect(readSyncState(db, 'enrolmentError')?.message).toMatch(/^provisioning file could not be used: the server address/);
  });
});

describe('the credentials of an enrolled kiosk', () => {
  it('are a retryable failure when the secret store has nothing (a keyring not ready at boot)', async () => {
    const db = kioskDatabase();
    writeSyncState(db, 'serverUrl', 'https://nucuoi.example.gov.vn', 1);
    writeSyncState(db, 'serverDeviceId', 'dev-1', 1);
    const secrets = memorySecrets();
    const kiosk = enrolment({ secrets });
    await expect(kiosk.credentials(db)).rejects.toThrow(/device secret is missing/);
    secrets.secret = 'the-secret-arrives-later';
    expect(await kiosk.credentials(db)).toMatchObject({ deviceId: 'dev-1', secret: 'the-secret-arrives-later' });
  });
});
