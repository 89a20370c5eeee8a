/** The hand-off of a verified update to the install helper, and reading back what the helper did. */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handOffTestUpdate } from './handed-off-update';
import { handOffPending, handOffUpdate, MANIFEST_SIGNATURE_FILE, MANIFEST_TEXT_FILE, readHelperResult, REQUEST_FILE } from '../../../electron/main/install-handoff';
import { generateReleaseKeyPair } from '../../../shared/node/release-signing';
import { releaseSigningText, type ReleaseManifest } from '../../../shared/release';

const keys = generateReleaseKeyPair();
let dir: string;
let inbox: string;
let manifest: ReleaseManifest;

beforeEach(async () => {
  ({ dir, inbox, manifest } = await handOffTestUpdate(keys));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('handing an update to the install helper', () => {
  it('leaves the installer, the signed manifest and the request in the inbox, and replaces an earlier hand-off', async () => {
    expect(handOffPending({ inboxDir: inbox })).toBe(true);
    expect(readdirSync(inbox).sort()).toEqual([MANIFEST_SIGNATURE_FILE, MANIFEST_TEXT_FILE, 'nu-cuoi-setup-0.2.0-x64.exe', REQUEST_FILE].sort());
    expect(readFileSync(join(inbox, REQUEST_FILE), 'utf8')).toBe('file=nu-cuoi-setup-0.2.0-x64.exe\nversion=0.2.0\n');
    expect(readFileSync(join(inbox, MANIFEST_TEXT_FILE), 'utf8')).toBe(releaseSigningText(manifest));
    expect(readFileSync(join(inbox, 'nu-cuoi-setup-0.2.0-x64.exe')).equals(Buffer.alloc(50_000, 9))).toBe(true);
    writeFileSync(join(inbox, 'stale-0.1.9.exe'), 'left by an earlier hand-off');
    handOffUpdate({ inboxDir: inbox }, { installerPath: join(dir, 'downloaded.exe'), file: manifest.files[0]!, manifest, signature: 'sig' });
    expect(readdirSync(inbox)).not.toContain('stale-0.1.9.exe');
  });

  it('reads what the helper did, and nothing from a missing or malformed result', () => {
    const resultFile = join(dir, 'updates', 'result.json');
    expect(readHelperResult({ resultFile })).toBeNull();
    writeFileSync(resultFile, '\uFEFF{"version":"0.2.0","ok":true,"message":"installed","at":"2026-11-23T05:10:00Z"}');
    expect(readHelperResult({ resultFile })).toEqual({ version: '0.2.0', ok: true, message: 'installed', at: '2026-11-23T05:10:00Z' });
    writeFileSync(resultFile, '{"version":"0.2.0"}');
    expect(readHelperResult({ resultFile })).toBeNull();
  });
});
