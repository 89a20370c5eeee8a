/**
 * The machine provisioning file (shared/provisioning.ts), read by main at start: it pins the
 * province's release key for the updater, and hands the enrolment it describes to the core once,
 * as the core's own provisioning.json in the kiosk's data folder (electron/core/sync/provisioning.ts
 * reads and renames that one). The machine file itself stays: only administrators may change it,
 * and the install helper reads the same key from it.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../core/durable-file';
import { PROVISIONING_FILE as CORE_PROVISIONING_FILE } from '../core/sync/provisioning';
import { parseReleasePublicKey } from '../../shared/node/release-signing';
import { checkMachineProvisioning, type MachineProvisioning } from '../../shared/provisioning';

/** In the kiosk's data folder: which machine provisioning was handed to the core (a hash of its code). */
export const HANDED_OVER_FILE = 'machine-provisioning.json';

export type MachineProvisioningState =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'ok';
      provisioning: MachineProvisioning;
      publicKey: KeyObject;
      /** handed: given to the core now; earlier: at an earlier start; expired: the code may no longer be tried; failed: could not be written. */
      enrolment: 'handed' | 'earlier' | 'expired' | 'failed';
    };

const codeHash = (code: string) => createHash('sha256').update(code).digest('hex');

/** The machine file's content and key, or why it cannot be used; the code's expiry is not judged here. */
export function readMachineProvisioning(file: string, now: number): { kind: 'none' } | { kind: 'invalid'; reason: string } | { kind: 'read'; provisioning: MachineProvisioning; publicKey: KeyObject; expiredCode: string | null } {
  if (!existsSync(file)) return { kind: 'none' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { kind: 'invalid', reason: `cannot read ${file}: ${(error as Error).message}` };
  }
  const check = checkMachineProvisioning(text, now);
  if (!check.ok) return { kind: 'invalid', reason: check.reason };
  const publicKey = parseReleasePublicKey(check.provisioning.updatePublicKey);
  if (!publicKey) return { kind: 'invalid', reason: 'updatePublicKey: not an Ed25519 public key' };
  return { kind: 'read', provisioning: check.provisioning, publicKey, expiredCode: check.expiredCode };
}

export function applyMachineProvisioning(options: { file: string; dataDir: string; now: number; log: (line: string) => void }): MachineProvisioningState {
  const { file, dataDir, now, log } = options;
  const read = readMachineProvisioning(file, now);
  if (read.kind === 'none') return read;
  if (read.kind === 'invalid') {
    // Nothing is handed to the core and no key is pinned: the kiosk keeps running as it is.
    log(`provisioning file ${file} refused: ${read.reason}`);
    return read;
  }
  const { provisioning, publicKey } = read;
  const marker = join(dataDir, HANDED_OVER_FILE);
  let handedOver: { codeHash?: string };
  try {
    handedOver = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { codeHash?: string }) : {};
  } catch {
    handedOver = {};
  }
  if (handedOver.codeHash === codeHash(provisioning.enrollmentCode)) return { kind: 'ok', provisioning, publicKey, enrolment: 'earlier' };
  if (read.expiredCode) {
    log(`provisioning file ${file}: enrolment not tried, ${read.expiredCode}`);
    return { kind: 'ok', provisioning, publicKey, enrolment: 'expired' };
  }
  const forCore = {
    serverUrl: provisioning.serverUrl,
    enrollmentCode: provisioning.enrollmentCode,
    ...(provisioning.deviceName ? { deviceName: provisioning.deviceName } : {}),
  };
  try {
    mkdirSync(dataDir, { recursive: true });
    // The core's file first, then the note: a crash in between hands it over again, never not at all.
    writeFileDurably(join(dataDir, CORE_PROVISIONING_FILE), JSON.stringify(forCore));
    writeFileDurably(marker, JSON.stringify({ codeHash: codeHash(provisioning.enrollmentCode), at: now }));
  } catch (error) {
    // The key is pinned all the same; the next start tries again.
    log(`provisioning file ${file}: enrolment not handed to the core (${(error as Error).message}); trying again at the next start`);
    return { kind: 'ok', provisioning, publicKey, enrolment: 'failed' };
  }
  log(`provisioning file ${file}: enrolment with ${provisioning.serverUrl} handed to the core`);
  return { kind: 'ok', provisioning, publicKey, enrolment: 'handed' };
}
