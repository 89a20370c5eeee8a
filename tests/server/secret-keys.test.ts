import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError } from '../../server/errors';
import { keyRingFromEnvironment, SecretKeyRing } from '../../server/secret-keys';
import { runAdminHere } from './admin-command';
import { enrolWithProcess, refusedStart, startServerProcess } from './server-process';

describe('the key ring for secrets at rest', () => {
  const current = randomBytes(32);
  const previous = randomBytes(32);

  it('opens what it sealed, only for what it was sealed for, and never an altered value', () => {
    const ring = SecretKeyRing.of(current);
    const sealed = ring.seal('Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw', 'device:a');
    expect(sealed.sealed).not.toContain('Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw');
    expect(ring.open(sealed, 'device:a')).toBe('Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw');
    expect(() => ring.open(sealed, 'device:b')).toThrow(); // moved to another row
    const bytes = Buffer.from(sealed.sealed, 'base64');
    bytes[14] = bytes[14]! ^ 1;
    expect(() => ring.open({ ...sealed, sealed: bytes.toString('base64') }, 'device:a')).toThrow();
    expect(() => SecretKeyRing.of(randomBytes(32)).open(sealed, 'device:a')).toThrow(/no key/);
  });

  it('seals with its current key and still opens what a previous key sealed, until rotation', () => {
    const old = SecretKeyRing.of(previous).seal('secret', 'device:a');
    const ring = SecretKeyRing.of(current, [previous]);
    expect(ring.open(old, 'device:a')).toBe('secret');
    expect(ring.seal('secret', 'device:a').keyId).toBe(ring.currentId);
    expect(ring.currentId).not.toBe(old.keyId);
    expect(SecretKeyRing.of(current).currentId).toBe(ring.currentId); // the id comes from the key
  });

  describe('from the environment', () => {
    const root = mkdtempSync(join(tmpdir(), 'nucuoi-keys-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const keyFile = (name: string, mode = 0o600, dir = root) => {
      const path = join(dir, name);
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode });
      chmodSync(path, mode);
      return path;
    };

    it('takes a key file outside the data folder, for its owner only', () => {
      const dataDir = join(root, 'data');
      mkdirSync(dataDir);
      expect(keyRingFromEnvironment({ DEVICE_SECRET_KEY_FILE: keyFile('good.key') }, { dataDir, demo: false })?.sealsWithDevelopmentKey).toBe(false);
      expect(() => keyRingFromEnvironment({ DEVICE_SECRET_KEY_FILE: keyFile('inside.key', 0o600, dataDir) }, { dataDir, demo: false })).toThrow(/inside DATA_DIR/);
      expect(() => keyRingFromEnvironment({ DEVICE_SECRET_KEY_FILE: keyFile('open.key', 0o644) }, { dataDir, demo: false })).toThrow(/chmod 600/);
      writeFileSync(join(root, 'short.key'), 'c2hvcnQ=', { mode: 0o600 });
      expect(() => keyRingFromEnvironment({ DEVICE_SECRET_KEY_FILE: join(root, 'short.key') }, { dataDir, demo: false })).toThrow(StartupError);
      expect(keyRingFromEnvironment({ DEVICE_SECRET_KEY: randomBytes(32).toString('base64') }, { dataDir, demo: false })).not.toBeNull();
    });

    it('gives no key at all unless development is asked for, and then says it is the public one', () => {
      expect(keyRingFromEnvironment({}, { dataDir: undefined, demo: false })).toBeNull();
      expect(keyRingFromEnvironment({ DEVICE_SECRET_DEV_KEY: '1' }, { dataDir: undefined, demo: false })?.sealsWithDevelopmentKey).toBe(true);
      expect(keyRingFromEnvironment({}, { dataDir: undefined, demo: true })?.sealsWithDevelopmentKey).toBe(true);
      // A real key wins; the development key only still opens what a demo sealed.
      const ring = keyRingFromEnvironment({ DEVICE_SECRET_KEY_FILE: keyFile('real.key'), DEVICE_SECRET_DEV_KEY: '1' }, { dataDir: undefined, demo: false })!;
      expect(ring.sealsWithDevelopmentKey).toBe(false);
      expect(ring.open(SecretKeyRing.development().seal('demo secret', 'd'), 'd')).toBe('demo secret');
    });
  });
});

/** Every file under `dir` that holds `needle` (as bytes). */
function filesHolding(dir: string, needle: string): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(needle);
  const walk = (path: string) => {
    const stats = statSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (readFileSync(path).includes(bytes)) found.push(path);
  };
  walk(dir);
  return found;
}

/**
 * Finding 1 of issue 13 (device secrets): a new device's secret was in a WAL file that every local
 * account could read. Now it is never written in clear, and the key is elsewhere.
 */
describe('device secrets at rest', { timeout: 600_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'nucuoi-secrets-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are in no file of the data folder in clear, and the server still knows its kiosks after a restart and a key rotation', async () => {
    const dataDir = join(root, 'data');
    const keysDir = join(root, 'keys');
    mkdirSync(keysDir, { mode: 0o700 });
    const [firstKey, secondKey] = [join(keysDir, 'first.key'), join(keysDir, 'second.key')];
    for (const file of [firstKey, secondKey]) {
      const made = await runAdminHere(['new-device-key', file], {});
      expect(made.code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const heartbeat = JSON.stringify({ appVersion: '0.1.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0 });

    // No key, no server (outside the demo).
    const keyless = await refusedStart({ DATA_DIR: dataDir });
    expect(keyless.code).toBe(2);
    expect(keyless.output).toMatch(/no key for device secrets at rest: give DEVICE_SECRET_KEY_FILE/);

    const first = await startServerProcess({ DATA_DIR: dataDir, SERVER_DEMO: '1', DEVICE_SECRET_KEY_FILE: firstKey });
    const kiosk = await enrolWithProcess(dataDir, first.url);
    expect((await kiosk.send('POST', '/heartbeat', heartbeat)).status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(filesHolding(dataDir, kiosk.deviceSecret)).toEqual([]);

    const restarted = await startServerProcess({ DATA_DIR: dataDir, DEVICE_SECRET_KEY_FILE: firstKey });
    expect((await kiosk.send('POST', '/heartbeat', heartbeat, restarted.url)).status).toBe(200);
    expect(await restarted.stop()).toBe(0);

    // Rotation: the new key seals, the old one still opens, until every secret is sealed again.
    const rotating = await startServerProcess({ DATA_DIR: dataDir, DEVICE_SECRET_KEY_FILE: secondKey, DEVICE_SECRET_PREVIOUS_KEY_FILES: firstKey });
    expect((await kiosk.send('POST', '/heartbeat', heartbeat, rotating.url)).status).toBe(200);
    const rotated = await runAdminHere(['rotate-device-key'], { DATA_DIR: dataDir });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^1 of 1 device secrets sealed again/);
    expect(await rotating.stop()).toBe(0);

    const onlyNew = await startServerProcess({ DATA_DIR: dataDir, DEVICE_SECRET_KEY_FILE: secondKey });
    expect((await kiosk.send('POST', '/heartbeat', heartbeat, onlyNew.url)).status).toBe(200);
    expect(await onlyNew.stop()).toBe(0);
    expect(filesHolding(dataDir, kiosk.deviceSecret)).toEqual([]);

    // The old key alone opens nothing any more: the server says so instead of refusing kiosks one by one.
    const onlyOld = await refusedStart({ DATA_DIR: dataDir, DEVICE_SECRET_KEY_FILE: firstKey });
    expect(onlyOld.code).toBe(1);
    expect(onlyOld.output).toMatch(/device secrets are sealed with keys that were not given/);
  });
});
