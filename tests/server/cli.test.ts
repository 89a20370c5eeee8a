import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BADGE_CODE_PATTERN_V2 } from '../../server/badges';
import { API_PREFIX } from '../../shared/protocol';
import { runAdminHere } from './admin-command';
import { backend, freshPostgresDatabase } from './helpers';

/** The README's commands as processes: `server/main.ts` and `npm run admin -- …` (server/admin.ts). */
// Processes start slowly on a loaded 2-core machine: generous, still bounded, time limits. The
// first test starts the server (which seeds the console demo), then runs some fifteen CLI processes.
describe(`server and admin command line (${backend})`, { timeout: 600_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let database: { url: string; drop(): Promise<void> } | null = null;
  let server: ChildProcess | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-cli-'));
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    env = { ...rest, DATA_DIR: join(dir, 'data') };
    if (backend === 'postgres') {
      database = await freshPostgresDatabase();
      env.DATABASE_URL = database.url;
    }
  });
  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function run(script: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...env, ...extraEnv }, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }
  const admin = (...args: string[]) => run('server/admin.ts', args);
  // With PostgreSQL the CLI opens the database itself even while the server runs, so it needs the
  // key the server seals with (docs/server.md "Device secrets"): the demo's is the development key.
  // With PGlite it asks the running server, which holds the key.
  const serversKey: NodeJS.ProcessEnv = backend === 'postgres' ? { DEVICE_SECRET_DEV_KEY: '1' } : {};
  // The command in this process (admin-command.ts): the same connection to the data (through the
  // running server with PGlite), without a process start each. The first command of each test
  // below and the usage error are the process itself.
  const command = (...args: string[]) => runAdminHere(args, env);
  const commandBesideServer = (...args: string[]) => runAdminHere(args, { ...env, ...serversKey });

  it('starts with the demo roster and prints where it listens', async () => {
    server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...env, PORT: '0', SERVER_DEMO: '1' }, stdio: 'pipe' });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line in 90 s: ${out}`)), 90_000);
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /^Nụ cười server listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      server!.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
    const health = await fetch(`${url}${API_PREFIX}/health`);
    expect(health.status).toBe(200);

    // The CLI works while the server runs (through it, when the server holds PGlite's folder).
    const made = await admin('enrol-code', '--unit', 'bg-ttpvhcc', '--counter', 'ttpvhcc-q02', '--days', '3');
    expect(made.code).toBe(0);
    const code = made.stdout.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const enrolled = await fetch(`${url}${API_PREFIX}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrollmentCode: code, deviceName: 'Quầy 02', appVersion: '0.1.0' }),
    });
    expect(enrolled.status).toBe(201);
    const { deviceId } = (await enrolled.json()) as { deviceId: string };

    const devices = await command('devices');
    expect(devices.code).toBe(0);
    expect(devices.stdout).toContain(deviceId);
    expect(devices.stdout).toContain('Quầy 02');
    expect(devices.stdout).toMatch(/status +last heartbeat/);
    // Enrolled a moment ago and not heard from since: within the heartbeat interval, so online.
    expect(devices.stdout.split('\n').find((line) => line.startsWith(deviceId))).toMatch(/ ONLINE /);

    // Badges (docs/badges.md), through the running server: reissue one, end the old badges' window, print.
    const reissued = await commandBesideServer('reissue-badge', 'st-000102');
    expect(reissued.code).toBe(0);
    const newCode = reissued.stdout.trim();
    expect(newCode).toMatch(BADGE_CODE_PATTERN_V2);
    expect((await command('old-badges-until', '2027-01-31')).stdout).toMatch(/until 2027-01-31/);
    expect((await command('old-badges-until')).stdout).toMatch(/until 2027-01-31/);
    expect((await command('old-badges-until', '2027-02-30')).code).toBe(1);
    const badgeSheet = join(dir, 'sheet.html');
    const printed = await run('scripts/badge-sheet.ts', ['--unit', 'bg-ttpvhcc', '--staff', 'st-000102', '--out', badgeSheet], serversKey);
    expect(printed).toMatchObject({ code: 0 });
    expect(readFileSync(badgeSheet, 'utf8')).toContain(newCode);
    expect(statSync(badgeSheet).mode & 0o077).toBe(0);

    const revoked = await command('revoke', deviceId);
    expect(revoked).toMatchObject({ code: 0 });
    expect((await command('revoke', 'no-such-device')).code).toBe(1);
    expect((await command('enrol-code', '--unit', 'no-such-unit')).code).toBe(1);

    // The evaluation report through the running server: an Excel file, audited as an export.
    const sheet = join(dir, 'bao-cao.xlsx');
    const report = await command('evaluation-report', '--unit', 'bg-ttpvhcc', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'xlsx', '--out', sheet);
    expect(report, report.stderr).toMatchObject({ code: 0 });
    expect(readFileSync(sheet).subarray(0, 2).toString()).toBe('PK');
    expect((await command('evaluation-report', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'doc', '--out', sheet)).code).toBe(2);
    const outside = await command('evaluation-report', '--unit', 'no-such-unit', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'xlsx', '--out', sheet);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/no unit no-such-unit/);
    const backwards = await command('evaluation-report', '--from', '2026-03-01', '--to', '2026-02-01', '--format', 'xlsx', '--out', sheet);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toMatch(/--to: the period ends before it starts/);

    server.kill('SIGTERM');
    const exitCode = await new Promise<number | null>((resolve) => server!.on('exit', (c) => resolve(c)));
    expect(exitCode).toBe(0);
    if (backend === 'pglite') expect(existsSync(join(env.DATA_DIR!, 'server.pid.json'))).toBe(false);
  });

  it('works on the stopped server’s data too', async () => {
    const listed = await admin('devices', '--json');
    expect(listed.code).toBe(0);
    const devices = JSON.parse(listed.stdout) as { revokedAt: number | null; counterId: string }[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ counterId: 'ttpvhcc-q02', revokedAt: expect.any(Number) });
    // Badge keys are sealed: on the stopped server's data the CLI needs the key the server used
    // (the demo's is the public development key).
    const withoutKey = await command('import-roster', 'tests/fixtures/roster.json');
    expect(withoutKey.code).not.toBe(0);
    expect(withoutKey.stderr).toMatch(/no key for device secrets at rest: give DEVICE_SECRET_KEY_FILE/);
    const withKey = (...args: string[]) => runAdminHere(args, { ...env, DEVICE_SECRET_DEV_KEY: '1' });
    const planned = await withKey('import-roster', 'tests/fixtures/roster.json');
    expect(planned).toMatchObject({ code: 0 });
    expect(planned.stdout).toMatch(/Đơn vị {2}thêm \d+, thay đổi \d+, không đổi \d+, từ chối 0[\s\S]*Không có gì được lưu \(chạy thử\)/);
    const imported = await withKey('import-roster', 'tests/fixtures/roster.json', '--apply');
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toMatch(/\nĐã nhập\.$/m);
    const staff = await withKey('staff', '--unit', 'bg-ln-phuongson');
    expect(staff.stdout.split(/\r?\n/)[0]).toMatch(/^\uFEFF?id,name,title,unit,active,badge$/);
    expect(staff.stdout).toMatch(/\nst-020301,Lý Văn Sáng,Công chức Tư pháp – Hộ tịch,bg-ln-phuongson,true,[0-9A-Z]{4}\r?\n/);
  });

  it('refuses to start when told to believe every X-Forwarded-For', async () => {
    const refused = await run('server/main.ts', [], { PORT: '0', TRUST_PROXY: '1' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/TRUST_PROXY takes only the addresses or CIDR ranges of the reverse proxies/);
  });

  it('explains its usage and refuses bad files with their problems', async () => {
    const usage = await admin();
    expect(usage.code).toBe(2);
    expect(usage.stdout + usage.stderr).toMatch(/import-roster/);
    expect((await command('enrol-code')).code).toBe(2);
    const bad = await command('import-roster', 'package.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/roster not imported/);
  });
});
