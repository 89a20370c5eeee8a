import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileDurably } from '../durable-file';
import { join } from 'node:path';

/**
 * Where the device secret (the HMAC key the server gave at enrolment) lives. It never goes into
 * the kiosk database, a log line, a status or an error message. Each host provides its own store:
 * Electron encrypts it with safeStorage in main (see electron/main/device-secret.ts); the web host
 * keeps it in a 0600 file in the data folder.
 */
export interface SecretStore {
  /** Shown to IT staff: how the secret is protected on this machine. */
  readonly description: string;
  /** False when the secret is not really protected here (Linux without a keyring): IT staff are warned. Absent: as described. */
  readonly protectedAtRest?: boolean;
  read(): Promise<string | null>;
  write(secret: string): Promise<void>;
  clear(): Promise<void>;
}

export const DEVICE_SECRET_FILE = 'device-secret';

/**
 * The web host's store: `<dataDir>/device-secret`, readable and writable by the kiosk's user only
 * (mode 0600). Written to a temporary file first and renamed, so a crash leaves the old or the new
 * secret, never half of one.
 */
export class FileSecretStore implements SecretStore {
  readonly description = 'file readable by the kiosk user only (mode 0600)';
  /** As protected as the data folder itself, which is the kiosk account's alone (private-files.ts). */
  readonly protectedAtRest = true;
  private readonly path: string;

  constructor(dataDir: string, fileName = DEVICE_SECRET_FILE) {
    this.path = join(dataDir, fileName);
  }

  async read(): Promise<string | null> {
    if (!existsSync(this.path)) return null;
    const value = readFileSync(this.path, 'utf8').trim();
    return value.length > 0 ? value : null;
  }

  async write(secret: string): Promise<void> {
    writeFileDurably(this.path, secret);
  }

  async clear(): Promise<void> {
    rmSync(this.path, { force: true });
  }
}

/** Keeps the secret in memory only: tests, and a host that has no safe place at all. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory only (lost at restart)';
  readonly protectedAtRest = true;
  private secret: string | null = null;
  async read(): Promise<string | null> {
    return this.secret;
  }
  async write(secret: string): Promise<void> {
    this.secret = secret;
  }
  async clear(): Promise<void> {
    this.secret = null;
  }
}

/** How well main can protect the secret on this machine (electron/main/device-secret.ts). */
export interface SecretStorageProtection {
  protected: boolean;
  description: string;
}

/** Messages between the core's utility process and Electron main for the secret (main owns safeStorage). */
export interface SecretRequestMessage {
  type: 'device-secret';
  id: number;
  op: 'read' | 'write' | 'clear' | 'describe';
  value?: string;
}
export interface SecretResponseMessage {
  type: 'device-secret';
  id: number;
  ok: boolean;
  value?: string | null;
  /** Answers to `describe` and `write`: how the secret is (or would be) kept. */
  storage?: SecretStorageProtection;
  error?: string;
}

export function isSecretResponse(value: unknown): value is SecretResponseMessage {
  const v = value as Partial<SecretResponseMessage> | null;
  return typeof v === 'object' && v !== null && v.type === 'device-secret' && typeof v.id === 'number' && typeof v.ok === 'boolean';
}

export function isSecretRequest(value: unknown): value is SecretRequestMessage {
  const v = value as Partial<SecretRequestMessage> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.type === 'device-secret' &&
    typeof v.id === 'number' &&
    (v.op === 'read' || v.op === 'write' || v.op === 'clear' || v.op === 'describe')
  );
}

interface Port {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/**
 * The utility process's store: asks Electron main over the parent port, because safeStorage
 * exists only in main. Main encrypts the secret with the OS keychain (DPAPI on Windows, the
 * Secret Service on Linux) and keeps only the encrypted bytes on disk. How well that protects the
 * secret here is asked of main at start and told with every write; the sync status shows it.
 */
export class ParentPortSecretStore implements SecretStore {
  description = 'encrypted by Electron safeStorage in the main process';
  protectedAtRest = true;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: string | null) => void; reject: (e: Error) => void }>();

  constructor(private readonly port: Port) {
    port.on('message', ({ data }) => {
      if (!isSecretResponse(data)) return;
      const waiter = this.waiting.get(data.id);
      if (!waiter) return;
      this.waiting.delete(data.id);
      if (data.storage) {
        this.description = data.storage.description;
        this.protectedAtRest = data.storage.protected;
      }
      if (data.ok) waiter.resolve(data.value ?? null);
      else waiter.reject(new Error(data.error ?? 'secret store failed'));
    });
    // An older main answers `describe` with an error: the description then stays as it is.
    this.ask('describe').catch(() => undefined);
  }

  private ask(op: SecretRequestMessage['op'], value?: string): Promise<string | null> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const message: SecretRequestMessage = value === undefined ? { type: 'device-secret', id, op } : { type: 'device-secret', id, op, value };
      this.port.postMessage(message);
    });
  }

  read(): Promise<string | null> {
    return this.ask('read');
  }
  async write(secret: string): Promise<void> {
    await this.ask('write', secret);
  }
  async clear(): Promise<void> {
    await this.ask('clear');
  }
}
