import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/db/migrate';
import { syncStatus, type EngineState } from '../../../../electron/core/sync/status';
import { writeSyncState } from '../../../../electron/core/sync/state';

const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);

const engine = (state: Partial<EngineState> = {}): EngineState => ({
  secretStorage: 'file (0600)',
  secretStorageProtected: true,
  consecutiveFailures: 0,
  nextAttemptAt: null,
  running: false,
  lastError: null,
  clockOffsetMs: null,
  ...state,
});

function kioskDatabase() {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

function addRating(db: Database.Database, seq: number, createdAt: number, state: { sent?: boolean; quarantined?: string } = {}) {
  db.prepare(
    `INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, created_at, scale, score,
       criteria, locale, app_version, updated_at, sent_at, quarantined_at, quarantine_reason)
     VALUES (?, ?, ?, 'd1', 'u1', 'c1', 'reception', ?, 'vn3', 3, '{}', 'vi', '0.1.0', ?, ?, ?, ?)`,
  ).run(`r${seq}`, seq, `f${seq}`, createdAt, createdAt, state.sent ? NOW : null, state.quarantined ? NOW : null, state.quarantined ?? null);
}

describe('the sync status IT staff read', () => {
  it('follows a kiosk from not enrolled, through enrolling, to idle, syncing and retrying', () => {
    const db = kioskDatabase();
    expect(syncStatus(db, engine(), NOW)).toMatchObject({ phase: 'not_enrolled', enrolled: false, serverUrl: null });
    writeSyncState(db, 'pendingEnrolment', { serverUrl: 'https://x.example', enrollmentCode: 'ABCDEF', deviceName: 'k', source: 'provisioning', requestedAt: 1 }, 1);
    expect(syncStatus(db, engine(), NOW)).toMatchObject({ phase: 'enrolling', enrolment: { pending: true, source: 'provisioning', error: null } });
    db.exec('DELETE FROM sync_state');
    writeSyncState(db, 'serverUrl', 'https://x.example', 1);
    writeSyncState(db, 'serverDeviceId', 'dev-1', 1);
    writeSyncState(db, 'unitId', 'u1', 1);
    writeSyncState(db, 'enrolledAt', 5, 5);
    expect(syncStatus(db, engine(), NOW)).toMatchObject({
      phase: 'idle',
      enrolled: true,
      serverUrl: 'https://x.example',
      serverDeviceId: 'dev-1',
      unitId: 'u1',
      enrolledAt: 5,
    });
    expect(syncStatus(db, engine({ running: true }), NOW).phase).toBe('syncing');
    // A run after failures is a retry: 'retrying' until one succeeds.
    expect(syncStatus(db, engine({ running: true, consecutiveFailures: 2, nextAttemptAt: NOW + 4_000 }), NOW)).toMatchObject({
      phase: 'retrying',
      consecutiveFailures: 2,
      nextAttemptAt: NOW + 4_000,
    });
  });

  it('counts the backlog and its oldest rating, and lists the quarantined ones with the server’s reason', () => {
    const db = kioskDatabase();
    addRating(db, 1, NOW - 90_000, { sent: true });
    addRating(db, 2, NOW - 60_000, { quarantined: 'conflict: the server holds different content under this id' });
    addRating(db, 3, NOW - 30_000);
    addRating(db, 4, NOW - 10_000);
    expect(syncStatus(db, engine(), NOW)).toMatchObject({
      pendingCount: 2,
      oldestPendingAgeMs: 30_000,
      quarantinedCount: 1,
      quarantined: [{ id: 'r2', seq: 2, createdAt: NOW - 60_000, quarantinedAt: NOW, reason: expect.stringMatching(/^conflict/) }],
    });
  });

  it('prefers this process’s last error to the stored one, and shows the clock offset and secret storage', () => {
    const db = kioskDatabase();
    writeSyncState(db, 'lastError', { at: 1, message: 'from an earlier run' }, 1);
    // An error stored by an older version gets its code when read (one the admin screen translates).
    expect(syncStatus(db, engine(), NOW).lastError).toEqual({ at: 1, message: 'from an earlier run', code: 'other' });
    const status = syncStatus(db, engine({ lastError: { at: 2, message: 'now' }, clockOffsetMs: -1_500 }), NOW);
    expect(status).toMatchObject({ lastError: { at: 2, message: 'now' }, clockOffsetMs: -1_500, secretStorage: 'file (0600)' });
  });

  it('gives each error the code the admin screen translates, and says which roster and settings versions were applied', () => {
    const db = kioskDatabase();
    writeSyncState(db, 'lastError', { at: 1, message: 'heartbeat: network error: fetch failed (ECONNREFUSED)' }, 1);
    writeSyncState(db, 'enrolmentError', { at: 1, message: 'enrolment refused: 403 enrollment_code_expired: this enrolment code has expired' }, 1);
    writeSyncState(db, 'rosterEtag', '"r-42"', 1);
    const status = syncStatus(db, engine(), NOW);
    expect(status.lastError?.code).toBe('network');
    expect(status.enrolment.error?.code).toBe('enrolment_code_expired');
    expect(status.versions).toEqual({ roster: '"r-42"', settings: null });
  });

  it('says the storage is unavailable, with the error kept in memory, when there is no database', () => {
    expect(syncStatus(null, engine({ lastError: { at: 3, message: 'SQLITE_FULL' }, consecutiveFailures: 1 }), NOW)).toMatchObject({
      phase: 'storage_unavailable',
      enrolled: false,
      pendingCount: 0,
      lastError: { at: 3, message: 'SQLITE_FULL' },
      consecutiveFailures: 1,
    });
  });
});
