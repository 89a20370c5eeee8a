import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve, isAbsolute } from 'node:path';
import { StartupError } from './errors';

/**
 * The server's keys for secrets at rest (docs/server.md "Device secrets"): device secrets are kept
 * sealed with AES-256-GCM under a key that is not in the data folder, with the key's id beside each
 * sealed value, so that the key can be rotated: the ring opens what any of its keys sealed and
 * seals with its current key only. Every sealed value is bound to what it belongs to (`context`,
 * e.g. a device id): a sealed secret moved to another row does not open.
 */
export interface Sealed {
  keyId: string;
  /** base64 of the 12-byte nonce, the ciphertext and the 16-byte tag. */
  sealed: string;
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The development key: public (it is in this file), so it protects nothing. It exists so that
 * tests, benchmarks and the `npm run server` demo run the same sealing code as production; the
 * server refuses to use it unless told so (DEVICE_SECRET_DEV_KEY=1 or demo mode) and says so.
 */
const DEVELOPMENT_KEY = createHash('sha256').update('nu-cuoi development key for secrets at rest: public, protects nothing').digest();

export class SecretKeyRing {
  private readonly keys: Map<string, Buffer>;
  /** The id of the key that seals (the first given). */
  readonly currentId: string;

  private constructor(current: Buffer, previous: readonly Buffer[]) {
    this.keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
    this.currentId = keyIdOf(current);
  }

  /** A ring that seals with `current` and still opens what the `previous` keys sealed. */
  static of(current: Buffer, previous: readonly Buffer[] = []): SecretKeyRing {
    for (const key of [current, ...previous]) if (key.length !== KEY_BYTES) throw new StartupError(`a key for secrets at rest is ${KEY_BYTES} bytes, not ${key.length}`);
    return new SecretKeyRing(current, previous);
  }

  /** The development ring (tests, benchmarks, the demo): see DEVELOPMENT_KEY. */
  static development(): SecretKeyRing {
    return new SecretKeyRing(DEVELOPMENT_KEY, []);
  }

  /** True when the key that seals is the public development key. */
  get sealsWithDevelopmentKey(): boolean {
    return this.currentId === keyIdOf(DEVELOPMENT_KEY);
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  seal(plaintext: string, context: string): Sealed {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.currentId, sealed: Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString('base64') };
  }

  /** The plaintext; throws when the key is not in the ring or the value was altered or moved. */
  open({ keyId, sealed }: Sealed, context: string): string {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no key ${keyId} in the ring for secrets at rest`);
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** A key's id: not the key, and the same wherever the key is given (file or variable). */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('nu-cuoi-key-id:').update(key).digest('hex').slice(0, 16);
}

/** A key as written in a key file or DEVICE_SECRET_KEY: base64 of 32 random bytes. */
function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(trimmed) || key.length !== KEY_BYTES) {
    throw new StartupError(`${where} must hold base64 of ${KEY_BYTES} random bytes (make one with: npm run admin -- new-device-key <file>)`);
  }
  return key;
}

function readKeyFile(path: string, dataDir: string | undefined): Buffer {
  const absolute = resolve(path);
  if (dataDir) {
    const inside = relative(resolve(dataDir), absolute);
    if (!inside.startsWith('..') && !isAbsolute(inside)) {
      throw new StartupError(`the key file ${absolute} is inside DATA_DIR: keep it elsewhere, or a copy of the data folder carries its own key`);
    }
  }
  let mode: number;
  try {
    mode = statSync(absolute).mode;
  } catch {
    throw new StartupError(`cannot read the key file ${absolute}`);
  }
  if ((mode & 0o077) !== 0) throw new StartupError(`the key file ${absolute} is readable by other accounts: chmod 600 it`);
  return parseKey(readFileSync(absolute, 'utf8'), `the key file ${absolute}`);
}

export interface KeyEnvironment {
  DEVICE_SECRET_KEY_FILE?: string | undefined;
  DEVICE_SECRET_KEY?: string | undefined;
  DEVICE_SECRET_PREVIOUS_KEY_FILES?: string | undefined;
  DEVICE_SECRET_DEV_KEY?: string | undefined;
}

/**
 * The ring the environment gives (docs/server.md "Device secrets"): DEVICE_SECRET_KEY_FILE or
 * DEVICE_SECRET_KEY seals; DEVICE_SECRET_PREVIOUS_KEY_FILES (comma-separated) still open. With
 * DEVICE_SECRET_DEV_KEY=1, or in demo mode, the development key joins the ring: as the current key
 * when no other is given, else as a previous one (so that a demo's data can be rotated to a real
 * key). Null when no key is given and development is not allowed: the caller refuses to start.
 */
export function keyRingFromEnvironment(env: KeyEnvironment, options: { dataDir: string | undefined; demo: boolean }): SecretKeyRing | null {
  const development = options.demo || /^(1|true|yes|on)$/i.test((env.DEVICE_SECRET_DEV_KEY ?? '').trim());
  if (env.DEVICE_SECRET_KEY_FILE && env.DEVICE_SECRET_KEY) throw new StartupError('give DEVICE_SECRET_KEY_FILE or DEVICE_SECRET_KEY, not both');
  const current = env.DEVICE_SECRET_KEY_FILE
    ? readKeyFile(env.DEVICE_SECRET_KEY_FILE, options.dataDir)
    : env.DEVICE_SECRET_KEY
      ? parseKey(env.DEVICE_SECRET_KEY, 'DEVICE_SECRET_KEY')
      : null;
  const previous = (env.DEVICE_SECRET_PREVIOUS_KEY_FILES ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean)
    .map((path) => readKeyFile(path, options.dataDir));
  if (!current) {
    if (previous.length > 0) throw new StartupError('DEVICE_SECRET_PREVIOUS_KEY_FILES needs a current key: DEVICE_SECRET_KEY_FILE or DEVICE_SECRET_KEY');
    return development ? SecretKeyRing.development() : null;
  }
  return SecretKeyRing.of(current, development ? [...previous, DEVELOPMENT_KEY] : previous);
}

/** Writes a new random key to `path` (which must not exist), for the owner only. */
export function writeNewKeyFile(path: string): void {
  writeFileSync(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
}

/** Why a server without keys does not start, and what to do (printed as it is). */
export const NO_KEY_MESSAGE =
  'no key for device secrets at rest: give DEVICE_SECRET_KEY_FILE (a file outside DATA_DIR, made with ' +
  'npm run admin -- new-device-key <file>) or DEVICE_SECRET_KEY; for development only, DEVICE_SECRET_DEV_KEY=1 uses a public key (docs/server.md)';
