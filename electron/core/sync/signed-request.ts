import type { Database } from 'better-sqlite3';
import { retryAfterMs } from './backoff';
import type { ClockOffset } from './clock-offset';
import type { Credentials, HttpOutcome, RequestOptions, SyncHttpClient } from './client';
import { describeErrorBody, RetryableError } from './errors';

export type ServerAnswer = Extract<HttpOutcome, { kind: 'response' }>;
export type SignedRequest = Omit<RequestOptions, 'credentials' | 'timestamp'>;

/**
 * Every call signed by the device (batches, roster and config pulls, heartbeat) goes through here,
 * so each gets the same handling:
 * - a 401 because the kiosk's clock is off: the offset is corrected from the answer's serverTime,
 *   and the request is signed again and retried once, at once;
 * - a network error, a timeout, 408, 429 or 5xx: a RetryableError (Retry-After honoured), so the
 *   run fails and is retried with backoff.
 * Any other answer is the caller's to read.
 */
export class SignedRequests {
  constructor(
    private readonly client: (serverUrl: string) => SyncHttpClient,
    private readonly clock: ClockOffset,
    private readonly now: () => number,
  ) {}

  /** `what` names the call in errors IT staff read ("batch", "/roster", "heartbeat"). */
  async send(db: Database, credentials: Credentials, request: SignedRequest, what: string): Promise<ServerAnswer> {
    for (let attempt = 0; ; attempt++) {
      const signedWithOffsetMs = this.clock.current(db) ?? 0;
      const outcome = await this.client(credentials.serverUrl).request({
        ...request,
        credentials,
        timestamp: this.clock.serverNow(db),
      });
      if (outcome.kind === 'network') throw new RetryableError(`${what}: ${outcome.message}`);
      this.clock.observe(db, outcome, outcome.status === 401);
      if (outcome.status === 401 && attempt === 0 && this.clock.wasRefused(signedWithOffsetMs)) continue;
      if (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500) {
        throw new RetryableError(
          `${what}: server answered ${describeErrorBody(outcome.status, outcome.body)}`,
          retryAfterMs(outcome.headers.get('retry-after'), this.now()),
        );
      }
      return outcome;
    }
  }
}
