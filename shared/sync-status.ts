/**
 * The kiosk's sync as IT staff see it on the admin screen (KioskApi `getSyncStatus`), and the
 * enrolment they start there (`enrollDevice`). See docs/sync.md.
 */
import { z } from 'zod';
import { ItCredentialSchema } from './it-credential';
import type { SyncErrorCode } from './kiosk-admin';
import { cleanText } from './schema-helpers';

export const EnrollDeviceSchema = z.strictObject({
  /** The provincial server, e.g. https://nucuoi.bacgiang.gov.vn */
  serverUrl: z.string().trim().min(8).max(300),
  /** The single-use code an administrator made on the server (`npm run admin -- enrol-code …`). */
  enrollmentCode: z.string().trim().min(6).max(64),
  /** Shown in the server's device list; the machine's name when absent. */
  deviceName: cleanText(100).pipe(z.string().trim().min(1)).optional(),
  /** An enrolled kiosk is enrolled again only when this says so, and with an IT officer's credential. */
  replace: z.boolean().optional(),
  /**
   * The badge or PIN of an IT officer of the kiosk's roster: needed to enrol a kiosk already
   * enrolled (it pins its server), not for a fresh kiosk's first enrolment.
   */
  itCredential: ItCredentialSchema.optional(),
});
export type EnrollDevice = z.input<typeof EnrollDeviceSchema>;

/** Pairing with a server (a kiosk that is not enrolled): the code to show and the console page its QR opens. */
export interface PairingStatus {
  serverUrl: string;
  state: 'starting' | 'pending' | 'approved' | 'refused' | 'expired';
  /** Shown large on the admin screen while pending, e.g. "K7Q-M4X". */
  code: string | null;
  /** The console's fleet page with the code filled in: the QR's text. */
  approveUrl: string | null;
  expiresAt: number | null;
}

export const StartPairingSchema = z.strictObject({
  serverUrl: z.string().trim().min(8).max(300),
  deviceName: cleanText(100).pipe(z.string().trim().min(1)).optional(),
});

export const ChooseCounterSchema = z.strictObject({ counterId: z.string().min(1).max(64) });

export type SyncPhase = 'not_enrolled' | 'enrolling' | 'idle' | 'syncing' | 'retrying' | 'storage_unavailable';

export interface QuarantinedRating {
  id: string;
  seq: number;
  createdAt: number;
  quarantinedAt: number;
  reason: string;
}

/** An error of sync as the journal has it (English, for IT's diagnostics) and its code, which the admin screen translates. */
export interface SyncError {
  at: number;
  message: string;
  code: SyncErrorCode;
}

export interface SyncStatus {
  phase: SyncPhase;
  enrolled: boolean;
  serverUrl: string | null;
  /** The id the server gave this kiosk (signs its requests; the deviceId of its ratings on the server). */
  serverDeviceId: string | null;
  unitId: string | null;
  enrolledAt: number | null;
  /** The server was seen signing its answers: from then on only signed answers are used (docs/protocol.md). */
  serverSignsAnswers: boolean;
  enrolment: {
    /** An enrolment waits for the server (it is retried while the network is down). */
    pending: boolean;
    source: 'admin' | 'provisioning' | 'environment' | 'pairing' | null;
    /** Why the last enrolment was refused (unknown, used or expired code; bad provisioning file). */
    error: SyncError | null;
  };
  /** How the device secret is kept on this machine. */
  secretStorage: string;
  /** False when it is not really protected here (Linux without a keyring): the panel warns IT staff. */
  secretStorageProtected: boolean;
  /** Ratings not yet acknowledged by the server. */
  pendingCount: number;
  oldestPendingAgeMs: number | null;
  /** Ratings the server refused (rejected or conflicting): kept here, never sent again blindly. */
  quarantinedCount: number;
  quarantined: QuarantinedRating[];
  lastSuccessAt: number | null;
  lastError: SyncError | null;
  consecutiveFailures: number;
  nextAttemptAt: number | null;
  /** Server time minus kiosk time, as last measured; null before the first answer. */
  clockOffsetMs: number | null;
  /** Pairing under way while not enrolled; null otherwise. */
  pairing: PairingStatus | null;
  /**
   * The counter this kiosk rates for, and who set it: the server (enrolment code, console) or IT
   * staff on the kiosk (a code bound only to a unit). `choices` are the unit's counters while the
   * server has assigned none, for the admin screen to offer.
   */
  counter: { id: string | null; assignedBy: 'server' | 'kiosk' | null; choices: { id: string; name: string; deskRole: string }[] };
  /** The versions (ETags) of the roster and settings last applied, as the heartbeat reports them; null before the first. */
  versions: { roster: string | null; settings: string | null };
}
