/** Retry delays after network errors, 5xx and 429: exponential from 1 s, capped at 5 minutes, with jitter, forever. */
export const BACKOFF_MIN_MS = 1_000;
export const BACKOFF_MAX_MS = 5 * 60 * 1_000;

/**
 * The delay before retry number `failures` (1 = first retry). "Equal jitter": half the
 * exponential step is fixed, half is random, so kiosks that lost the network together do not
 * come back together, and no delay is shorter than 1 s or longer than the cap.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(Math.max(failures - 1, 0), 20));
  return Math.round(Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, step / 2 + random() * (step / 2))));
}

/** A server's Retry-After header (seconds or an HTTP date) in ms, or null. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(BACKOFF_MAX_MS, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.min(BACKOFF_MAX_MS, Math.max(0, date - now)) : null;
}
