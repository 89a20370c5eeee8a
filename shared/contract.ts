/**
 * The KioskApi contract: the only way the renderer reaches the kiosk. Electron's preload and the
 * web host's adapter both provide it as `window.kiosk`; the renderer cannot tell them apart.
 *
 * Each method takes one JSON payload, validated by its schema in KIOSK_METHODS on every side, and
 * answers a Result of its type in KioskOutputs. The method list, the payload types and the core's
 * handler table are all derived from these two: adding a method means adding it to both, and
 * TypeScript then asks the core for its handler.
 */
import { z } from 'zod';
import type { Result } from './result';
import type { KioskSettingsSchema } from './settings';
import { RatingDetailsUpdateSchema, RatingDraftSchema, RatingRefSchema, type DeskRole } from './rating';
import {
  BadgeScanSchema,
  PinLoginSchema,
  SetOwnPinSchema,
  StaffActionSchema,
  StaffSearchSchema,
  type MyFigures,
  type OwnPinOutcome,
  type StaffLoginOutcome,
  type StaffSearchHit,
} from './staff-login';
import { ChooseCounterSchema, EnrollDeviceSchema, StartPairingSchema, type SyncStatus } from './sync-status';
import { OpenAdminScreenSchema, type AdminScreenSession, type ConnectionTest } from './kiosk-admin';

const NoInput = z.union([z.undefined(), z.null(), z.strictObject({})]).transform(() => undefined);

/** Every KioskApi method, with the schema of its payload. */
export const KIOSK_METHODS = {
  getKioskState: NoInput,
  submitRating: RatingDraftSchema,
  updateRating: RatingDetailsUpdateSchema,
  finishRating: RatingRefSchema,
  scanBadge: BadgeScanSchema,
  loginWithPin: PinLoginSchema,
  /** Needs the officer's own PIN or badge (`proof`): a citizen at the staff screen cannot log them out. */
  logout: StaffActionSchema,
  searchStaff: StaffSearchSchema,
  /** Counts only; needs the officer's own PIN or badge. */
  getMyFigures: StaffActionSchema,
  /** The on-duty officer sets or removes their own PIN: only in a badge session, with their badge scanned again. */
  setOwnPin: SetOwnPinSchema,
  /** IT staff: queue this kiosk's enrolment with a provincial server; progress shows in getSyncStatus. */
  enrollDevice: EnrollDeviceSchema,
  getSyncStatus: NoInput,
  /** IT staff: pair this kiosk (not enrolled) with a server; the code to show is in getSyncStatus().pairing. */
  startPairing: StartPairingSchema,
  /** IT staff: the counter of a kiosk whose server assigned none (a code bound only to a unit). */
  chooseCounter: ChooseCounterSchema,
  /** IT staff open the admin screen: an IT officer's badge or PIN, or nothing at first start (docs/kiosk-admin.md). */
  openAdminScreen: OpenAdminScreenSchema,
  /** The admin screen closed (by IT staff, by its inactivity timeout, or on leaving). */
  closeAdminScreen: NoInput,
  /** IT staff, admin screen open: the server's health, then a signed request of this kiosk. Asynchronous. */
  testConnection: NoInput,
} as const satisfies Record<string, z.ZodType>;

/** The methods whose handler waits on the network: the core answers them with a Promise. */
export const ASYNC_KIOSK_METHODS = ['testConnection'] as const;
export type AsyncKioskMethod = (typeof ASYNC_KIOSK_METHODS)[number];

export type KioskMethod = keyof typeof KIOSK_METHODS;
export const KIOSK_METHOD_NAMES = Object.keys(KIOSK_METHODS) as KioskMethod[];

export function isKioskMethod(name: unknown): name is KioskMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(KIOSK_METHODS, name);
}

export interface OfficerOnDuty {
  staffId: string;
  staffSessionId: string;
  fullName: string;
  title: string;
  /** A data: URL or an app-relative path; null shows initials. */
  photo: string | null;
  since: number;
  /** How the session was opened: only a badge session offers setting one's PIN. Absent: not known (an older session). */
  loginMethod?: 'badge' | 'pin';
}

export type KioskSettings = z.output<typeof KioskSettingsSchema>;

export interface StorageStatus {
  ok: boolean;
  /** Why the database cannot be written now (disk full, read-only folder, …). */
  error: string | null;
  /** Database files found damaged at start-up and moved aside (never deleted). */
  movedAside: { path: string; reason: string; at: number }[];
}

export interface KioskState {
  deviceId: string;
  appVersion: string;
  unit: { id: string; name: string } | null;
  counter: { id: string; name: string; deskRole: DeskRole } | null;
  officer: OfficerOnDuty | null;
  ratingEnabled: boolean;
  settings: KioskSettings;
  storage: StorageStatus;
  /** When IT staff last asked the screen to reload (a console command): the renderer reloads when it changes. */
  screenReloadRequestedAt: number | null;
  stats: {
    storedRatings: number;
    pendingSync: number;
    lastRating: { id: string; seq: number; createdAt: number } | null;
    /** Rating attempts the core refused (per-session cap): counted, never lost silently. */
    refusedRatings: number;
  };
}

export interface SubmittedRating {
  id: string;
  seq: number;
  createdAt: number;
}

/** What each method answers when it succeeds: the value of its Result. */
export interface KioskOutputs {
  getKioskState: KioskState;
  submitRating: SubmittedRating;
  updateRating: SubmittedRating;
  finishRating: SubmittedRating;
  scanBadge: StaffLoginOutcome;
  loginWithPin: StaffLoginOutcome;
  logout: StaffLoginOutcome;
  searchStaff: StaffSearchHit[];
  getMyFigures: MyFigures;
  setOwnPin: OwnPinOutcome;
  enrollDevice: SyncStatus;
  getSyncStatus: SyncStatus;
  startPairing: SyncStatus;
  chooseCounter: SyncStatus;
  openAdminScreen: AdminScreenSession;
  closeAdminScreen: { closed: true };
  testConnection: ConnectionTest;
}
// KioskOutputs names exactly the methods of KIOSK_METHODS (a missing one already fails at KioskOutput).
const _outputsNameNoOtherMethod: Exclude<keyof KioskOutputs, KioskMethod> extends never ? true : never = true;

/** A method's payload as the caller sends it. */
export type KioskInput<M extends KioskMethod> = z.input<(typeof KIOSK_METHODS)[M]>;
/** A method's payload once its schema parsed it: what the core's handler receives. */
export type ParsedKioskInput<M extends KioskMethod> = z.output<(typeof KIOSK_METHODS)[M]>;
export type KioskOutput<M extends KioskMethod> = KioskOutputs[M];

export type KioskApi = {
  [M in KioskMethod]: undefined extends KioskInput<M>
    ? () => Promise<Result<KioskOutput<M>>>
    : (input: KioskInput<M>) => Promise<Result<KioskOutput<M>>>;
};

/** What the core's handler of a method answers: a Result, or its Promise for the asynchronous methods. */
export type KioskHandlerResult<M extends KioskMethod> = M extends AsyncKioskMethod ? Promise<Result<KioskOutput<M>>> : Result<KioskOutput<M>>;

/** The core's side of the contract: one handler per method, given the parsed payload; synchronous but for ASYNC_KIOSK_METHODS. */
export type KioskHandlers = {
  [M in KioskMethod]: (input: ParsedKioskInput<M>) => KioskHandlerResult<M>;
};

/** Electron IPC channel for a method: one namespace, so main can refuse anything else. */
export const ipcChannel = (method: KioskMethod): string => `kiosk:${method}`;

/** The web host's path prefix for the same methods, in the browser: `POST <prefix><method>`, JSON. */
export const KIOSK_HTTP_API_PREFIX = '/api/kiosk/';

/** Parses a method's payload with its schema; a failure names every problem and stores nothing. */
export function parseKioskPayload<M extends KioskMethod>(method: M, payload: unknown): Result<ParsedKioskInput<M>> {
  const parsed = KIOSK_METHODS[method].safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedKioskInput<M> };
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: `invalid payload for ${method}`,
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    },
  };
}
