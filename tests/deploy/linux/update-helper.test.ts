/**
 * The Linux install helper (deploy/linux/nu-cuoi-update-helper) on real hand-offs made by the
 * kiosk's own code (electron/main/install-handoff.ts), with openssl checking the province's
 * signature as on a kiosk. Only the install and restart commands are stand-ins (no apt or systemd
 * here): the helper records what it would install.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handOffUpdate, readHelperResult } from '../../../electron/main/install-handoff';
import { fileSha512, generateReleaseKeyPair, signReleaseManifest } from '../../../shared/node/release-signing';
import type { ReleaseManifest } from '../../../shared/release';

const helper = join(__dirname, '..', '..', '..', 'deploy', 'linux', 'nu-cuoi-update-helper');
const keys = generateReleaseKeyPair();
const DEB = 'nu-cuoi-0.2.0-linux-amd64.deb';
let dir: string;
let machine: string;
let downloaded: string;
let manifest: ReleaseManifest;

const inbox = () => join(machine, 'updates', 'inbox');
const installed = () => join(dir, 'installed.deb');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nucuoi-helper-'));
  machine = join(dir, 'machine');
  mkdirSync(join(machine, 'updates', 'inbox'), { recursive: true });
  writeFileSync(
    join(machine, 'provisioning.json'),
    JSON.stringify({ serverUrl: 'https://nucuoi.bacgiang.gov.vn', enrollmentCode: 'K7QM-4XZ2-9RTB', updatePublicKey: keys.publicKey }, null, 2),
  );
  downloaded = join(dir, 'downloaded.deb');
  writeFileSync(downloaded, Buffer.alloc(70_000, 5));
  const { sha512, size } = await fileSha512(downloaded);
  manifest = { version: '0.2.0', files: [{ url: `nu-cuoi-0.2.0-linux-x86_64.AppImage`, sha512: Buffer.alloc(64, 1).toString('base64'), size: 5 }, { url: DEB, sha512, size }] };
  // The stand-in for apt-get install: keeps a copy of what it was asked to install.
  const fakeInstall = join(dir, 'fake-install');
  writeFileSync(fakeInstall, `#!/bin/sh\ncp "$1" "${installed()}"\n`);
  chmodSync(fakeInstall, 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function handOff(signature = signReleaseManifest(manifest, keys.privateKeyPem)) {
  handOffUpdate({ inboxDir: inbox() }, { installerPath: downloaded, file: manifest.files[1]!, manifest, signature });
}

function runHelper() {
  const result = spawnSync('bash', [helper], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NUCUOI_MACHINE_DIR: machine, NUCUOI_INSTALL_COMMAND: join(dir, 'fake-install'), NUCUOI_RESTART_COMMAND: 'true' },
  });
  expect(result.status, result.stderr).toBe(0);
  return readHelperResult({ resultFile: join(machine, 'updates', 'result.json') });
}

describe('the Linux install helper', () => {
  it('does nothing when no update waits', () => {
    expect(runHelper()).toBeNull();
  });

  it('installs a verified hand-off, says so in result.json, and empties the inbox', () => {
    handOff();
    expect(runHelper()).toMatchObject({ version: '0.2.0', ok: true, message: 'installed 0.2.0' });
    expect(readFileSync(installed()).equals(Buffer.alloc(70_000, 5))).toBe(true);
    expect(readdirSync(inbox())).toEqual([]);
  });

  it('refuses a manifest signed with another key', () => {
    handOff(signReleaseManifest(manifest, generateReleaseKeyPair().privateKeyPem));
    expect(runHelper()).toMatchObject({ ok: false, message: 'the signature of 0.2.0 does not match the pinned release key' });
    expect(existsSync(installed())).toBe(false);
  });

  it('refuses a package swapped in the inbox after the hand-off (sha512), and one of another size', () => {
    handOff();
    writeFileSync(join(inbox(), DEB), Buffer.alloc(70_000, 6));
    expect(runHelper()).toMatchObject({ ok: false, message: `${DEB} is not the signed release (its sha512 differs)` });
    handOff();
    writeFileSync(join(inbox(), DEB), Buffer.alloc(70_001, 5));
    expect(runHelper()).toMatchObject({ ok: false, message: `${DEB} is not the signed release (its size differs)` });
    expect(existsSync(installed())).toBe(false);
  });

  it('refuses a link in the inbox (it never reads through one), and a request for anything but a deb', () => {
    handOff();
    rmSync(join(inbox(), DEB));
    symlinkSync(downloaded, join(inbox(), DEB));
    expect(runHelper()).toMatchObject({ ok: false, message: expect.stringMatching(/does not hold a complete update/) });
    handOff();
    writeFileSync(join(inbox(), 'request'), 'file=nu-cuoi-0.2.0-linux-x86_64.AppImage\nversion=0.2.0\n');
    writeFileSync(join(inbox(), 'nu-cuoi-0.2.0-linux-x86_64.AppImage'), 'x');
    expect(runHelper()).toMatchObject({ ok: false, message: expect.stringMatching(/only \.deb packages/) });
    expect(existsSync(installed())).toBe(false);
  });

  it('refuses everything without a key pinned in the provisioning file', () => {
    writeFileSync(join(machine, 'provisioning.json'), '{"serverUrl": "https://nucuoi.bacgiang.gov.vn"}');
    handOff();
    expect(runHelper()).toMatchObject({ ok: false, message: expect.stringMatching(/no release key is pinned/) });
  });

  it('reports an install that fails', () => {
    writeFileSync(join(dir, 'fake-install'), '#!/bin/sh\nexit 100\n');
    handOff();
    expect(runHelper()).toMatchObject({ ok: false, message: expect.stringMatching(/installing .* failed/) });
  });
});
