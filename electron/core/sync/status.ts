import type { Database } from 'better-sqlite3';
import { syncErrorCode } from '../../../shared/kiosk-admin';
import type { SyncError, SyncPhase, SyncStatus } from '../../../shared/sync-status';
import { pendingStats, recentQuarantined } from './outbox';
import { readSetting } from '../settings';
import { pairingStatus } from './pairing';
import { readSyncState } from './state';

/** What only the running engine knows; the rest of the status is read from the database. */
export interface EngineState {
  secretStorage: string;
  secretStorageProtected: boolean;
  consecutiveFailures: number;
  nextAttemptAt: number | null;
  running: boolean;
  /** The last error of this process (it may be the database that failed). */
  lastError: { at: number; message: string } | null;
  clockOffsetMs: number | null;
}

/**
 * The state of sync for IT staff (KioskApi `getSyncStatus`). Reads only; never waits on the network.
 * `db` is null while the kiosk's storage is unavailable.
 */
export function syncStatus(db: Database | null, engine: EngineState, now: number): SyncStatus {
  const base = {
    secretStorage: engine.secretStorage,
    secretStorageProtected: engine.secretStorageProtected,
    consecutiveFailures: engine.consecutiveFailures,
    nextAttemptAt: engine.nextAttemptAt,
  };
  if (!db) {
    return {
      ...base,
      phase: 'storage_unavailable',
      enrolled: false,
      serverUrl: null,
      serverDeviceId: null,
      unitId: null,
      enrolledAt: null,
      serverSignsAnswers: false,
      enrolment: { pending: false, source: null, error: null },
      pendingCount: 0,
      oldestPendingAgeMs: null,
      quarantinedCount: 0,
      quarantined: [],
      lastSuccessAt: null,
      lastError: withCode(engine.lastError),
      clockOffsetMs: engine.clockOffsetMs,
      pairing: null,
      counter: { id: null, assignedBy: null, choices: [] },
      versions: { roster: null, settings: null },
    };
  }
  const serverDeviceId = readSyncState(db, 'serverDeviceId') ?? null;
  const pending = readSyncState(db, 'pendingEnrolment');
  const stats = pendingStats(db);
  const enrolled = serverDeviceId !== null;
  return {
    ...base,
    phase: phaseOf({ enrolling: pending !== undefined, enrolled, ...engine }),
    enrolled,
    serverUrl: readSyncState(db, 'serverUrl') ?? null,
    serverDeviceId,
    unitId: readSyncState(db, 'unitId') ?? null,
    enrolledAt: readSyncState(db, 'enrolledAt') ?? null,
    serverSignsAnswers: readSyncState(db, 'serverSignsAnswers') !== undefined,
    enrolment: {
      pending: pending !== undefined,
      source: pending?.source ?? null,
      error: withCode(readSyncState(db, 'enrolmentError') ?? null),
    },
    pendingCount: stats.pendingCount,
    oldestPendingAgeMs: stats.oldestPendingCreatedAt === null ? null : Math.max(0, now - stats.oldestPendingCreatedAt),
    quarantinedCount: stats.quarantinedCount,
    quarantined: recentQuarantined(db),
    lastSuccessAt: readSyncState(db, 'lastSuccessAt') ?? null,
    lastError: withCode(engine.lastError ?? readSyncState(db, 'lastError') ?? null),
    clockOffsetMs: engine.clockOffsetMs,
    pairing: pairingStatus(db),
    counter: counterStatus(db),
    versions: { roster: readSyncState(db, 'rosterEtag') ?? null, settings: readSyncState(db, 'configEtag') ?? null },
  };
}

/** The error with its code, read from the journalled message (errors stored by older versions too). */
function withCode(error: { at: number; message: string } | null): SyncError | null {
  return error && { ...error, code: syncErrorCode(error.message) };
}

/** The counter and who set it; the unit's counters to choose from while the server assigned none. */
function counterStatus(db: Database): SyncStatus['counter'] {
  const id = readSetting<string>(db, 'counterId') ?? null;
  const fromServer = serverCounter(db);
  const assignedBy = id === null ? null : fromServer === id ? 'server' : 'kiosk';
  const unitId = readSyncState(db, 'unitId');
  const choices =
    fromServer === null && unitId
      ? (db.prepare('SELECT id, name, desk_role AS deskRole FROM counters WHERE unit_id = ? ORDER BY name').all(unitId) as { id: string; name: string; deskRole: string }[])
      : [];
  return { id, assignedBy, choices };
}

/** The counter the server assigned: the last config's, else the enrolment code's; null when neither named one. */
export function serverCounter(db: Database): string | null {
  const fromConfig = readSyncState(db, 'serverCounterId');
  return fromConfig !== undefined ? fromConfig : (readSyncState(db, 'assignedCounterId') ?? null);
}

function phaseOf(state: { enrolling: boolean; enrolled: boolean; consecutiveFailures: number; running: boolean }): SyncPhase {
  if (state.enrolling) return 'enrolling';
  if (!state.enrolled) return 'not_enrolled';
  // A run after failures is a retry: IT staff see 'retrying' until one succeeds.
  if (state.consecutiveFailures > 0) return 'retrying';
  return state.running ? 'syncing' : 'idle';
}
