/**
 * The kiosk's own admin screen (IT staff only, docs/kiosk-admin.md): how it is opened, what its
 * connection test answers, and the codes of the sync errors it shows — each code has its own text
 * in vi and en in the renderer, so no English message of the protocol reaches the screen.
 */
import { z } from 'zod';
import { ItCredentialSchema } from './it-credential';

export const OpenAdminScreenSchema = z.strictObject({
  /** The badge, or staff id and PIN, of an active IT officer of the kiosk's roster; none only at first start. */
  itCredential: ItCredentialSchema.optional(),
});
export type OpenAdminScreen = z.input<typeof OpenAdminScreenSchema>;

/** An admin screen session; the core ends it after ADMIN_SCREEN_IDLE_MS without an admin call. */
export interface AdminScreenSession {
  /** An IT officer's credential, or first start (not enrolled, no counter, nobody of the roster is IT). */
  openedBy: 'it_officer' | 'first_start';
  officerName: string | null;
  expiresAt: number;
}

/** The admin gesture: a finger held this long on the kiosk's top-right corner (the staff screen's is the top-left). */
export const ADMIN_LONG_PRESS_MS = 3_000;
/** After the gesture (or `#admin`), an IT badge scanned within this long opens the screen; nothing shows meanwhile. */
export const ADMIN_ARMED_MS = 20_000;

/** The admin screen closes by itself after this long without a touch (renderer) or an admin call (core). */
export const ADMIN_SCREEN_IDLE_MS = 2 * 60_000;

/** Why a connection test did not pass; the renderer has a text for each. */
export const CONNECTION_PROBLEMS = [
  /** No server address yet (not enrolled, no pairing). */
  'no_server',
  /** The address cannot be reached: DNS, refused connection, TLS. */
  'network',
  /** The server did not answer in time. */
  'timeout',
  /** The server answers but cannot store ratings now (disk nearly full, database not writable). */
  'server_storage',
  /** The server failed (5xx) or answered something that is not protocol v1. */
  'server_error',
  /** The server asked the kiosk to slow down (429). */
  'rate_limited',
  /** The server refused the kiosk's clock, even after the offset was corrected. */
  'clock_skew',
  /** The server does not know this kiosk (deleted, or another server). */
  'unknown_device',
  /** The kiosk was retired in the console: pair it again. */
  'device_revoked',
  /** The server refused the kiosk's signature (its secret does not match). */
  'signature_refused',
  /** The answer's server signature is missing or wrong while this server signs: not trusted. */
  'untrusted_answer',
  /** The server is reachable but too old for the signed test (no /health/device). */
  'server_too_old',
] as const;
export type ConnectionProblem = (typeof CONNECTION_PROBLEMS)[number];

export interface ConnectionTest {
  ok: boolean;
  problem: ConnectionProblem | null;
  serverUrl: string | null;
  /** The test was a signed request of this kiosk (it is enrolled); otherwise only the address was reached. */
  signed: boolean;
  /** The HTTP status of the answer that decided, when there was one. */
  httpStatus: number | null;
  roundTripMs: number | null;
  checkedAt: number;
}

/** What went wrong in a sync run or an enrolment, as a code the admin screen translates. */
export const SYNC_ERROR_CODES = [
  'network',
  'timeout',
  'server_storage',
  'server_error',
  'rate_limited',
  'device_refused',
  'untrusted_answer',
  'not_protocol',
  'enrolment_code_unknown',
  'enrolment_code_expired',
  'enrolment_code_used',
  'enrolment_refused',
  'provisioning_invalid',
  'storage_unavailable',
  'secret_missing',
  'other',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/**
 * The code of a sync error from the message the engine journals (electron/core/sync): the
 * messages are written in a few places in English for the journal and diagnostics; their code is
 * read from them here once, so the admin screen never shows them raw. An unknown message is `other`.
 */
export function syncErrorCode(message: string): SyncErrorCode {
  const text = message.toLowerCase();
  if (text.includes('provisioning file')) return 'provisioning_invalid';
  if (text.includes('enrollment_code_unknown')) return 'enrolment_code_unknown';
  if (text.includes('enrollment_code_expired')) return 'enrolment_code_expired';
  if (text.includes('enrollment_code_used')) return 'enrolment_code_used';
  if (text.includes('enrolment refused')) return 'enrolment_refused';
  if (text.includes('database is unavailable') || text.includes('storage unavailable')) return 'storage_unavailable';
  if (text.includes('device secret is missing')) return 'secret_missing';
  if (text.includes('did not answer in time') || /server answered 408\b/.test(text)) return 'timeout';
  if (text.includes('network error')) return 'network';
  if (text.includes('storage_low') || text.includes('database_not_writable')) return 'server_storage';
  if (/server answered 429\b/.test(text)) return 'rate_limited';
  if (text.includes('refused this device')) return 'device_refused';
  if (text.includes('server signature')) return 'untrusted_answer';
  if (text.includes('not protocol v1') || text.startsWith('unexpected answer')) return 'not_protocol';
  if (/server answered 5\d\d\b/.test(text)) return 'server_error';
  return 'other';
}
