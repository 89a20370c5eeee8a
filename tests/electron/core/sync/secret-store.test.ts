import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CoreProcess } from '../../../../electron/main/core-process';
import { createDeviceSecretHandler, ENCRYPTED_SECRET_FILE, PLAIN_SECRET_FILE } from '../../../../electron/main/device-secret';
import { FileSecretStore, ParentPortSecretStore } from '../../../../electron/core/sync/secret-store';
import { tempDir } from '../helpers';

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA';

/** safeStorage stand-in: a reversible scramble, so the test can tell ciphertext from the secret. */
function fakeSafeStorage(available = true) {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text: string) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (data: Buffer) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
  };
}

/**
 * The utility process and main joined as in Electron: the core's ParentPortSecretStore posts to
 * its parent port; CoreProcess in main receives it on the child's 'message' event and answers.
 */
function wiredStores(dir: string, available = true) {
  const logs: string[] = [];
  const child = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; kill(): boolean };
  const parentPort = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void };
  parentPort.postMessage = (message) => setImmediate(() => child.emit('message', message));
  child.postMessage = (message) => setImmediate(() => parentPort.emit('message', { data: message }));
  child.kill = () => true;
  const main = new CoreProcess({
    fork: () => child as never,
    log: (line) => logs.push(line),
    onSecretRequest: createDeviceSecretHandler({ safeStorage: fakeSafeStorage(available), dir, log: (line) => logs.push(line) }),
  });
  main.start();
  return { store: new ParentPortSecretStore(parentPort as never), logs };
}

describe('device secret storage', () => {
  it('in Electron, is encrypted by main with safeStorage into a 0600 file, never in clear', async () => {
    const dir = tempDir('kiosk-secret-');
    const { store, logs } = wiredStores(dir);
    expect(await store.read()).toBeNull();
    await store.write(SECRET);
    const file = join(dir, ENCRYPTED_SECRET_FILE);
    expect(readFileSync(file).includes(Buffer.from(SECRET))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, PLAIN_SECRET_FILE))).toBe(false);
    expect(await store.read()).toBe(SECRET);
    await store.clear();
    expect(await store.read()).toBeNull();
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('in Electron without OS encryption, falls back to a 0600 file and says so once', async () => {
    const dir = tempDir('kiosk-secret-');
    const { store, logs } = wiredStores(dir, false);
    await store.write(SECRET);
    await store.write(SECRET);
    expect(await store.read()).toBe(SECRET);
    if (process.platform !== 'win32') expect(statSync(join(dir, PLAIN_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(logs.filter((l) => l.includes('0600 file'))).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('in the web host, is a 0600 file in the data folder', async () => {
    const dir = tempDir('kiosk-secret-');
    const store = new FileSecretStore(dir);
    expect(await store.read()).toBeNull();
    await store.write(SECRET);
    expect(await store.read()).toBe(SECRET);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'device-secret')).mode & 0o777).toBe(0o600);
    await store.clear();
    expect(await store.read()).toBeNull();
  });
});
