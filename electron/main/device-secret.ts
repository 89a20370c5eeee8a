import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileDurably } from '../core/durable-file';
import { join } from 'node:path';
import type { SecretRequestMessage, SecretResponseMessage, SecretStorageProtection } from '../core/sync/secret-store';

/** The part of Electron's safeStorage used here (a seam: tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: the password store behind it ('basic_text' is a key fixed in Electron's source). */
  getSelectedStorageBackend?(): string;
}

export const ENCRYPTED_SECRET_FILE = 'device-secret.enc';
export const PLAIN_SECRET_FILE = 'device-secret';

/**
 * How well safeStorage protects the secret on this machine. On Linux without a keyring (no GNOME
 * keyring or KWallet running, as on a bare kiosk image) safeStorage "encrypts" with `basic_text`,
 * a key that is the same in every Electron: anyone who copies the file decrypts it. Electron says
 * `unknown` before it is ready, which cannot be trusted either.
 */
export function secretProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStorageProtection {
  if (!safeStorage.isEncryptionAvailable()) {
    return { protected: false, description: 'a 0600 file, not encrypted: this machine offers no OS encryption' };
  }
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  if (backend === 'basic_text' || backend === 'unknown') {
    return {
      protected: false,
      description: `encrypted by Electron safeStorage with its fixed key (backend ${backend}), not by a keyring: NOT protected (mode 0600 only)`,
    };
  }
  return { protected: true, description: `encrypted by Electron safeStorage${backend ? ` (${backend})` : ''} in the main process` };
}

/**
 * Main's side of the core's secret store (electron/core/sync/secret-store.ts): the core's utility
 * process asks, main answers. The secret is encrypted with safeStorage (DPAPI on Windows, the
 * Secret Service or kwallet on Linux) into `<userData>/device-secret.enc`, mode 0600. Where the
 * OS offers no encryption at all it falls back to a 0600 plain file, as the web host does. Where
 * the protection is not real (no encryption, or Linux's `basic_text` fixed key) IT staff are told:
 * once in the log, and in the sync status the admin panel shows (op `describe`). The secret itself
 * is never logged.
 */
export function createDeviceSecretHandler(options: {
  safeStorage: SafeStorageLike;
  dir: string;
  log: (line: string) => void;
  platform?: NodeJS.Platform;
}): (request: SecretRequestMessage) => Promise<SecretResponseMessage> {
  const encryptedPath = join(options.dir, ENCRYPTED_SECRET_FILE);
  const plainPath = join(options.dir, PLAIN_SECRET_FILE);
  let warned = false;
  const protection = () => {
    const found = secretProtection(options.safeStorage, options.platform);
    if (!found.protected && !warned) {
      warned = true;
      options.log(`device secret NOT protected on this machine: ${found.description}; install and unlock a keyring (gnome-keyring or KWallet) for the kiosk's account`);
    }
    return found;
  };
  const encryption = () => options.safeStorage.isEncryptionAvailable();
  return async (request) => {
    try {
      switch (request.op) {
        case 'read': {
          if (existsSync(encryptedPath) && encryption()) {
            return { type: 'device-secret', id: request.id, ok: true, value: options.safeStorage.decryptString(readFileSync(encryptedPath)) };
          }
          const value = existsSync(plainPath) ? readFileSync(plainPath, 'utf8').trim() || null : null;
          return { type: 'device-secret', id: request.id, ok: true, value };
        }
        case 'write': {
          const secret = request.value ?? '';
          if (encryption()) {
            writeFileDurably(encryptedPath, options.safeStorage.encryptString(secret));
            rmSync(plainPath, { force: true });
          } else {
            writeFileDurably(plainPath, secret);
          }
          return { type: 'device-secret', id: request.id, ok: true, storage: protection() };
        }
        case 'clear':
          rmSync(encryptedPath, { force: true });
          rmSync(plainPath, { force: true });
          return { type: 'device-secret', id: request.id, ok: true };
        case 'describe':
          return { type: 'device-secret', id: request.id, ok: true, storage: protection() };
      }
    } catch (error) {
      // The message names the failure, never the secret.
      return { type: 'device-secret', id: request.id, ok: false, error: `device secret ${request.op} failed: ${(error as Error).message}` };
    }
  };
}
