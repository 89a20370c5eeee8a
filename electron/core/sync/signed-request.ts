import type { Database } from 'better-sqlite3';
import { AnswerTrust } from './answer-trust';
import { retryAfterMs } from './backoff';
import type { ClockOffset } from './clock-offset';
import type { Credentials, RequestOptions, ServerResponse, SyncHttpClient } from './client';
import { describeErrorBody, describeErrorCode, RetryableError } from './errors';
import { journal } from './state';

export type ServerAnswer = ServerResponse;
export type SignedRequest = Omit<RequestOptions, 'credentials' | 'timestamp'>;

/**
 * Every call signed by the device (batches, roster and config pulls, heartbeat) goes through here,
 * so each gets the same handling:
 * - an answer the kiosk cannot trust (its server signs, and this one's signature is missing or
 *   wrong: answer-trust.ts) is never handed on: it is journalled and fails the run, like a network
 *   error. Only a 401 or 403, which the server cannot always sign, is handed on, to be read as
 *   "refused" and nothing more;
 * - a 401 because the kiosk's clock is off: the offset is corrected from the answer's serverTime,
 *   and the request is signed again and retried once, at once (an untrusted serverTime is used for
 *   that retry only, never kept);
 * - a network error, a timeout, 408, 429 or 5xx: a RetryableError (Retry-After honoured), so the
 *   run fails and is retried with backoff.
 * Any other answer is the caller's to read.
 */
export class SignedRequests {
  readonly trust: AnswerTrust;

  constructor(
    private readonly client: (serverUrl: string) => SyncHttpClient,
    private readonly clock: ClockOffset,
    private readonly now: () => number,
  ) {
    this.trust = new AnswerTrust(now);
  }

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
      const trusted = this.trust.judge(db, outcome);
      this.clock.observe(db, outcome, { force: outcome.status === 401, trusted });
      if (outcome.status === 401 && attempt === 0 && this.clock.wasRefused(signedWithOffsetMs)) continue;
      if (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500) {
        // A server failing on a request's body may quote it (a comment) in its message: then only
        // the code is kept. Timeouts and rate limits come before the body is read.
        const mayQuoteBody = outcome.status >= 500 && (request.json !== undefined || request.gzipped !== undefined);
        const described = mayQuoteBody ? describeErrorCode(outcome.status, outcome.body) : describeErrorBody(outcome.status, outcome.body);
        throw new RetryableError(
          `${what}: server answered ${described}`,
          retryAfterMs(outcome.headers.get('retry-after'), this.now()),
        );
      }
      if (!trusted && outcome.status !== 401 && outcome.status !== 403) {
        const at = this.now();
        journal(db, at, 'untrusted_answer', { what, status: outcome.status, signature: outcome.answerSignature });
        throw new RetryableError(
          `${what}: an answer (${outcome.status}) whose server signature is ${outcome.answerSignature} was refused; nothing of it was used`,
        );
      }
      return outcome;
    }
  }
}
