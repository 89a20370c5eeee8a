/**
 * An answer the client caused: a status, a stable code the kiosk can act on, and a message for
 * people. Anything else thrown becomes a 500 without details (http/error-answers.ts).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 429 rate_limited, with Retry-After in whole seconds (at least 1) for a limiter's wait. */
export function rateLimited(message: string, waitMs: number): HttpError {
  return new HttpError(429, 'rate_limited', message, { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
}

/** A roster file or object that cannot be imported; nothing was stored. */
export class RosterImportError extends Error {
  constructor(readonly issues: string[]) {
    // Vietnamese first, as every message an administrator reads at the command line.
    super(`Chưa nhập danh sách: ${issues.length} lỗi / roster not imported (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n  ${issues.slice(0, 50).join('\n  ')}`);
    this.name = 'RosterImportError';
  }
}

/** The server cannot start as configured: the message says what to change (printed as it is). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
