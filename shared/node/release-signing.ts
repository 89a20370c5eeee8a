/**
 * Release integrity without a code-signing certificate (docs/updates.md): the province signs each
 * release's manifest with its Ed25519 key; the server checks uploads with the public key, and each
 * kiosk with the public key pinned at provisioning. Written once for the server, its admin CLI and
 * the kiosk's main process.
 *
 * Public keys travel as text: base64 of the key's DER SubjectPublicKeyInfo (60 characters,
 * "MCowBQYDK2VwAyEA…"), which `openssl pkey -pubin` reads once wrapped in PEM lines.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { releaseSigningText, type ReleaseManifest } from '../release';

const SPKI_TEXT = /^[A-Za-z0-9+/]{59}=$/;

export interface ReleaseKeyPair {
  /** PKCS#8 PEM: kept by the province, never on the server's data folder or a kiosk. */
  privateKeyPem: string;
  /** The text to pin in provisioning files and to register with the server. */
  publicKey: string;
}

export function generateReleaseKeyPair(): ReleaseKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKeyText(publicKey),
  };
}

function publicKeyText(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** The public key of a text, or null when it is not an Ed25519 public key. */
export function parseReleasePublicKey(text: string): KeyObject | null {
  const trimmed = text.trim();
  if (!SPKI_TEXT.test(trimmed)) return null;
  try {
    const key = createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** PEM of a public key text, for tools such as openssl (the Linux update helper). */
export function releasePublicKeyPem(text: string): string {
  if (!parseReleasePublicKey(text)) throw new Error('not an Ed25519 public key');
  return `-----BEGIN PUBLIC KEY-----\n${text.trim()}\n-----END PUBLIC KEY-----\n`;
}

/** The public key text of a private key PEM; throws when the PEM is not an Ed25519 private key. */
export function releasePublicKeyOf(privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return publicKeyText(createPublicKey(key));
}

/** The base64 Ed25519 signature of a manifest's signing text. */
export function signReleaseManifest(manifest: ReleaseManifest, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return sign(null, Buffer.from(releaseSigningText(manifest), 'utf8'), key).toString('base64');
}

/** Whether `signature` (base64) is the given key's signature of the manifest. Never throws. */
export function releaseSignatureMatches(manifest: ReleaseManifest, signature: unknown, publicKey: string | KeyObject): boolean {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  const key = typeof publicKey === 'string' ? parseReleasePublicKey(publicKey) : publicKey;
  if (!key) return false;
  try {
    return verify(null, Buffer.from(releaseSigningText(manifest), 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** sha512 of a file in base64 (electron-builder's form), read as a stream; and its size. */
export function fileSha512(path: string): Promise<{ sha512: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    let size = 0;
    createReadStream(path)
      .on('data', (chunk) => {
        hash.update(chunk);
        size += chunk.length;
      })
      .on('error', reject)
      .on('end', () => resolve({ sha512: hash.digest('base64'), size }));
  });
}
