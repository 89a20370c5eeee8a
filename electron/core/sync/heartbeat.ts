import type { Database } from 'better-sqlite3';
import type { HeartbeatRequest } from '../../../shared/protocol';
import type { SyncStatus } from '../../../shared/sync-status';
import type { Credentials } from './client';
import type { SignedRequests } from './signed-request';
import { readSyncState, writeSyncState } from './state';

/**
 * Reports to the server's fleet list: app version, backlog, age of the oldest pending rating,
 * clock offset, and the last error — only one of the last interval, not one the kiosk got over
 * days ago.
 */
export async function sendHeartbeat(
  db: Database,
  requests: SignedRequests,
  credentials: Credentials,
  report: { appVersion: string; status: SyncStatus; now: () => number },
): Promise<void> {
  const { status, now } = report;
  const since = readSyncState(db, 'lastHeartbeatAt') ?? -Infinity;
  const recentError = status.lastError && status.lastError.at > since ? status.lastError : null;
  const body: HeartbeatRequest = {
    appVersion: report.appVersion,
    pendingCount: status.pendingCount,
    oldestPendingAgeMs: status.oldestPendingAgeMs,
    lastError: recentError ? cleanForServer(recentError.message) : null,
    clockOffsetMs: status.clockOffsetMs,
  };
  const answer = await requests.send(db, credentials, { method: 'POST', route: '/heartbeat', json: JSON.stringify(body) }, 'heartbeat');
  if (answer.status < 300) writeSyncState(db, 'lastHeartbeatAt', now(), now());
}

/** The heartbeat's lastError must be clean text of at most 500 characters. */
export function cleanForServer(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500);
}
