import type { Database } from 'better-sqlite3';
import { HeartbeatResponseSchema, type KioskCommand } from '../../../shared/fleet';
import type { HeartbeatRequest, UpdaterState } from '../../../shared/protocol';
import type { SyncStatus } from '../../../shared/sync-status';
import { failedLoginsInLastDay } from '../staff-login/login-failures';
import { readSetting } from '../settings';
import type { Credentials } from './client';
import type { SignedRequests } from './signed-request';
import { readSyncState, writeSyncState } from './state';

export interface HeartbeatReport {
  appVersion: string;
  status: SyncStatus;
  now: () => number;
  /** Free space of the kiosk's data folder; null when it cannot be read. */
  freeDiskBytes?: number | null;
  /** The self-updater's state (Electron main), when this host has one. */
  updater?: UpdaterState | null;
}

/**
 * Reports to the server's fleet list: app version, backlog, age of the oldest pending rating,
 * clock offset and the last error — only one of the last interval, not one the kiosk got over
 * days ago — then the newer fields: the staff logins refused here in the last day (someone trying
 * badges or PINs at the counter shows there) and the fleet's (shared/fleet.ts): free disk, the roster
 * and config versions
 * applied, settings and roster rows not applied, its counter, the results of commands, the updater. Answers the
 * commands the server has waiting. A server that refuses the fleet fields (a strict schema before
 * them: 400) is sent the fields it knows, so a newer kiosk keeps reporting to an older server.
 */
export async function sendHeartbeat(db: Database, requests: SignedRequests, credentials: Credentials, report: HeartbeatReport): Promise<KioskCommand[]> {
  const { status, now } = report;
  const since = readSyncState(db, 'lastHeartbeatAt') ?? -Infinity;
  const recentError = status.lastError && status.lastError.at > since ? status.lastError : null;
  const basic: HeartbeatRequest = {
    appVersion: report.appVersion,
    pendingCount: status.pendingCount,
    oldestPendingAgeMs: status.oldestPendingAgeMs,
    lastError: recentError ? cleanForServer(recentError.message) : null,
    clockOffsetMs: status.clockOffsetMs,
  };
  const results = readSyncState(db, 'commandResults') ?? [];
  const full: HeartbeatRequest = {
    ...basic,
    failedLogins: failedLoginsInLastDay(db, now()),
    ...(report.updater ? { updater: report.updater } : {}),
    freeDiskBytes: report.freeDiskBytes ?? null,
    rosterVersion: readSyncState(db, 'rosterEtag') ?? null,
    settingsVersion: readSyncState(db, 'configEtag') ?? null,
    settingsProblems: readSyncState(db, 'settingsProblems') ?? [],
    rosterProblems: readSyncState(db, 'rosterProblems') ?? [],
    counterId: readSetting<string>(db, 'counterId') ?? null,
    ...(results.length > 0 ? { commandResults: results.slice(0, 20) } : {}),
  };
  // Older servers refuse fields they do not know: the newest first, then the fleet fields before
  // rosterProblems, then the first fields alone.
  const { rosterProblems: _newest, ...beforeRosterProblems } = full;
  let answer = await requests.send(db, credentials, { method: 'POST', route: '/heartbeat', json: JSON.stringify(full) }, 'heartbeat');
  for (const older of [beforeRosterProblems, basic]) {
    if (answer.status !== 400) break;
    answer = await requests.send(db, credentials, { method: 'POST', route: '/heartbeat', json: JSON.stringify(older) }, 'heartbeat');
  }
  if (answer.status >= 300) return [];
  const at = now();
  writeSyncState(db, 'lastHeartbeatAt', at, at);
  if (full.commandResults) {
    const reported = new Set(full.commandResults.map((result) => result.id));
    writeSyncState(db, 'commandResults', (readSyncState(db, 'commandResults') ?? []).filter((result) => !reported.has(result.id)), at);
  }
  const parsed = HeartbeatResponseSchema.safeParse(answer.body);
  return parsed.success ? (parsed.data.commands ?? []) : [];
}

/** The heartbeat's lastError must be clean text of at most 500 characters. */
export function cleanForServer(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500);
}
