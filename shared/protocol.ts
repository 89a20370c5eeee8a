/**
 * Sync protocol v1 between kiosks and the provincial server (ARCHITECTURE.md, docs/protocol.md).
 * These schemas are the contract: both ends parse every message with them.
 */
import { z } from 'zod';
import { MonotonicMsSchema, RatingV1Schema } from './rating';
import { KioskSettingsShape } from './settings';
import { DeviceEpochMs, deviceLabel, deviceReport, EpochMs, RecordId, UuidV7 } from './schema-helpers';
import { CounterSchema, StaffSchema, UnitSchema } from './roster';
import { HeartbeatFleetFields } from './fleet';
import { BATCH_MAX_REFUSAL_COUNTS, BATCH_MAX_SESSION_EVENTS, RefusalCountSchema, SessionEventV1Schema } from './record-chain';

export const PROTOCOL_VERSION = 1;
export const API_PREFIX = '/api/v1';

/** Limits of one batch: more ratings or more bytes (uncompressed JSON) answer 413. */
export const BATCH_MAX_RATINGS = 500;
export const BATCH_MAX_BYTES = 512 * 1024;
/** Largest clock difference a signed request may have with the server. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export const HEADER_DEVICE_ID = 'x-device-id';
export const HEADER_TIMESTAMP = 'x-timestamp';
export const HEADER_SIGNATURE = 'x-signature';
/** On every response, 304s included: the server's clock in ms (bodies also carry `serverTime`). */
export const HEADER_SERVER_TIME = 'x-server-time';
/**
 * On every answer to a request signed by an enrolled device (and on the enrolment answer): the
 * server's signature of the answer, so that the kiosk applies only what its own server said.
 */
export const HEADER_SERVER_SIGNATURE = 'x-server-signature';

/**
 * The text a device signs: METHOD \n TARGET \n TIMESTAMP \n sha256-hex(body). The signature is the
 * base64 HMAC-SHA256 of it with the device secret. TARGET is the request target as sent: the path,
 * and `?query` when there is a query (docs/protocol.md "Canonical target").
 */
export function signingText(method: string, target: string, timestamp: number | string, bodySha256Hex: string): string {
  return `${method.toUpperCase()}\n${target}\n${timestamp}\n${bodySha256Hex}`;
}

const PATH_SEGMENT = /^[A-Za-z0-9\-._~]+$/;
const QUERY_TEXT = /^(?:[A-Za-z0-9\-._~=&]|%[0-9A-F]{2})+$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * True when a request target is in the one canonical form a signature may cover (docs/protocol.md):
 * a path of non-empty segments of unreserved characters, none `.` or `..`, no percent-encoding;
 * and an optional non-empty query of unreserved characters, `=`, `&` and upper-case `%HH` that
 * encode nothing unreserved. So what a device signed and what the server routes are the same text.
 */
export function isCanonicalTarget(target: string): boolean {
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  if (!path.startsWith('/')) return false;
  if (!path.slice(1).split('/').every((segment) => PATH_SEGMENT.test(segment) && segment !== '.' && segment !== '..')) return false;
  if (queryStart === -1) return true;
  const query = target.slice(queryStart + 1);
  if (!QUERY_TEXT.test(query)) return false;
  const encoded = query.match(/%[0-9A-F]{2}/g) ?? [];
  return encoded.every((escape) => !UNRESERVED.test(String.fromCharCode(parseInt(escape.slice(1), 16))));
}

/**
 * The text the server signs for an answer, the mirror of signingText():
 * METHOD \n PATH \n STATUS \n SERVER_TIME \n REQUEST_SIGNATURE \n sha256-hex(body). METHOD and PATH
 * are those of the request's signing text, SERVER_TIME the answer's X-Server-Time header and
 * REQUEST_SIGNATURE the request's X-Signature (empty for the unsigned enrolment): an answer is
 * bound to the one request it answers, so an old answer cannot be replayed for a new request.
 */
export function answerSigningText(
  answer: { method: string; path: string; status: number; serverTime: string; requestSignature: string },
  bodySha256Hex: string,
): string {
  return `${answer.method.toUpperCase()}\n${answer.path}\n${answer.status}\n${answer.serverTime}\n${answer.requestSignature}\n${bodySha256Hex}`;
}

export const EnrollRequestSchema = z.strictObject({
  enrollmentCode: z.string().trim().min(6).max(64),
  deviceName: deviceLabel(100).pipe(z.string().trim().min(1)),
  appVersion: deviceLabel(32).pipe(z.string().min(1)),
  /**
   * Made once per enrolment asked for and re-sent on every retry of it: a used code asked again
   * with the same requestId (device not revoked, within 24 h) answers the same device and secret.
   */
  requestId: UuidV7.optional(),
});
export type EnrollRequest = z.input<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  deviceId: RecordId,
  deviceSecret: z.string().min(32).max(256),
  unitId: RecordId,
  counterId: RecordId.nullable().optional(),
  serverTime: EpochMs,
});
export type EnrollResponse = z.output<typeof EnrollResponseSchema>;

/**
 * Revision 2: a signed serverTime a kiosk received during one of its boots, and that boot's
 * monotonic clock then (docs/protocol.md, Clock correction).
 */
export const ClockAnchorSchema = z.strictObject({ bootId: RecordId, monotonicMs: MonotonicMsSchema, serverTime: EpochMs });
export type ClockAnchorV1 = z.output<typeof ClockAnchorSchema>;

/**
 * Revision 2 fields of the batch envelope, sent only to a server that signs its answers: the boot
 * the batch is sent from and its monotonic clock then (the monotonic twin of `sentAt`), and
 * anchors of the earlier boots of the batch's ratings.
 */
const BootClockEnvelope = {
  sentBootId: RecordId.optional(),
  sentMonotonicMs: MonotonicMsSchema.optional(),
  clockAnchors: z.array(ClockAnchorSchema).max(BATCH_MAX_RATINGS).optional(),
};
/**
 * Revision 3 fields of the batch envelope (docs/protocol.md "Record chain"), sent only to a server
 * that announced revision 3: the device's staff session events, records of its chain beside the
 * ratings, and the per-session cap's refusals as counts.
 */
const RecordChainEnvelope = {
  refusals: z.array(RefusalCountSchema).max(BATCH_MAX_REFUSAL_COUNTS).optional(),
};
const sentBootTogether = {
  check: (batch: { sentBootId?: string; sentMonotonicMs?: number }) => (batch.sentBootId === undefined) === (batch.sentMonotonicMs === undefined),
  message: { message: 'sentBootId and sentMonotonicMs come together or not at all', path: ['sentMonotonicMs'] },
};

export const RatingBatchSchema = z
  .strictObject({
    batchId: UuidV7,
    sentAt: DeviceEpochMs,
    ratings: z.array(RatingV1Schema).max(BATCH_MAX_RATINGS),
    ...BootClockEnvelope,
    sessionEvents: z.array(SessionEventV1Schema).max(BATCH_MAX_SESSION_EVENTS).optional(),
    ...RecordChainEnvelope,
  })
  .refine(sentBootTogether.check, sentBootTogether.message);
export type RatingBatch = z.output<typeof RatingBatchSchema>;

/**
 * The batch envelope as the server first reads it: ratings are checked one by one afterwards,
 * so that one bad rating is rejected by id without refusing its neighbours.
 */
export const RatingBatchEnvelopeSchema = z
  .strictObject({
    batchId: UuidV7,
    sentAt: DeviceEpochMs,
    ratings: z.array(z.unknown()).max(BATCH_MAX_RATINGS),
    ...BootClockEnvelope,
    // Judged one by one like ratings: a bad event is rejected by id, not the batch.
    sessionEvents: z.array(z.unknown()).max(BATCH_MAX_SESSION_EVENTS).optional(),
    ...RecordChainEnvelope,
  })
  .refine(sentBootTogether.check, sentBootTogether.message);

export const RejectedRatingSchema = z.object({ id: z.string(), reason: z.string().max(500) });

export const BatchResponseSchema = z.object({
  accepted: z.array(z.string()),
  duplicates: z.array(z.string()),
  conflicts: z.array(z.string()),
  rejected: z.array(RejectedRatingSchema),
  serverTime: EpochMs,
});
export type BatchResponse = z.output<typeof BatchResponseSchema>;

/** Scheme v2 of badge credentials: HMAC-SHA256 keyed per unit (shared/node/badge-hash.ts). */
export const BADGE_HASH_SCHEME = 'hmac-sha256-v2';
const HexSha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The badge credentials of the device's unit, in the roster answer of a server that knows scheme
 * v2 (docs/protocol.md, "Badge credentials"): keyed hashes only, the unit's key, and when old-format
 * badges stop working. Kiosks that predate it ignore it and read `staff[].badgeHash` (scheme v1).
 */
export const UnitBadgeCredentialsSchema = z.object({
  scheme: z.literal(BADGE_HASH_SCHEME),
  unitId: RecordId,
  /** 32 bytes, base64url without padding. */
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** Old-format badges are refused from this moment on; null while IT staff have set no end. */
  oldBadgesEndAt: EpochMs.nullable(),
  staff: z
    .array(z.object({ staffId: RecordId, badgeHash: HexSha256, oldBadgeHash: HexSha256.optional() }))
    .max(100_000),
});
export type UnitBadgeCredentials = z.output<typeof UnitBadgeCredentialsSchema>;

/** One officer's console PIN in the roster answer. */
export const StaffPinSchema = z.strictObject({
  hash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]{8,64}\$[A-Za-z0-9+/=]{16,128}$/).nullable(),
  setAt: EpochMs,
});
/** How many PINs one `POST /staff-pins` carries at most. */
export const STAFF_PIN_UPLOAD_MAX = 50;

/**
 * `POST /staff-pins` (signed): PINs officers set or removed themselves at this kiosk after a badge
 * login (docs/protocol.md "Staff PINs set at a kiosk"): the salted hash, never the PIN (null:
 * removed), and when, on the server's clock as the kiosk estimated it then — the same on every
 * resend, so a resend changes nothing.
 */
export const StaffPinUploadSchema = z.strictObject({
  pins: z
    .array(z.strictObject({ staffId: RecordId, hash: StaffPinSchema.shape.hash, setAt: EpochMs }))
    .min(1)
    .max(STAFF_PIN_UPLOAD_MAX)
    .refine((pins) => new Set(pins.map((pin) => pin.staffId)).size === pins.length, 'one change per officer'),
});
export type StaffPinUpload = z.input<typeof StaffPinUploadSchema>;

/** Why the server refused a PIN of `POST /staff-pins`; nothing of that officer changed. */
export const STAFF_PIN_REFUSALS = ['unknown_staff', 'other_unit', 'inactive', 'future_time', 'unsupported_hash'] as const;

/**
 * The scrypt parameters a kiosk hashes a PIN with (shared/node/pin-hash.ts): the server takes no
 * other from a kiosk, since it hands the hash on to every kiosk of the unit, whose PIN checks
 * would run with whatever cost the hash names.
 */
export const KIOSK_PIN_HASH_PREFIX = 'scrypt$16384$8$1$';
export type StaffPinRefusal = (typeof STAFF_PIN_REFUSALS)[number];

/**
 * One answer per PIN sent: `stored` (the server's PIN of that officer now, also when it already
 * was: a resend), `superseded` (the server has a newer change, which stays), or `rejected` with
 * the reason. Kiosks read `error` codes they do not know as a rejection.
 */
export const StaffPinUploadResponseSchema = z.object({
  results: z.array(
    z.object({
      staffId: RecordId,
      setAt: EpochMs,
      outcome: z.enum(['stored', 'superseded', 'rejected']),
      error: z.string().max(40).optional(),
    }),
  ),
  serverTime: EpochMs,
});
export type StaffPinUploadResponse = z.output<typeof StaffPinUploadResponseSchema>;

export const RosterResponseSchema = z.object({
  units: z.array(UnitSchema),
  counters: z.array(CounterSchema),
  staff: z.array(StaffSchema),
  badges: UnitBadgeCredentialsSchema.optional(),
  /**
   * Revision 2: the roles of this roster's staff, by staff id (staff not named hold none). Beside
   * the staff records, not in them: kiosks of revision 1 refuse unknown fields in a staff record.
   * Roles this version does not know are kept out by the kiosk (knownRoles).
   */
  staffRoles: z.record(RecordId, z.array(z.string().min(1).max(32)).max(16)).optional(),
  /**
   * PINs set in the console (docs/badges.md "PINs"), by staff id, beside the staff records as
   * `staffRoles` is: the salted scrypt hash, never the PIN (null: cleared), and when it was set.
   * A kiosk keeps a PIN set on it after `setAt`; older kiosks ignore the field.
   */
  staffPins: z.record(RecordId, StaffPinSchema).optional(),
  serverTime: EpochMs,
});
export type RosterResponse = z.output<typeof RosterResponseSchema>;

/**
 * Settings the server sets for a kiosk: only the keys it names, without the defaults (a key the
 * server does not name keeps the kiosk's own value). Keys this version does not know are dropped.
 */
export const KioskSettingsPatchSchema = z.object(
  Object.fromEntries(
    Object.entries(KioskSettingsShape).map(([key, schema]) => [key, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional()]),
  ) as { [K in keyof typeof KioskSettingsShape]: z.ZodOptional<ReturnType<(typeof KioskSettingsShape)[K]['unwrap']>> },
);
export type KioskSettingsPatch = z.output<typeof KioskSettingsPatchSchema>;

export const ConfigResponseSchema = z.object({
  settings: KioskSettingsPatchSchema,
  counterId: RecordId.nullable().optional(),
  /** Revision 3: the protocol revision the server speaks; from 3 on it takes the record chain and session events. */
  revision: z.number().int().min(1).optional(),
  serverTime: EpochMs,
});
/** The revision that brought the record chain: a kiosk sends chain fields only to a server that announces it. */
export const RECORD_CHAIN_REVISION = 3;
export type ConfigResponse = z.output<typeof ConfigResponseSchema>;

/** Where a kiosk's self-update stands (docs/updates.md); `version` is the release it concerns. */
export const UPDATER_PHASES = ['idle', 'checking', 'downloading', 'ready', 'installing', 'installed', 'failed'] as const;
export const UpdaterStateSchema = z.strictObject({
  phase: z.enum(UPDATER_PHASES),
  version: deviceLabel(64).pipe(z.string().min(1)).nullable(),
  /** For `ready`: what the install waits for. */
  waitingFor: z.enum(['quiet_hours', 'rating_flow']).nullable().optional(),
  /** For `downloading`: 0–100. */
  percent: z.number().min(0).max(100).optional(),
  /** For `failed`: why, for IT staff (control and bidirectional characters replaced, like lastError). */
  error: deviceReport(500).nullable(),
  /** Kiosk clock, ms: when the updater entered this phase. */
  since: DeviceEpochMs,
});
export type UpdaterState = z.output<typeof UpdaterStateSchema>;

export const HeartbeatRequestSchema = z.strictObject({
  appVersion: deviceLabel(32).pipe(z.string().min(1)),
  pendingCount: z.number().int().min(0),
  oldestPendingAgeMs: z.number().int().min(0).nullable(),
  lastError: deviceReport(500).nullable(),
  clockOffsetMs: z.number().int().nullable(),
  /** Staff logins refused at the kiosk in the last 24 hours, for IT staff (optional: older kiosks do not send it). */
  failedLogins: z.strictObject({ badges: z.number().int().min(0), pins: z.number().int().min(0) }).optional(),
  /** Added compatibly: kiosks without a self-updater (before 0.2) leave it out. */
  updater: UpdaterStateSchema.optional(),
  /** Added compatibly: free disk, applied versions, what could not be applied, command results (shared/fleet.ts). */
  ...HeartbeatFleetFields,
});
export type HeartbeatRequest = z.input<typeof HeartbeatRequestSchema>;

/** Error answers of every route: a code and a message, never a stack trace. */
export const ErrorResponseSchema = z.object({
  error: z.string(),
  message: z.string(),
  serverTime: EpochMs,
});
