import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { machineFolders } from '../../../electron/main/machine-folders';
import { applyMachineProvisioning, HANDED_OVER_FILE } from '../../../electron/main/machine-provisioning';
import { ProvisioningSchema } from '../../../electron/core/sync/provisioning';
import { generateReleaseKeyPair } from '../../../shared/node/release-signing';

const now = Date.UTC(2026, 10, 21, 3, 0, 0);
const keys = generateReleaseKeyPair();
let dir: string;
let file: string;
let dataDir: string;
const lines: string[] = [];
const apply = (at = now) => applyMachineProvisioning({ file, dataDir, now: at, log: (line) => lines.push(line) });
const write = (value: unknown) => writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
const good = {
  serverUrl: 'https://nucuoi.bacgiang.gov.vn',
  enrollmentCode: 'K7QM-4XZ2-9RTB',
  updatePublicKey: keys.publicKey,
  expiresAt: '2026-11-28T03:00:00.000Z',
  deviceName: 'TTPVHCC quầy 01',
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nucuoi-machine-'));
  file = join(dir, 'provisioning.json');
  dataDir = join(dir, 'userData');
  mkdirSync(dataDir);
  lines.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the machine provisioning file', () => {
  it('pins the release key and hands the enrolment to the core once, in the core’s own format', () => {
    write(good);
    const first = apply();
    expect(first).toMatchObject({ kind: 'ok', enrolment: 'handed' });
    expect(first.kind === 'ok' && first.publicKey.asymmetricKeyType).toBe('ed25519');
    const forCore = JSON.parse(readFileSync(join(dataDir, 'provisioning.json'), 'utf8')) as unknown;
    expect(ProvisioningSchema.parse(forCore)).toEqual({ serverUrl: good.serverUrl, enrollmentCode: good.enrollmentCode, deviceName: good.deviceName });
    // The core renames its file once read; the next start does not hand the same code over again.
    rmSync(join(dataDir, 'provisioning.json'));
    expect(apply()).toMatchObject({ kind: 'ok', enrolment: 'earlier' });
    expect(existsSync(join(dataDir, 'provisioning.json'))).toBe(false);
  });

  it('a new code (the kiosk provisioned again) is handed over again', () => {
    write(good);
    apply();
    write({ ...good, enrollmentCode: 'ZZZZ-1111-2222' });
    expect(apply()).toMatchObject({ kind: 'ok', enrolment: 'handed' });
    expect(JSON.parse(readFileSync(join(dataDir, 'provisioning.json'), 'utf8'))).toMatchObject({ enrollmentCode: 'ZZZZ-1111-2222' });
  });

  it('an expired code is not handed over, but the key stays pinned: an enrolled kiosk keeps updating', () => {
    write(good);
    expect(apply(Date.UTC(2026, 11, 1))).toMatchObject({ kind: 'ok', enrolment: 'expired' });
    expect(existsSync(join(dataDir, 'provisioning.json'))).toBe(false);
    expect(lines.join('\n')).toMatch(/expired on 2026-11-28/);
    writeFileSync(join(dataDir, HANDED_OVER_FILE), '{"codeHash":"from an earlier start"}');
    expect(apply(Date.UTC(2027, 0, 1))).toMatchObject({ kind: 'ok', enrolment: 'expired' });
  });

  it('a bad URL or key, or a file that is not JSON, is refused with its reason: nothing handed over, no key pinned', () => {
    for (const [bad, reason] of [
      [{ ...good, serverUrl: 'nucuoi.bacgiang.gov.vn' }, /serverUrl: must be the server's http\(s\) address/],
      [{ ...good, updatePublicKey: 'MCowBQYDK2VwAyEA' }, /updatePublicKey/],
      ['{ not json', /not valid JSON/],
    ] as const) {
      write(bad);
      const state = apply();
      expect(state).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(reason) });
      expect(existsSync(join(dataDir, 'provisioning.json'))).toBe(false);
    }
    expect(lines.every((line) => line.includes('refused'))).toBe(true);
  });

  it('a data folder that cannot be written still pins the key, and says so', () => {
    write(good);
    writeFileSync(join(dir, 'a-file'), '');
    const state = applyMachineProvisioning({ file, dataDir: join(dir, 'a-file', 'userData'), now, log: (line) => lines.push(line) });
    expect(state).toMatchObject({ kind: 'ok', enrolment: 'failed' });
    expect(lines.at(-1)).toMatch(/not handed to the core .*trying again at the next start/);
  });

  it('no file: nothing to do', () => {
    expect(apply()).toEqual({ kind: 'none' });
  });
});

describe('the machine folders', () => {
  it('are under ProgramData on Windows, /etc and /var/lib on Linux, or one folder given by NUCUOI_MACHINE_DIR', () => {
    expect(machineFolders('win32', { ProgramData: 'D:\\ProgramData' })).toEqual({
      provisioningFile: 'D:\\ProgramData\\nu-cuoi\\provisioning.json',
      updatesDir: 'D:\\ProgramData\\nu-cuoi\\updates',
      inboxDir: 'D:\\ProgramData\\nu-cuoi\\updates\\inbox',
      resultFile: 'D:\\ProgramData\\nu-cuoi\\updates\\result.json',
    });
    expect(machineFolders('linux', {})).toEqual({
      provisioningFile: '/etc/nu-cuoi/provisioning.json',
      updatesDir: '/var/lib/nu-cuoi/updates',
      inboxDir: '/var/lib/nu-cuoi/updates/inbox',
      resultFile: '/var/lib/nu-cuoi/updates/result.json',
    });
    expect(machineFolders('linux', { NUCUOI_MACHINE_DIR: '/tmp/m' }).inboxDir).toBe('/tmp/m/updates/inbox');
  });
});
