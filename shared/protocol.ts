/**
 * Sync protocol v1 between kiosks and the provincial server (ARCHITECTURE.md, docs/protocol.md).
 * These schemas are the contract: both ends parse every message with them.
 */
import { z } from 'zod';
import { RatingV1Schema } from './rating';
import { KioskSettingsShape } from './settings';
import { DeviceEpochMs, deviceLabel, deviceReport, EpochMs, RecordId, UuidV7 } from './schema-helpers';
import { CounterSchema, StaffSchema, UnitSchema } from './roster';

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

export const RatingBatchSchema = z.strictObject({
  batchId: UuidV7,
  sentAt: DeviceEpochMs,
  ratings: z.array(RatingV1Schema).max(BATCH_MAX_RATINGS),
});
export type RatingBatch = z.output<typeof RatingBatchSchema>;

/**
 * The batch envelope as the server first reads it: ratings are checked one by one afterwards,
 * so that one bad rating is rejected by id without refusing its neighbours.
 */
export const RatingBatchEnvelopeSchema = z.strictObject({
  batchId: UuidV7,
  sentAt: DeviceEpochMs,
  ratings: z.array(z.unknown()).max(BATCH_MAX_RATINGS),
});

export const RejectedRatingSchema = z.object({ id: z.string(), reason: z.string().max(500) });

export const BatchResponseSchema = z.object({
  accepted: z.array(z.string()),
  duplicates: z.array(z.string()),
  conflicts: z.array(z.string()),
  rejected: z.array(RejectedRatingSchema),
  serverTime: EpochMs,
});
export type BatchResponse = z.output<typeof BatchResponseSchema>;

export const RosterResponseSchema = z.object({
  units: z.array(UnitSchema),
  counters: z.array(CounterSchema),
  staff: z.array(StaffSchema),
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
  serverTime: EpochMs,
});
export type ConfigResponse = z.output<typeof ConfigResponseSchema>;

export const HeartbeatRequestSchema = z.strictObject({
  appVersion: deviceLabel(32).pipe(z.string().min(1)),
  pendingCount: z.number().int().min(0),
  oldestPendingAgeMs: z.number().int().min(0).nullable(),
  lastError: deviceReport(500).nullable(),
  clockOffsetMs: z.number().int().nullable(),
});
export type HeartbeatRequest = z.input<typeof HeartbeatRequestSchema>;

/** Error answers of every route: a code and a message, never a stack trace. */
export const ErrorResponseSchema = z.object({
  error: z.string(),
  message: z.string(),
  serverTime: EpochMs,
});
