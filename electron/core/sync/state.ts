import type { Database } from 'better-sqlite3';
import type { CommandResult, RosterProblem } from '../../../shared/fleet';

/**
 * The sync engine's bookkeeping in `sync_state` (migration 0005): one JSON value per key. Kept
 * apart from `settings`, which holds what IT staff may change.
 */
export interface SyncStateValues {
  /** The provincial server this kiosk is enrolled with, e.g. https://nucuoi.bacgiang.gov.vn */
  serverUrl: string;
  /** The id the server gave this kiosk at enrolment: it signs every request and is the ratings' deviceId. */
  serverDeviceId: string;
  unitId: string;
  /** The counter the enrolment code was bound to, applied once the roster knows it. */
  assignedCounterId: string;
  enrolledAt: number;
  /** An enrolment asked for (admin screen, provisioning file, environment) and not finished yet. */
  pendingEnrolment: PendingEnrolment;
  /** Why the last enrolment failed, for IT staff. */
  enrolmentError: { at: number; message: string };
  lastSuccessAt: number;
  lastError: { at: number; message: string };
  rosterEtag: string;
  configEtag: string;
  lastHeartbeatAt: number;
  /** Pairing with a server while not enrolled (pairing.ts); the poll token lets only this kiosk collect the answer. */
  pairing: PairingState;
  /** Settings of the last config that could not be applied (the others were): reported in the heartbeat. */
  settingsProblems: string[];
  /** Rows of the last roster that could not be applied (the others were): reported in the heartbeat. */
  rosterProblems: RosterProblem[];
  /** Commands carried out (their ids, so a command sent again is not done twice), and the results not yet reported. */
  commandsDone: string[];
  commandResults: CommandResult[];
  /** The counter the last config named (null: none; the kiosk may then be given one by IT staff on it). */
  serverCounterId: string | null;
  /** When IT staff last asked for the screen to reload (command reload_screen). */
  screenReloadRequestedAt: number;
  /**
   * Pinned when the server (of `serverUrl`) was first seen signing its answers: from then on an
   * answer without a valid signature is never used (answer-trust.ts). Cleared at each enrolment.
   */
  serverSignsAnswers: { since: number };
  /** The protocol revision the server's last config answer named (1 when it named none): from 3 on it takes the record chain. */
  serverRevision: number;
  /** The last `rating_refusals` row whose counts the server acknowledged (a 200 to the batch that carried them). */
  refusalsSentThrough: number;
}

export interface PairingState {
  serverUrl: string;
  deviceName: string;
  state: 'starting' | 'pending' | 'approved' | 'refused' | 'expired';
  startedAt: number;
  error?: string | null;
  ticket?: { pairingId: string; pollToken: string; code: string; expiresAt: number };
}

export interface PendingEnrolment {
  serverUrl: string;
  /** Single-use and short-lived; deleted as soon as the server has answered. */
  enrollmentCode: string;
  deviceName: string;
  source: 'admin' | 'provisioning' | 'environment' | 'pairing';
  requestedAt: number;
  /**
   * A UUIDv7 made once for this enrolment and re-sent on every retry of it, so the server answers
   * the same device again if an earlier answer was lost. Absent only in rows from older versions.
   */
  requestId?: string;
}

export type SyncStateKey = keyof SyncStateValues;

export function readSyncState<K extends SyncStateKey>(db: Database, key: K): SyncStateValues[K] | undefined {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as SyncStateValues[K]) : undefined;
}

export function writeSyncState<K extends SyncStateKey>(db: Database, key: K, value: SyncStateValues[K], now: number): void {
  db.prepare(
    `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}

export function deleteSyncState(db: Database, key: SyncStateKey): void {
  db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
}

const JOURNAL_KEEP = 500;

/** Appends one line to the sync journal, keeping only the most recent lines. */
export function journal(db: Database, at: number, kind: string, details: Record<string, unknown> = {}): void {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO sync_journal (at, kind, details) VALUES (?, ?, ?)')
    .run(at, kind, JSON.stringify(details));
  if (Number(lastInsertRowid) % 100 === 0) {
    db.prepare('DELETE FROM sync_journal WHERE id <= ?').run(Number(lastInsertRowid) - JOURNAL_KEEP);
  }
}

export interface JournalEntry {
  id: number;
  at: number;
  kind: string;
  details: Record<string, unknown>;
}

export function recentJournal(db: Database, limit = 20): JournalEntry[] {
  const rows = db
    .prepare('SELECT id, at, kind, details FROM sync_journal ORDER BY id DESC LIMIT ?')
    .all(limit) as (Omit<JournalEntry, 'details'> & { details: string })[];
  return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}
