import { ErrorResponseSchema } from '../../../shared/protocol';

/**
 * A failure of a sync run that is retried with backoff (network errors, timeouts, 408, 429, 5xx,
 * a refused device). `retryAfter` carries the server's Retry-After, when it gave one.
 */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** True when the body is the server's protocol v1 error answer `{error, message, serverTime}`. */
export function isErrorBody(body: unknown): boolean {
  return ErrorResponseSchema.safeParse(body).success;
}

/** An answer's status and, when it is a protocol error body, its code and message: for IT staff. */
export function describeErrorBody(status: number, body: unknown): string {
  const parsed = ErrorResponseSchema.safeParse(body);
  return parsed.success ? `${status} ${parsed.data.error}: ${parsed.data.message}`.slice(0, 300) : String(status);
}

/**
 * An answer's status and error code, without the server's message: for answers to requests that
 * carried a body (batches of ratings), whose message could quote what was sent — a comment —
 * into the journal, the log and the heartbeat (issue 13, finding 8).
 */
export function describeErrorCode(status: number, body: unknown): string {
  const parsed = ErrorResponseSchema.safeParse(body);
  const code = parsed.success && /^[a-z0-9_]{1,64}$/.test(parsed.data.error) ? parsed.data.error : null;
  return code ? `${status} ${code}` : String(status);
}
