/**
 * When the kiosk accepts an update and when it may install it (docs/updates.md), pure so that
 * every rule is tested without Electron or a network:
 * - an offer is accepted only when the province's signature over its manifest checks out with the
 *   key pinned at provisioning, and only when it is newer, or older but pinned by IT (a rollback);
 * - a downloaded file is installed only when it is one the signed manifest lists (sha512 and size);
 * - an install happens only in the kiosk's quiet hours and never while a rating flow is open.
 */
import type { KeyObject } from 'node:crypto';
import { releaseSignatureMatches } from '../../shared/node/release-signing';
import { isInQuietHours, nextQuietHoursStart } from '../../shared/quiet-hours';
import { compareVersions, FEED_PINNED_FIELD, FEED_SIGNATURE_FIELD, ReleaseManifestSchema, type ReleaseFile, type ReleaseManifest } from '../../shared/release';

/** The part of electron-updater's UpdateInfo (latest.yml as served) the policy reads. */
export interface OfferedUpdate {
  version: string;
  files: readonly { url: string; sha512: string; size?: number }[];
  [field: string]: unknown;
}

export type OfferJudgement =
  | { accept: true; manifest: ReleaseManifest; signature: string; downgrade: boolean }
  /** Not an update for this kiosk (same version, or older and not pinned): nothing to report. */
  | { accept: false; refused: false; reason: string }
  /** Refused as untrustworthy: reported as a failure, never downloaded. */
  | { accept: false; refused: true; reason: string };

export function judgeOffer(offer: OfferedUpdate, currentVersion: string, publicKey: KeyObject): OfferJudgement {
  const parsed = ReleaseManifestSchema.safeParse({ version: offer.version, files: offer.files.map(({ url, sha512, size }) => ({ url, sha512, size })) });
  if (!parsed.success) return { accept: false, refused: true, reason: `the manifest of ${String(offer.version)} is not valid` };
  const manifest = parsed.data;
  const signature = offer[FEED_SIGNATURE_FIELD];
  if (typeof signature !== 'string' || signature === '') return { accept: false, refused: true, reason: `${manifest.version} is not signed by the province: refused` };
  if (!releaseSignatureMatches(manifest, signature, publicKey)) {
    return { accept: false, refused: true, reason: `the signature of ${manifest.version} does not match the pinned release key: refused` };
  }
  const order = compareVersions(manifest.version, currentVersion);
  if (order === 0) return { accept: false, refused: false, reason: `${currentVersion} is the version offered` };
  if (order < 0 && offer[FEED_PINNED_FIELD] !== true) return { accept: false, refused: false, reason: `${manifest.version} is older than ${currentVersion} and not pinned` };
  return { accept: true, manifest, signature, downgrade: order < 0 };
}

/** The file of the signed manifest a download produced, or null when it is none of them. */
export function signedFileFor(manifest: ReleaseManifest, download: { sha512: string; size: number }): ReleaseFile | null {
  return manifest.files.find((file) => file.sha512 === download.sha512 && file.size === download.size) ?? null;
}

export type InstallDecision = { install: true } | { install: false; waitingFor: 'quiet_hours' | 'rating_flow'; retryAt: number | null };

/** How often a kiosk waiting for the end of a rating flow looks again. */
export const FLOW_RETRY_MS = 60_000;

export function installDecision(input: { now: number; quietHours: readonly string[]; ratingFlowOpen: boolean }): InstallDecision {
  if (!isInQuietHours(input.quietHours, input.now)) {
    return { install: false, waitingFor: 'quiet_hours', retryAt: nextQuietHoursStart(input.quietHours, input.now) };
  }
  if (input.ratingFlowOpen) return { install: false, waitingFor: 'rating_flow', retryAt: input.now + FLOW_RETRY_MS };
  return { install: true };
}
