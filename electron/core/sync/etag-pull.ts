import type { Database } from 'better-sqlite3';
import { ConfigEnvelopeSchema } from '../../../shared/fleet';
import { ROSTER_PROBLEMS_REPORTED } from '../../../shared/fleet';
import { settingsKeyByKey } from '../settings';
import type { Credentials } from './client';
import { applyServerConfig, applyServerRoster, RosterEnvelopeSchema } from './roster-pull';
import type { SignedRequests } from './signed-request';
import { journal, readSyncState, writeSyncState } from './state';

interface Pull<T> {
  route: '/roster' | '/config';
  etagKey: 'rosterEtag' | 'configEtag';
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } };
  /** Applies the resource in the database; what it answers is journalled. Throws to refuse it. */
  apply: (value: T, now: number) => Record<string, unknown>;
}

/**
 * GETs a resource with If-None-Match and applies it when it changed (usually the server answers a
 * 304 of a few hundred bytes). A resource that does not parse or apply (validated: it changes
 * nothing then) is journalled and its ETag not kept, so it is fetched again at the next interval;
 * it does not fail the run. Network errors, 429 and 5xx do (SignedRequests).
 */
async function pullWithEtag<T>(
  db: Database,
  requests: SignedRequests,
  credentials: Credentials,
  now: () => number,
  pull: Pull<T>,
): Promise<void> {
  const kind = pull.route.slice(1);
  const answer = await requests.send(
    db,
    credentials,
    { method: 'GET', route: pull.route, ifNoneMatch: readSyncState(db, pull.etagKey) },
    pull.route,
  );
  if (answer.status === 304) return;
  const parsed = pull.schema.safeParse(answer.body);
  const at = now();
  if (answer.status !== 200 || !parsed.success) {
    journal(db, at, kind, { ok: false, status: answer.status });
    return;
  }
  let applied: Record<string, unknown>;
  try {
    applied = pull.apply(parsed.data, at);
  } catch (error) {
    journal(db, at, kind, { ok: false, reason: (error as Error).message.slice(0, 300) });
    return;
  }
  const etag = answer.headers.get('etag');
  db.transaction(() => {
    if (etag) writeSyncState(db, pull.etagKey, etag, at);
    journal(db, at, kind, { ok: true, ...applied });
  })();
}

/**
 * The unit's roster, applied at once (roster-pull.ts): a deactivated officer on duty here is logged
 * out. Rows it had to leave out are reported in the heartbeat (rosterProblems) until a roster
 * applies whole; the others apply.
 */
export function pullRoster(
  db: Database,
  requests: SignedRequests,
  credentials: Credentials,
  now: () => number,
  log: (line: string) => void,
): Promise<void> {
  return pullWithEtag(db, requests, credentials, now, {
    route: '/roster',
    etagKey: 'rosterEtag',
    schema: RosterEnvelopeSchema,
    apply: (roster, at) => {
      const { problems, ...change } = applyServerRoster(db, roster, at);
      writeSyncState(db, 'rosterProblems', problems.slice(0, ROSTER_PROBLEMS_REPORTED), at);
      if (change.loggedOut) log(`sync: officer ${change.loggedOut} was deactivated by the roster and logged out`);
      if (problems.length > 0) log(`sync: ${problems.length} roster row(s) left out: ${problems.slice(0, 5).map((p) => `${p.staffId ?? '-'} ${p.reason}`).join(', ')}`);
      return { ...change, ...(problems.length > 0 ? { problems: problems.slice(0, 20) } : {}) };
    },
  });
}

/**
 * The kiosk's settings as the server holds them, and its counter: the one the config names, else
 * the one its enrolment code was bound to. Settings apply key by key: one this version cannot take
 * is left out and reported in the heartbeat (settingsProblems), the others apply.
 */
export function pullConfig(db: Database, requests: SignedRequests, credentials: Credentials, now: () => number): Promise<void> {
  return pullWithEtag(db, requests, credentials, now, {
    route: '/config',
    etagKey: 'configEtag',
    schema: ConfigEnvelopeSchema,
    apply: (config, at) => {
      const { patch, problems } = settingsKeyByKey(config.settings);
      const counterId = config.counterId ?? readSyncState(db, 'assignedCounterId') ?? null;
      const applied = applyServerConfig(db, { settings: patch, counterId, serverTime: config.serverTime }, at);
      writeSyncState(db, 'settingsProblems', problems, at);
      writeSyncState(db, 'serverCounterId', config.counterId ?? null, at);
      writeSyncState(db, 'serverRevision', config.revision ?? 1, at);
      return { ...applied, ...(problems.length > 0 ? { problems } : {}) };
    },
  });
}
