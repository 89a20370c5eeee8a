import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers';

/**
 * A small tmpfs of our own, to make a real full disk or a read-only folder. Needs root (CI and
 * developers' machines here run as root); where mounting is not allowed it returns null and the
 * tests that need it are skipped, while the page-limit variant of the same test still runs.
 */
export function mountSmallDisk(sizeKb: number): { dir: string; remount: (mode: 'ro' | 'rw') => void; unmount: () => void } | null {
  const dir = join(tempDir('kiosk-disk-'), 'mnt');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return {
    dir,
    remount: (mode) => execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'ignore' }),
    unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }),
  };
}

export const canMount = (() => {
  const probe = mountSmallDisk(64);
  probe?.unmount();
  return probe !== null;
})();
