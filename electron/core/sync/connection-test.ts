import type { Database } from 'better-sqlite3';
import type { ConnectionProblem, ConnectionTest } from '../../../shared/kiosk-admin';
import { syncErrorCode } from '../../../shared/kiosk-admin';
import { ErrorResponseSchema } from '../../../shared/protocol';
import type { Credentials, SyncHttpClient } from './client';
import { RetryableError } from './errors';
import type { SignedRequests } from './signed-request';
import { readSyncState } from './state';

export interface ConnectionTestDeps {
  client: (serverUrl: string) => SyncHttpClient;
  requests: SignedRequests;
  /** The kiosk's credentials once enrolled (may throw: a missing secret); null before. */
  credentials: () => Promise<Credentials | null>;
  now: () => number;
}

/**
 * The admin screen's "test connection" (docs/kiosk-admin.md): the server's unsigned GET /health
 * (reachable, and able to store ratings), then — once enrolled — the signed GET /health/device,
 * which the server answers only for this kiosk's clock, secret and enrolment, with a signed answer.
 * Answers ok or the first problem met, as a code the screen translates; it stores nothing but
 * the clock offset every signed answer refreshes, and never throws.
 */
export async function testConnection(db: Database, deps: ConnectionTestDeps): Promise<ConnectionTest> {
  const startedAt = deps.now();
  const result = (serverUrl: string | null, signed: boolean, problem: ConnectionProblem | null, httpStatus: number | null): ConnectionTest => ({
    ok: problem === null,
    problem,
    serverUrl,
    signed,
    httpStatus,
    roundTripMs: httpStatus === null ? null : Math.max(0, deps.now() - startedAt),
    checkedAt: deps.now(),
  });

  let credentials: Credentials | null;
  try {
    credentials = await deps.credentials();
  } catch {
    // The secret is missing from its store: the kiosk's signature cannot be made at all.
    const serverUrl = readSyncState(db, 'serverUrl') ?? null;
    return result(serverUrl, false, serverUrl ? 'signature_refused' : 'no_server', null);
  }
  const serverUrl = credentials?.serverUrl ?? readSyncState(db, 'pairing')?.serverUrl ?? readSyncState(db, 'pendingEnrolment')?.serverUrl ?? null;
  if (!serverUrl) return result(null, false, 'no_server', null);

  const health = await deps.client(serverUrl).request({ method: 'GET', route: '/health', timestamp: deps.now() });
  if (health.kind === 'network') return result(serverUrl, false, health.message.includes('in time') ? 'timeout' : 'network', null);
  if (health.status !== 200) return result(serverUrl, false, unsignedProblem(health.status), health.status);
  if (!credentials) return result(serverUrl, false, null, health.status);

  try {
    const answer = await deps.requests.send(db, credentials, { method: 'GET', route: '/health/device' }, 'connection test');
    if (answer.status === 200) return result(serverUrl, true, null, 200);
    if (answer.status === 404) return result(serverUrl, true, 'server_too_old', 404);
    if (answer.status === 401 || answer.status === 403) return result(serverUrl, true, refusalProblem(answer.body), answer.status);
    return result(serverUrl, true, 'server_error', answer.status);
  } catch (error) {
    const status = /server answered (\d{3})/.exec((error as Error).message)?.[1];
    return result(serverUrl, true, error instanceof RetryableError ? retryableProblem(error.message) : 'server_error', status ? Number(status) : null);
  }
}

function unsignedProblem(status: number): ConnectionProblem {
  if (status === 503) return 'server_storage';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  return 'server_error';
}

/** A 401 names why (deviceAuth's codes); a signature that does not match is the secret's fault. */
function refusalProblem(body: unknown): ConnectionProblem {
  const parsed = ErrorResponseSchema.safeParse(body);
  const code = parsed.success ? parsed.data.error : null;
  if (code === 'clock_skew') return 'clock_skew';
  if (code === 'unknown_device') return 'unknown_device';
  if (code === 'device_revoked') return 'device_revoked';
  return 'signature_refused';
}

/** What SignedRequests threw (network, timeout, 408/429/5xx, an untrusted answer), as a problem. */
function retryableProblem(message: string): ConnectionProblem {
  switch (syncErrorCode(message)) {
    case 'network':
      return 'network';
    case 'timeout':
      return 'timeout';
    case 'rate_limited':
      return 'rate_limited';
    case 'server_storage':
      return 'server_storage';
    case 'untrusted_answer':
      return 'untrusted_answer';
    default:
      return 'server_error';
  }
}
