import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileDurably } from '../core/durable-file';
import { join } from 'node:path';
import type { SecretRequestMessage, SecretResponseMessage } from '../core/sync/secret-store';

/** The part of Electron's safeStorage used here (a seam: tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const ENCRYPTED_SECRET_FILE = 'device-secret.enc';
export const PLAIN_SECRET_FILE = 'device-secret';


/**
 * Main's side of the core's secret store (electron/core/sync/secret-store.ts): the core's utility
 * process asks, main answers. The secret is encrypted with safeStorage (DPAPI on Windows, the
 * Secret Service or kwallet on Linux) into `<userData>/device-secret.enc`, mode 0600. Where the
 * OS offers no encryption (a Linux kiosk without a keyring), it falls back to a 0600 plain file,
 * as the web host does, and says so once in the log. The secret itself is never logged.
 */
export function createDeviceSecretHandler(options: {
  safeStorage: SafeStorageLike;
  dir: string;
  log: (line: string) => void;
}): (request: SecretRequestMessage) => Promise<SecretResponseMessage> {
  const encryptedPath = join(options.dir, ENCRYPTED_SECRET_FILE);
  const plainPath = join(options.dir, PLAIN_SECRET_FILE);
  let warned = false;
  const encryption = () => {
    const available = options.safeStorage.isEncryptionAvailable();
    if (!available && !warned) {
      warned = true;
      options.log('safeStorage has no OS encryption here: the device secret is kept in a 0600 file instead');
    }
    return available;
  };
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
          return { type: 'device-secret', id: request.id, ok: true };
        }
        case 'clear':
          rmSync(encryptedPath, { force: true });
          rmSync(plainPath, { force: true });
          return { type: 'device-secret', id: request.id, ok: true };
      }
    } catch (error) {
      // The message names the failure, never the secret.
      return { type: 'device-secret', id: request.id, ok: false, error: `device secret ${request.op} failed: ${(error as Error).message}` };
    }
  };
}
