/**
 * safeStorage on Linux without a keyring (issue 13, finding 14): Electron then "encrypts" with
 * `basic_text`, a key fixed in its source, and says nothing. IT staff must be told — in the log
 * and in the sync status the admin panel shows. Electron is replaced by a fake throughout.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoreProcess } from '../../../electron/main/core-process';
import { createDeviceSecretHandler, secretProtection, type SafeStorageLike } from '../../../electron/main/device-secret';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { ParentPortSecretStore, type SecretResponseMessage } from '../../../electron/core/sync/secret-store';
import { tempDir } from '../core/helpers';

const fake = await vi.hoisted(async () => (await import('./fake-electron')).createFakeElectron());
vi.mock('electron', () => fake.module);
// Main imports electron-updater, whose autoUpdater would load the real Electron (absent here).
vi.mock('electron-updater', () => fake.updaterModule);

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA';

/** safeStorage as Electron has it on a Linux kiosk with this password store behind it. */
function safeStorageWith(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
    getSelectedStorageBackend: () => backend,
  };
}

describe('how well safeStorage protects the device secret', () => {
  it('not at all on Linux with the basic_text backend (no keyring), or before Electron knows', () => {
    expect(secretProtection(safeStorageWith('basic_text'), 'linux')).toMatchObject({ protected: false, description: expect.stringMatching(/basic_text.*NOT protected/) });
    expect(secretProtection(safeStorageWith('unknown'), 'linux')).toMatchObject({ protected: false });
    expect(secretProtection(safeStorageWith('gnome_libsecret', false), 'linux')).toMatchObject({ protected: false, description: expect.stringMatching(/not encrypted/) });
  });

  it('really with a keyring on Linux, and with DPAPI on Windows (which has no backend to ask)', () => {
    expect(secretProtection(safeStorageWith('gnome_libsecret'), 'linux')).toEqual({ protected: true, description: 'encrypted by Electron safeStorage (gnome_libsecret) in the main process' });
    expect(secretProtection(safeStorageWith('kwallet5'), 'linux').protected).toBe(true);
    const windows: SafeStorageLike = { ...safeStorageWith('ignored'), getSelectedStorageBackend: undefined };
    expect(secretProtection(windows, 'win32')).toEqual({ protected: true, description: 'encrypted by Electron safeStorage in the main process' });
  });
});

describe('IT staff are warned when the secret is not really protected', () => {
  it('in the log, once, naming the remedy and never the secret', async () => {
    const logs: string[] = [];
    const handler = createDeviceSecretHandler({ safeStorage: safeStorageWith('basic_text'), dir: tempDir('kiosk-secret-'), log: (l) => logs.push(l), platform: 'linux' });
    await handler({ type: 'device-secret', id: 1, op: 'write', value: SECRET });
    await handler({ type: 'device-secret', id: 2, op: 'describe' });
    expect(logs).toEqual([expect.stringMatching(/^device secret NOT protected on this machine: .*basic_text.*; install and unlock a keyring/)]);
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('in the sync status the admin panel shows, through the core’s utility process', async () => {
    const child = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; kill(): boolean };
    const parentPort = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void };
    parentPort.postMessage = (message) => setImmediate(() => child.emit('message', message));
    child.postMessage = (message) => setImmediate(() => parentPort.emit('message', { data: message }));
    child.kill = () => true;
    const main = new CoreProcess({
      fork: () => child as never,
      log: () => {},
      onSecretRequest: createDeviceSecretHandler({ safeStorage: safeStorageWith('basic_text'), dir: tempDir('kiosk-secret-'), log: () => {}, platform: 'linux' }),
    });
    main.start();
    const store = new ParentPortSecretStore(parentPort as never);
    await store.read(); // answered after the describe sent at construction
    const engine = new SyncEngine({ database: () => null, appVersion: '0.1.0-test', secrets: store, autoSync: false, watchNetwork: false });
    expect(engine.status()).toMatchObject({ secretStorageProtected: false, secretStorage: expect.stringMatching(/NOT protected/) });
    main.stop();
  });
});

describe('Electron main, on a Linux kiosk without a keyring', () => {
  const saved = process.env.KIOSK_DATA_DIR;
  beforeEach(() => {
    process.env.KIOSK_DATA_DIR = tempDir('kiosk-main-');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.KIOSK_DATA_DIR;
    else process.env.KIOSK_DATA_DIR = saved;
  });

  it.skipIf(process.platform !== 'linux')('tells the core the secret is not protected, and logs it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    fake.reset();
    Object.assign(fake.safeStorage, { getSelectedStorageBackend: vi.fn(() => 'basic_text') });
    vi.resetModules();
    await import('../../../electron/main/index');
    await fake.emitReady();
    fake.core.emit('message', { type: 'device-secret', id: 7, op: 'describe' });
    await vi.waitFor(() => expect(fake.core.postMessage).toHaveBeenCalled(), { timeout: 5_000 });
    const answer = fake.core.postMessage.mock.calls.map(([m]) => m as SecretResponseMessage).find((m) => m.id === 7);
    expect(answer).toMatchObject({ type: 'device-secret', ok: true, storage: { protected: false } });
    expect(errors.mock.calls.map(([line]) => String(line))).toContainEqual(expect.stringMatching(/^\[kiosk\] device secret NOT protected/));
  });
});
