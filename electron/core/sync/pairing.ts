import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import { PairingCreatedSchema, PairingPollResponseSchema } from '../../../shared/fleet';
import type { PairingStatus } from '../../../shared/sync-status';
import { audit } from '../audit';
import { retryAfterMs } from './backoff';
import { normaliseServerUrl, type SyncHttpClient } from './client';
import { describeErrorBody, RetryableError } from './errors';
import { deleteSyncState, journal, readSyncState, writeSyncState } from './state';

/** How often a kiosk waiting for IT staff asks the server (docs/protocol.md "Pairing"). */
export const PAIRING_POLL_MS = 5_000;

/**
 * A kiosk that is not enrolled pairs with a server (docs/sync.md "Pairing"): it asks for a short
 * code, shows it (with a QR of the console's approval page) on its admin screen, and polls until
 * IT staff approve it in the console; the approval hands it a single-use enrolment code, which the
 * engine enrols with as with any other. An expired code is replaced by a new one by itself; a
 * refusal stops pairing until IT staff start it again.
 */
export class Pairing {
  constructor(private readonly options: { client: (serverUrl: string) => SyncHttpClient; now: () => number; appVersion: string; allowHttp?: boolean | undefined }) {}

  /** Starts pairing with a server (admin screen, provisioning file without a code, environment). */
  start(db: Database, request: { serverUrl: string; deviceName?: string | undefined }): { ok: true } | { ok: false; message: string; reason: 'bad_server_url' | 'already_enrolled' } {
    const serverUrl = normaliseServerUrl(request.serverUrl, { allowHttp: this.options.allowHttp });
    if (!serverUrl) return { ok: false, reason: 'bad_server_url', message: 'the server address must be an https:// URL (http:// only to this machine) without path, query or password' };
    if (readSyncState(db, 'serverDeviceId')) return { ok: false, reason: 'already_enrolled', message: 'this kiosk is already enrolled' };
    const now = this.options.now();
    db.transaction(() => {
      writeSyncState(db, 'pairing', { serverUrl, deviceName: request.deviceName?.trim() || hostname().slice(0, 100) || 'kiosk', state: 'starting', startedAt: now }, now);
      audit(db, now, 'it', 'pairing_started', { serverUrl });
    })();
    return { ok: true };
  }

  /** Pairing under way (not refused), which the engine carries on. */
  active(db: Database): boolean {
    const pairing = readSyncState(db, 'pairing');
    return pairing !== undefined && pairing.state !== 'refused' && !readSyncState(db, 'serverDeviceId');
  }

  /**
   * One step: ask for a code if there is none (or it expired), else poll. Answers the enrolment
   * code once IT staff approved. Network errors, 429 and 5xx throw a RetryableError.
   */
  async step(db: Database): Promise<{ serverUrl: string; enrollmentCode: string; deviceName: string } | null> {
    const pairing = readSyncState(db, 'pairing');
    if (!pairing || pairing.state === 'refused') return null;
    const { now } = this.options;
    const client = this.options.client(pairing.serverUrl);
    if (!pairing.ticket || pairing.state === 'expired') {
      const outcome = await client.request({ method: 'POST', route: '/pairings', json: JSON.stringify({ deviceName: pairing.deviceName, appVersion: this.options.appVersion }), timestamp: now() });
      const created = this.answer(outcome, 'pairing', PairingCreatedSchema);
      const at = now();
      writeSyncState(db, 'pairing', { ...pairing, state: 'pending', error: null, ticket: { pairingId: created.pairingId, pollToken: created.pollToken, code: created.pairingCode, expiresAt: created.expiresAt } }, at);
      journal(db, at, 'pairing', { ok: true, code: created.pairingCode });
      return null;
    }
    const outcome = await client.request({ method: 'POST', route: '/pairings/poll', json: JSON.stringify({ pairingId: pairing.ticket.pairingId, pollToken: pairing.ticket.pollToken }), timestamp: now() });
    if (outcome.kind === 'response' && outcome.status === 404) {
      // The server forgot the request (a restored database): ask for a new code.
      writeSyncState(db, 'pairing', { ...pairing, state: 'expired' }, now());
      return null;
    }
    const answer = this.answer(outcome, 'pairing poll', PairingPollResponseSchema);
    const at = now();
    if (answer.status === 'pending') return null;
    if (answer.status === 'approved' && answer.enrollmentCode) {
      writeSyncState(db, 'pairing', { ...pairing, state: 'approved' }, at);
      journal(db, at, 'pairing', { ok: true, approved: true });
      return { serverUrl: pairing.serverUrl, enrollmentCode: answer.enrollmentCode, deviceName: pairing.deviceName };
    }
    writeSyncState(db, 'pairing', { ...pairing, state: answer.status === 'approved' ? 'approved' : answer.status }, at);
    journal(db, at, 'pairing', { ok: false, status: answer.status });
    return null;
  }

  private answer<T>(outcome: Awaited<ReturnType<SyncHttpClient['request']>>, what: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T {
    if (outcome.kind === 'network') throw new RetryableError(`${what}: ${outcome.message}`);
    if (outcome.status === 429 || outcome.status >= 500 || outcome.status === 408) {
      throw new RetryableError(`${what}: server answered ${outcome.status}`, retryAfterMs(outcome.headers.get('retry-after'), this.options.now()));
    }
    const parsed = outcome.status < 300 ? schema.safeParse(outcome.body) : null;
    if (!parsed?.success) throw new RetryableError(`${what}: ${parsed ? 'the server’s answer is not protocol v1' : describeErrorBody(outcome.status, outcome.body)}`);
    return parsed.data;
  }

  stop(db: Database): void {
    deleteSyncState(db, 'pairing');
  }
}

/** What the admin screen shows: the code, its QR's text (the console's fleet page with it filled in), and the state. */
export function pairingStatus(db: Database): PairingStatus | null {
  const pairing = readSyncState(db, 'pairing');
  if (!pairing || readSyncState(db, 'serverDeviceId')) return null;
  const code = pairing.ticket && pairing.state === 'pending' ? pairing.ticket.code : null;
  return {
    serverUrl: pairing.serverUrl,
    state: pairing.state,
    code,
    approveUrl: code ? `${pairing.serverUrl}/fleet?pair=${encodeURIComponent(code)}` : null,
    expiresAt: pairing.ticket?.expiresAt ?? null,
  };
}
