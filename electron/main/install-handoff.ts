/**
 * Handing a verified update to the install helper (docs/updates.md). The kiosk runs as an ordinary
 * user and cannot install a per-machine app itself; a helper with the rights to do so (Windows: a
 * scheduled task running as SYSTEM, made by the installer; Linux: a root systemd service started by
 * a path unit) takes the files from the inbox, checks the signature and the sha512 again with its
 * own copy of the key, installs, restarts the kiosk and writes what it did to result.json.
 *
 * The inbox, written in this order (the request last, so the helper never sees half a hand-off):
 *   <installer file>   the downloaded, verified installer, under its name in the manifest
 *   manifest.txt       the signing text of the release (shared/release.ts)
 *   manifest.sig       the province's signature of it, base64
 *   request            "file=<installer file>\nversion=<version>\n"
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../core/durable-file';
import { releaseSigningText, type ReleaseFile, type ReleaseManifest } from '../../shared/release';
import type { MachineFolders } from './machine-folders';

export const REQUEST_FILE = 'request';
export const MANIFEST_TEXT_FILE = 'manifest.txt';
export const MANIFEST_SIGNATURE_FILE = 'manifest.sig';

export interface VerifiedUpdate {
  /** Where electron-updater downloaded it. */
  installerPath: string;
  /** Its entry in the signed manifest (sha512 and size checked). */
  file: ReleaseFile;
  manifest: ReleaseManifest;
  signature: string;
}

export function handOffUpdate(folders: Pick<MachineFolders, 'inboxDir'>, update: VerifiedUpdate): void {
  const inbox = folders.inboxDir;
  mkdirSync(inbox, { recursive: true });
  // Whatever an earlier hand-off left (the helper had not taken it) goes: one update at a time.
  for (const name of readdirSync(inbox)) rmSync(join(inbox, name), { recursive: true, force: true });
  copyFileSync(update.installerPath, join(inbox, update.file.url));
  writeFileDurably(join(inbox, MANIFEST_TEXT_FILE), releaseSigningText(update.manifest));
  writeFileDurably(join(inbox, MANIFEST_SIGNATURE_FILE), `${update.signature}\n`);
  writeFileDurably(join(inbox, REQUEST_FILE), `file=${update.file.url}\nversion=${update.manifest.version}\n`);
}

/** Whether a hand-off is still waiting for the helper. */
export function handOffPending(folders: Pick<MachineFolders, 'inboxDir'>): boolean {
  return existsSync(join(folders.inboxDir, REQUEST_FILE));
}

export const HelperResultSchema = z.object({
  version: z.string().max(64),
  ok: z.boolean(),
  message: z.string().max(2000),
  at: z.string().max(40),
});
export type HelperResult = z.output<typeof HelperResultSchema>;

/** What the helper did with the last update, or null (none yet, or unreadable). */
export function readHelperResult(folders: Pick<MachineFolders, 'resultFile'>): HelperResult | null {
  try {
    const parsed = HelperResultSchema.safeParse(JSON.parse(readFileSync(folders.resultFile, 'utf8').replace(/^\uFEFF/, '')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
