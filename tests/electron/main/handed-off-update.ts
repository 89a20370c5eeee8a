/**
 * An update as the kiosk hands it to the install helper (handOffUpdate): a 50 KB "installer"
 * 0.2.0 with its signed manifest, in the inbox of a fresh folder. Shared by the hand-off's tests
 * and the helper's own check (verify-update).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handOffUpdate } from '../../../electron/main/install-handoff';
import { fileSha512, signReleaseManifest, type ReleaseKeyPair } from '../../../shared/node/release-signing';
import type { ReleaseManifest } from '../../../shared/release';

export interface HandedOffUpdate {
  dir: string;
  inbox: string;
  manifest: ReleaseManifest;
}

export async function handOffTestUpdate(keys: ReleaseKeyPair): Promise<HandedOffUpdate> {
  const dir = mkdtempSync(join(tmpdir(), 'nucuoi-handoff-'));
  const inbox = join(dir, 'updates', 'inbox');
  const installerPath = join(dir, 'downloaded.exe');
  writeFileSync(installerPath, Buffer.alloc(50_000, 9));
  const { sha512, size } = await fileSha512(installerPath);
  const file = { url: 'nu-cuoi-setup-0.2.0-x64.exe', sha512, size };
  const manifest: ReleaseManifest = { version: '0.2.0', files: [file] };
  handOffUpdate({ inboxDir: inbox }, { installerPath, file, manifest, signature: signReleaseManifest(manifest, keys.privateKeyPem) });
  return { dir, inbox, manifest };
}
