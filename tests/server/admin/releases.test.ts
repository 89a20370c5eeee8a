/**
 * `npm run admin -- release-…`: the province's key, uploads, promotion, pause, pins and rings,
 * run on the database directly and through a running server's loopback route, and once as the
 * real command line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAdminApi } from '../../../server/admin-api';
import { runReleaseCommand } from '../../../server/admin/releases';
import { hashEnrollmentCode } from '../../../server/devices';
import { SecretKeyRing } from '../../../server/secret-keys';
import { checkMachineProvisioning } from '../../../shared/provisioning';
import { releasePublicKeyOf } from '../../../shared/node/release-signing';
import { ADMIN_TOKEN, buildRelease, startFeedServer, type FeedTestServer } from '../updates/harness';

let server: FeedTestServer;
let keyFile: string;
const savedDataDir = process.env.DATA_DIR;

beforeAll(async () => {
  server = await startFeedServer({ registerKey: false });
  process.env.DATA_DIR = join(server.workDir, 'server-data');
  keyFile = join(server.workDir, 'usb', 'province-release-key.pem');
  mkdirSync(join(server.workDir, 'usb'));
});
afterAll(async () => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
  await server.close();
});

/** Runs a release command on the test server's database (or its admin route) and keeps what it printed. */
async function releaseCommand(args: string[], via: 'db' | 'server' = 'db') {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  try {
    const [command, ...rest] = args;
    const serverAdmin = createAdminApi(server.db, SecretKeyRing.development(), () => server.clock.now);
    const target = via === 'db' ? { db: server.db } : { server: { pid: 0, url: server.url, adminToken: ADMIN_TOKEN } };
    const code = await runReleaseCommand(command!, rest, target, serverAdmin).catch((e: unknown) => e);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('provisioning-file before the key', () => {
  it('is refused until the province registered its release key', async () => {
    const out = join(server.workDir, 'usb', 'early.json');
    const result = await releaseCommand(['provisioning-file', '--server', 'https://nucuoi.bacgiang.gov.vn', '--unit', 'bg-ttpvhcc', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no release key is registered yet/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('release-key', () => {
  it('refuses to keep the private key in the server’s data folder', async () => {
    const inside = join(server.workDir, 'server-data', 'key.pem');
    const result = await releaseCommand(['release-key', '--out', inside]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/inside the server's data folder/);
    expect(existsSync(inside)).toBe(false);
  });

  it('makes the key pair: private key to the file (mode 600), public key registered and printed', async () => {
    const result = await releaseCommand(['release-key', '--out', keyFile]);
    expect(result.code).toBe(0);
    const publicKey = result.stdout.trim();
    expect(publicKey).toMatch(/^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=$/);
    expect(releasePublicKeyOf(readFileSync(keyFile, 'utf8'))).toBe(publicKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await server.admin.status()).publicKey).toBe(publicKey);
  });

  it('never overwrites a key, and a second key needs --replace', async () => {
    expect((await releaseCommand(['release-key', '--out', keyFile])).stderr).toMatch(/never overwritten/);
    const second = join(server.workDir, 'usb', 'second.pem');
    const refused = await releaseCommand(['release-key', '--out', second]);
    expect(refused.code).toMatchObject({ statusCode: 409, code: 'key_in_force' });
    expect(existsSync(second)).toBe(false);
  });
});

describe('release-upload and what follows', () => {
  it('signs the release in a folder with the private key and uploads it to the pilot ring', async () => {
    const release = await buildRelease(server.workDir, '1.0.0', readFileSync(keyFile, 'utf8'));
    const result = await releaseCommand(['release-upload', release.dir, '--key', keyFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`uploaded 1.0.0 for windows: ${release.installerName}, ${release.installerName}.blockmap`);
    const status = await server.admin.status();
    expect(status.rings.find((r) => r.ring === 'pilot')?.offered.windows).toEqual({ version: '1.0.0', pinned: false });
    expect(status.rings.find((r) => r.ring === 'everyone')?.offered.windows).toBeNull();
  });

  it('a release signed with a key the server does not know is refused, with the reason', async () => {
    const other = join(server.workDir, 'usb', 'not-the-province.pem');
    const { generateReleaseKeyPair } = await import('../../../shared/node/release-signing');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(other, generateReleaseKeyPair().privateKeyPem);
    const release = await buildRelease(server.workDir, '1.1.0', readFileSync(keyFile, 'utf8'));
    const result = await releaseCommand(['release-upload', release.dir, '--key', other]);
    expect(result.code).toMatchObject({ statusCode: 400, code: 'bad_signature' });
    expect((await server.admin.status()).releases.map((r) => r.version)).toEqual(['1.0.0']);
  });

  it('promote, pause, pin and rings, through the running server’s admin route too', async () => {
    const older = await buildRelease(server.workDir, '0.9.0', readFileSync(keyFile, 'utf8'));
    expect((await releaseCommand(['release-upload', older.manifestPath, '--key', keyFile], 'server')).code).toBe(0);
    expect((await releaseCommand(['release-promote', '1.0.0'], 'server')).code).toBe(0);
    expect((await releaseCommand(['release-pin', '--ring', 'everyone', '0.9.0'], 'server')).stdout).toMatch(/offered 0.9.0 \(pinned\)/);
    const pinnedToNothing = await releaseCommand(['release-pin', '--ring', 'everyone', '7.7.7'], 'server');
    expect(pinnedToNothing.code).toMatchObject({ statusCode: 404, code: 'unknown_version' });
    expect((await releaseCommand(['release-ring', '--unit', 'bg-ln-motcua', 'pilot'], 'server')).code).toBe(0);
    expect((await releaseCommand(['release-pause'], 'server')).code).toBe(0);

    const paused = await releaseCommand(['releases']);
    expect(paused.stdout).toMatch(/updates: PAUSED/);
    expect(paused.stdout).toMatch(/everyone: windows -, linux -; pinned to 0\.9\.0/);
    expect((await releaseCommand(['release-resume'])).stdout).toBe('updates on');
    const listed = await releaseCommand(['releases']);
    expect(listed.stdout).toMatch(/everyone: windows 0\.9\.0 \(pinned\), linux -; pinned to 0\.9\.0/);
    expect(listed.stdout).toMatch(/pilot: windows 1\.0\.0, linux -; set for unit bg-ln-motcua/);
    expect(listed.stdout).toMatch(/1\.0\.0 {2}windows .* promoted/);

    await releaseCommand(['release-unpin', '--ring', 'everyone']);
    await releaseCommand(['release-ring', '--unit', 'bg-ln-motcua', 'inherit']);
    const json = JSON.parse((await releaseCommand(['releases', '--json'])).stdout) as { paused: boolean; rings: { ring: string; pinnedVersion: string | null; units: string[] }[] };
    expect(json.paused).toBe(false);
    expect(json.rings.every((r) => r.pinnedVersion === null && r.units.length === 0)).toBe(true);
  });

  it('wrong use says how to use it, and changes nothing', async () => {
    for (const args of [['release-upload', server.workDir], ['release-pin', '--ring', 'beta', '1.0.0'], ['release-ring', 'pilot'], ['release-key']]) {
      const result = await releaseCommand(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/release commands:/);
    }
    expect((await server.admin.status()).rings.every((r) => r.pinnedVersion === null)).toBe(true);
  });
});

describe('provisioning-file', () => {
  it('writes a kiosk’s file: the server, a fresh enrolment code for the counter, the release key, the expiry', async () => {
    const out = join(server.workDir, 'usb', 'quay-01.json');
    const result = await releaseCommand([
      'provisioning-file', '--server', 'https://nucuoi.bacgiang.gov.vn/', '--unit', 'bg-ttpvhcc', '--counter', 'ttpvhcc-q01', '--days', '3', '--name', 'TTPVHCC quầy 01', '--out', out,
    ]);
    expect(result.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const check = checkMachineProvisioning(readFileSync(out, 'utf8'), server.clock.now);
    expect(check).toMatchObject({
      ok: true,
      provisioning: {
        serverUrl: 'https://nucuoi.bacgiang.gov.vn',
        updatePublicKey: (await server.admin.status()).publicKey,
        deviceName: 'TTPVHCC quầy 01',
      },
    });
    // The code expires 3 days from now (the command's clock is the machine's).
    const expiresIn = Date.parse(check.ok ? check.provisioning.expiresAt! : '') - Date.now();
    expect(expiresIn).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(3 * 86_400_000);
    const code = check.ok ? check.provisioning.enrollmentCode : '';
    const stored = await server.db.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', hashEnrollmentCode(code)).executeTakeFirst();
    expect(stored).toMatchObject({ unit_id: 'bg-ttpvhcc', counter_id: 'ttpvhcc-q01', used_at: null });
  });

  it('refuses a server address with a path, and never overwrites a kiosk’s file', async () => {
    const out = join(server.workDir, 'usb', 'quay-02.json');
    const bad = await releaseCommand(['provisioning-file', '--server', 'https://nucuoi.bacgiang.gov.vn/nucuoi', '--unit', 'bg-ttpvhcc', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/without path/);
    expect(existsSync(out)).toBe(false);
    const again = await releaseCommand(['provisioning-file', '--server', 'https://nucuoi.bacgiang.gov.vn', '--unit', 'bg-ttpvhcc', '--out', join(server.workDir, 'usb', 'quay-01.json')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/never overwritten/);
  });
});

describe('as the real command line', () => {
  it('npm run admin -- releases prints the state of the feed, and the usage names the release commands', { timeout: 120_000 }, async () => {
    const dataDir = join(server.workDir, 'cli-data');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const { DATABASE_URL: _ignored, ...env } = process.env;
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], { env: { ...env, DATA_DIR: dataDir }, stdio: 'pipe' });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
    const help = await run(['help']);
    expect(help.stdout).toMatch(/release-upload <folder> --key <file>/);
    const listed = await run(['releases']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/release key: none registered/);
  });
});
