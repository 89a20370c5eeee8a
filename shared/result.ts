/** Every call across a boundary answers `{ok: true, value}` or `{ok: false, error}`; nothing throws across it. */
export const ERROR_CODES = [
  /** The payload failed its schema: nothing was stored. */
  'invalid_input',
  /** The database cannot be written (disk full, read-only folder, I/O error). Retry later. */
  'storage_unavailable',
  /** Rating is off: no officer is logged in and the unit does not allow rating the counter alone. */
  'rating_disabled',
  /** Too many ratings in a short time for this staff session; the attempt was counted. */
  'rate_limited',
  /** The record named does not exist (or is no longer open for changes). */
  'not_found',
  /** The kiosk is not configured for a unit and counter yet. */
  'not_configured',
  /** A badge, PIN or code was refused. */
  'refused',
  /** Unexpected failure; details are in the kiosk's log. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface KioskError {
  code: ErrorCode;
  /** English, for logs and IT staff; the renderer shows its own translated text per code. */
  message: string;
  /** Field-level problems for `invalid_input`. */
  issues?: { path: string; message: string }[];
  /** Why a `refused` or `rate_limited` happened, when the renderer shows a specific message (e.g. a badge's refusal reason). */
  reason?: string;
  /** For `rate_limited`: how long to wait before trying again. */
  retryAfterMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: KioskError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: KioskError['issues']): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});
