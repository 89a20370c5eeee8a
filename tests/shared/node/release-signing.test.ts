import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fileSha512,
  generateReleaseKeyPair,
  parseReleasePublicKey,
  releasePublicKeyOf,
  releasePublicKeyPem,
  releaseSignatureMatches,
  signReleaseManifest,
} from '../../../shared/node/release-signing';
import { releaseSigningText, type ReleaseManifest } from '../../../shared/release';

/** The worked example of docs/updates.md: a test-only key made from the bytes 1…32. */
const EXAMPLE_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g
-----END PRIVATE KEY-----
`;
const EXAMPLE_PUBLIC_KEY = 'MCowBQYDK2VwAyEAebVWLo/mVPlAeLES6KmLp5AfhTrmlb7X4OORC60ElmQ=';
const EXAMPLE_SIGNATURE = 'y5+5MHNCPiGgfxTetkNTk7oOwOuILkKdWylPFYTx9hwlXDNsttAtKxhW3xahkLr/z+qEGi1HYZIZQjoGWAqhBw==';
const example: ReleaseManifest = {
  version: '0.2.0',
  files: [{ url: 'nu-cuoi-setup-0.2.0-x64.exe', sha512: Buffer.alloc(64, 7).toString('base64'), size: 93489152 }],
};

const dir = mkdtempSync(join(tmpdir(), 'nucuoi-release-signing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('release signatures (Ed25519)', () => {
  it('match the worked example of docs/updates.md, byte for byte', () => {
    expect(releasePublicKeyOf(EXAMPLE_PRIVATE_KEY)).toBe(EXAMPLE_PUBLIC_KEY);
    expect(signReleaseManifest(example, EXAMPLE_PRIVATE_KEY)).toBe(EXAMPLE_SIGNATURE);
    expect(releaseSignatureMatches(example, EXAMPLE_SIGNATURE, EXAMPLE_PUBLIC_KEY)).toBe(true);
    const doc = readFileSync(join(__dirname, '../../../docs/updates.md'), 'utf8');
    for (const value of [EXAMPLE_PUBLIC_KEY, EXAMPLE_SIGNATURE, example.files[0]!.sha512]) expect(doc).toContain(value);
  });

  it('are refused for another version, another file, another sha512 or size, or another key', () => {
    const keys = generateReleaseKeyPair();
    const signature = signReleaseManifest(example, keys.privateKeyPem);
    expect(releaseSignatureMatches(example, signature, keys.publicKey)).toBe(true);
    const file = example.files[0]!;
    for (const changed of [
      { ...example, version: '0.2.1' },
      { ...example, files: [{ ...file, url: 'nu-cuoi-setup-0.2.0-x64.exe.bak' }] },
      { ...example, files: [{ ...file, sha512: Buffer.alloc(64, 8).toString('base64') }] },
      { ...example, files: [{ ...file, size: file.size + 1 }] },
      { ...example, files: [file, file] },
    ]) {
      expect(releaseSignatureMatches(changed, signature, keys.publicKey)).toBe(false);
    }
    expect(releaseSignatureMatches(example, signature, EXAMPLE_PUBLIC_KEY)).toBe(false);
  });

  it('refuse a missing or malformed signature, and keys that are not Ed25519 public keys, without throwing', () => {
    for (const signature of [undefined, null, '', 'abc', 42, `${EXAMPLE_SIGNATURE}x`]) {
      expect(releaseSignatureMatches(example, signature, EXAMPLE_PUBLIC_KEY)).toBe(false);
    }
    for (const key of ['', 'MCowBQYDK2VwAyEA', 'not a key', EXAMPLE_PUBLIC_KEY.replace('MCow', 'MCox')]) {
      expect(parseReleasePublicKey(key), key).toBeNull();
      expect(releaseSignatureMatches(example, EXAMPLE_SIGNATURE, key)).toBe(false);
    }
    expect(() => releasePublicKeyPem('nope')).toThrow(/Ed25519/);
  });

  it('can be checked by openssl with the PEM form of the pinned key (what the Linux update helper does)', () => {
    const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
    expect(openssl.status, 'openssl is needed by deploy/linux/nu-cuoi-update-helper').toBe(0);
    writeFileSync(join(dir, 'key.pem'), releasePublicKeyPem(EXAMPLE_PUBLIC_KEY));
    writeFileSync(join(dir, 'manifest.txt'), releaseSigningText(example));
    writeFileSync(join(dir, 'manifest.sig'), Buffer.from(EXAMPLE_SIGNATURE, 'base64'));
    const check = (manifest: string) =>
      spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', join(dir, 'key.pem'), '-rawin', '-in', manifest, '-sigfile', join(dir, 'manifest.sig')], {
        encoding: 'utf8',
      });
    expect(check(join(dir, 'manifest.txt')).status).toBe(0);
    writeFileSync(join(dir, 'other.txt'), releaseSigningText({ ...example, version: '0.2.1' }));
    expect(check(join(dir, 'other.txt')).status).not.toBe(0);
  });

  it('hash files as electron-builder does: base64 sha512, and the size', async () => {
    const path = join(dir, 'installer.exe');
    writeFileSync(path, Buffer.alloc(200_000, 3));
    const { createHash } = await import('node:crypto');
    expect(await fileSha512(path)).toEqual({ sha512: createHash('sha512').update(Buffer.alloc(200_000, 3)).digest('base64'), size: 200_000 });
    await expect(fileSha512(join(dir, 'missing.exe'))).rejects.toThrow(/ENOENT/);
  });
});
