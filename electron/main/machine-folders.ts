import { join, win32 } from 'node:path';

/**
 * The kiosk's machine-wide folders, which the installer makes and only administrators may change
 * (the kiosk's own data folder is its Windows or Linux account's): the provisioning file with the
 * pinned release key, and the update hand-off to the install helper (docs/updates.md).
 *
 * `inbox` is where the kiosk leaves a verified update (the kiosk account may write there);
 * `result.json` is what the helper did with the last one (only the helper writes it).
 */
export interface MachineFolders {
  provisioningFile: string;
  updatesDir: string;
  inboxDir: string;
  resultFile: string;
}

export function machineFolders(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): MachineFolders {
  let provisioningFile: string;
  let updatesDir: string;
  if (env.NUCUOI_MACHINE_DIR) {
    // Trials and tests: one folder holds both.
    provisioningFile = join(env.NUCUOI_MACHINE_DIR, 'provisioning.json');
    updatesDir = join(env.NUCUOI_MACHINE_DIR, 'updates');
  } else if (platform === 'win32') {
    const base = win32.join(env.ProgramData || 'C:\\ProgramData', 'nu-cuoi');
    provisioningFile = win32.join(base, 'provisioning.json');
    updatesDir = win32.join(base, 'updates');
    return { provisioningFile, updatesDir, inboxDir: win32.join(updatesDir, 'inbox'), resultFile: win32.join(updatesDir, 'result.json') };
  } else {
    provisioningFile = '/etc/nu-cuoi/provisioning.json';
    updatesDir = '/var/lib/nu-cuoi/updates';
  }
  return { provisioningFile, updatesDir, inboxDir: join(updatesDir, 'inbox'), resultFile: join(updatesDir, 'result.json') };
}
