/**
 * The Windows install helper's own check of what the kiosk handed it (`nu-cuoi --verify-update`),
 * on the files handOffUpdate writes.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handOffTestUpdate } from './handed-off-update';
import { MANIFEST_SIGNATURE_FILE, MANIFEST_TEXT_FILE, REQUEST_FILE } from '../../../electron/main/install-handoff';
import { verifyStagedUpdate } from '../../../electron/main/verify-update';
import { generateReleaseKeyPair, parseReleasePublicKey, signReleaseManifest } from '../../../shared/node/release-signing';
import type { ReleaseManifest } from '../../../shared/release';

const keys = generateReleaseKeyPair();
const pinned = parseReleasePublicKey(keys.publicKey)!;
let dir: string;
let inbox: string;
let manifest: ReleaseManifest;

beforeEach(async () => {
  ({ dir, inbox, manifest } = await handOffTestUpdate(keys));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the helper’s check (nu-cuoi --verify-update)', () => {
  it('accepts the files as handed off', async () => {
    expect(await verifyStagedUpdate(inbox, pinned)).toEqual({ ok: true, version: '0.2.0', file: 'nu-cuoi-setup-0.2.0-x64.exe' });
  });

  it('refuses an installer swapped in the inbox after the hand-off', async () => {
    writeFileSync(join(inbox, 'nu-cuoi-setup-0.2.0-x64.exe'), Buffer.alloc(50_000, 8));
    expect(await verifyStagedUpdate(inbox, pinned)).toEqual({ ok: false, reason: expect.stringMatching(/not the signed release/) });
  });

  it('refuses a manifest changed or signed with another key, and a request for another file or version', async () => {
    const text = readFileSync(join(inbox, MANIFEST_TEXT_FILE), 'utf8');
    writeFileSync(join(inbox, MANIFEST_TEXT_FILE), text.replace('version 0.2.0', 'version 0.2.1'));
    expect(await verifyStagedUpdate(inbox, pinned)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match the pinned release key/) });
    writeFileSync(join(inbox, MANIFEST_TEXT_FILE), text);
    writeFileSync(join(inbox, MANIFEST_SIGNATURE_FILE), signReleaseManifest(manifest, generateReleaseKeyPair().privateKeyPem));
    expect(await verifyStagedUpdate(inbox, pinned)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
    writeFileSync(join(inbox, MANIFEST_SIGNATURE_FILE), signReleaseManifest(manifest, keys.privateKeyPem));
    writeFileSync(join(inbox, REQUEST_FILE), 'file=evil.exe\nversion=0.2.0\n');
    expect(await verifyStagedUpdate(inbox, pinned)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not list evil.exe/) });
    writeFileSync(join(inbox, REQUEST_FILE), 'file=nu-cuoi-setup-0.2.0-x64.exe\nversion=0.1.0\n');
    expect(await verifyStagedUpdate(inbox, pinned)).toMatchObject({ ok: false, reason: expect.stringMatching(/names 0.1.0/) });
  });

  it('refuses everything without a pinned key, or without the files', async () => {
    expect(await verifyStagedUpdate(inbox, null)).toMatchObject({ ok: false, reason: expect.stringMatching(/no release key is pinned/) });
    expect(await verifyStagedUpdate(join(dir, 'empty'), pinned)).toMatchObject({ ok: false, reason: expect.stringMatching(/lacks the request/) });
  });
});
