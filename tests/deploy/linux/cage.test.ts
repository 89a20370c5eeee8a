/**
 * cage, as nu-cuoi-kiosk.service starts it, nested in a virtual X server (Xvfb) instead of on
 * tty1, with a stand-in Wayland client (wayland-client.mjs) in place of the kiosk app: cage starts,
 * serves its client the globals a kiosk window needs, and ends when its client ends (so systemd's
 * Restart=always brings the kiosk back). cage refuses to run as root: as root the test runs it as
 * nobody. Needs Debian's cage, xwayland and xvfb (.ci/run installs them).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const deploy = join(__dirname, '..', '..', '..', 'deploy', 'linux');
let xvfb: ChildProcess | null = null;
let display = '';
let runtimeDir = '';
const asRoot = process.getuid?.() === 0;

beforeAll(async () => {
  for (const [tool, args] of [['cage', ['-h']], ['Xvfb', ['-help']], ['Xwayland', ['-version']]] as const) {
    expect(spawnSync(tool, args).error, `${tool} is needed: apt-get install cage xvfb xwayland`).toBeUndefined();
  }
  runtimeDir = mkdtempSync(join(tmpdir(), 'nucuoi-cage-'));
  if (asRoot) chownSync(runtimeDir, 65534, 65534);
  // -displayfd: Xvfb picks a free display and says which on fd 3.
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start in 10 s')), 10_000);
    (xvfb!.stdio[3] as NodeJS.ReadableStream).on('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve(`:${data.toString().trim()}`);
    });
  });
});
afterAll(() => {
  xvfb?.kill('SIGKILL');
  rmSync(runtimeDir, { recursive: true, force: true });
});

/** The unit's cage command line, with the stand-in client instead of the kiosk app. */
function cageCommand(): string[] {
  const execStart = /^ExecStart=(.+)$/m.exec(readFileSync(join(deploy, 'nu-cuoi-kiosk.service'), 'utf8'))?.[1] ?? '';
  const [cage, ...rest] = execStart.split(' ');
  const options = rest.slice(0, rest.indexOf('--'));
  return [cage!, ...options, '--', process.execPath, join(__dirname, 'wayland-client.mjs')];
}

describe('cage as the kiosk unit starts it', () => {
  it('runs its client fullscreen on a Wayland display with the globals a kiosk window needs, and ends with it', { timeout: 30_000 }, () => {
    const command = cageCommand();
    expect(command.slice(0, 4)).toEqual(['/usr/bin/cage', '-d', '-s', '--']);
    const env = { PATH: '/usr/bin:/bin', HOME: runtimeDir, XDG_RUNTIME_DIR: runtimeDir, DISPLAY: display };
    const [program, ...args] = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command;
    const result = spawnSync(program!, args, { env, encoding: 'utf8', timeout: 20_000 });
    expect(result.error).toBeUndefined();
    const line = result.stdout.split('\n').find((l) => l.startsWith('{"globals"'));
    expect(line, `cage's output: ${result.stdout}\n${result.stderr}`).toBeDefined();
    const { globals } = JSON.parse(line!) as { globals: string[] };
    expect(globals).toEqual(expect.arrayContaining(['wl_compositor', 'wl_seat', 'wl_output', 'xdg_wm_base']));
    // The client ended, so cage did: systemd's Restart=always then starts the kiosk again.
    expect(result.status).toBe(0);
  });
});
