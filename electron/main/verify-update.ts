/**
 * `nu-cuoi --verify-update <folder>`: the Windows install helper's check (deploy/windows/
 * install-update.ps1), run as SYSTEM on its own copy of the inbox before it installs anything.
 * PowerShell has no Ed25519, so the installed app, which Windows and its fuses protect, checks
 * the province's signature with the key pinned in the machine provisioning file, and the
 * installer's size and sha512 against the signed manifest. Exit code 0 only when all hold.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSha512, releaseSignatureMatches } from '../../shared/node/release-signing';
import { parseReleaseSigningText } from '../../shared/release';
import { MANIFEST_SIGNATURE_FILE, MANIFEST_TEXT_FILE, REQUEST_FILE } from './install-handoff';

export const VERIFY_UPDATE_FLAG = '--verify-update';

export type StagedUpdateCheck = { ok: true; version: string; file: string } | { ok: false; reason: string };

export async function verifyStagedUpdate(dir: string, publicKey: KeyObject | null): Promise<StagedUpdateCheck> {
  if (!publicKey) return { ok: false, reason: 'no release key is pinned on this machine (provisioning file)' };
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
  const request = read(REQUEST_FILE);
  const text = read(MANIFEST_TEXT_FILE);
  const signature = read(MANIFEST_SIGNATURE_FILE)?.trim();
  if (request === null || text === null || !signature) return { ok: false, reason: `${dir} lacks the request, manifest.txt or manifest.sig` };
  const fields = Object.fromEntries(request.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const manifest = parseReleaseSigningText(text);
  if (!manifest) return { ok: false, reason: 'manifest.txt is not a release signing text' };
  if (!releaseSignatureMatches(manifest, signature, publicKey)) return { ok: false, reason: `the signature of ${manifest.version} does not match the pinned release key` };
  if (fields.version !== manifest.version) return { ok: false, reason: `the request names ${fields.version ?? 'no version'}, the manifest ${manifest.version}` };
  const entry = manifest.files.find((file) => file.url === fields.file);
  if (!entry) return { ok: false, reason: `the manifest does not list ${fields.file ?? 'the requested file'}` };
  const path = join(dir, entry.url);
  if (!existsSync(path)) return { ok: false, reason: `${entry.url} is missing` };
  const actual = await fileSha512(path);
  if (actual.size !== entry.size || actual.sha512 !== entry.sha512) return { ok: false, reason: `${entry.url} is not the signed release (size or sha512 differs)` };
  return { ok: true, version: manifest.version, file: entry.url };
}
