/**
 * The Linux kiosk's systemd units, checked by systemd itself (`systemd-analyze verify`) in a
 * throwaway root that has this machine's system units and stand-ins for the programs the units
 * start (cage, the kiosk app, bash), so that only the units are judged, not this machine.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const deploy = join(__dirname, '..', '..', '..', 'deploy', 'linux');
const UNITS = ['nu-cuoi-kiosk.service', 'nu-cuoi-update.path', 'nu-cuoi-update.service'];
let root: string;

function verify(...units: string[]) {
  return spawnSync('systemd-analyze', ['verify', '--man=no', `--root=${root}`, ...units], { encoding: 'utf8', timeout: 30_000 });
}

beforeAll(() => {
  expect(spawnSync('systemd-analyze', ['--version']).status, 'systemd-analyze is needed (Debian: apt-get install systemd)').toBe(0);
  root = mkdtempSync(join(tmpdir(), 'nucuoi-units-'));
  mkdirSync(join(root, 'usr', 'lib', 'systemd'), { recursive: true });
  cpSync('/usr/lib/systemd/system', join(root, 'usr', 'lib', 'systemd', 'system'), { recursive: true, verbatimSymlinks: true });
  for (const program of ['/usr/bin/cage', '/usr/bin/nu-cuoi', '/bin/bash']) {
    mkdirSync(join(root, program, '..'), { recursive: true });
    writeFileSync(join(root, program), '#!/bin/sh\n');
    chmodSync(join(root, program), 0o755);
  }
  mkdirSync(join(root, 'etc', 'systemd', 'system'), { recursive: true });
  for (const unit of UNITS) cpSync(join(deploy, unit), join(root, 'etc', 'systemd', 'system', unit));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the Linux kiosk units', () => {
  it('pass systemd-analyze verify without a single warning', () => {
    const result = verify(...UNITS);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('and the check is real: a unit systemd would not understand is reported', () => {
    const broken = readFileSync(join(deploy, 'nu-cuoi-kiosk.service'), 'utf8').replace('Restart=always', 'Restart=sometimes');
    writeFileSync(join(root, 'etc', 'systemd', 'system', 'nu-cuoi-broken.service'), broken);
    expect(verify('nu-cuoi-broken.service').stderr).toMatch(/restart specifier/);
  });

  it('start the kiosk under cage on tty1 as an unprivileged user, logged in by PAM, restarted whenever it exits', () => {
    const unit = readFileSync(join(deploy, 'nu-cuoi-kiosk.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/cage .*-- \/usr\/bin\/nu-cuoi\b/m);
    expect(unit).toMatch(/^TTYPath=\/dev\/tty1$/m);
    expect(unit).toMatch(/^Conflicts=getty@tty1\.service$/m);
    expect(unit).toMatch(/^User=nucuoi$/m);
    expect(unit).toMatch(/^PAMName=login$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=graphical\.target$/m);
  });

  it('start the install helper as root as soon as the kiosk leaves a request in the inbox', () => {
    expect(readFileSync(join(deploy, 'nu-cuoi-update.path'), 'utf8')).toMatch(/^PathExists=\/var\/lib\/nu-cuoi\/updates\/inbox\/request$/m);
    const service = readFileSync(join(deploy, 'nu-cuoi-update.service'), 'utf8');
    expect(service).toMatch(/^Type=oneshot$/m);
    expect(service).not.toMatch(/^User=/m);
    expect(service).toMatch(/^ExecStart=\/bin\/bash \/usr\/lib\/nu-cuoi\/deploy\/nu-cuoi-update-helper$/m);
  });

  it('the kiosk never sleeps or blanks: logind ignores idleness and the lid, sleep is masked, consoleblank=0', () => {
    const logind = readFileSync(join(deploy, 'logind-kiosk.conf'), 'utf8');
    expect(logind).toMatch(/^IdleAction=ignore$/m);
    expect(logind).toMatch(/^HandleLidSwitch=ignore$/m);
    const install = readFileSync(join(deploy, 'install-kiosk.sh'), 'utf8');
    expect(install).toMatch(/systemctl mask --quiet sleep\.target suspend\.target hibernate\.target hybrid-sleep\.target/);
    expect(install).toMatch(/consoleblank=0/);
  });

  it('the shell scripts parse (bash -n)', () => {
    for (const script of ['install-kiosk.sh', 'uninstall-kiosk.sh', 'nu-cuoi-update-helper']) {
      const result = spawnSync('bash', ['-n', join(deploy, script)], { encoding: 'utf8' });
      expect(result.stderr, script).toBe('');
      expect(result.status, script).toBe(0);
    }
  });
});
