import type { Database } from 'better-sqlite3';
import { uuidv7 } from '../../shared/uuid';
import { statement } from './db/statements';

/**
 * What the kiosk knows about itself (table `device_state`, migration 0006), kept apart from the
 * settings that IT staff may change.
 */
export interface DeviceState {
  /** The install id (UUIDv7), made at the first start; the server's own device id is sync state. */
  deviceId: string;
  /** Server time minus kiosk time, as last estimated by the sync engine; null before any answer. */
  clockOffsetMs: number | null;
}

export function readDeviceState(db: Database): DeviceState | null {
  return (
    (statement(db, 'SELECT device_id AS deviceId, clock_offset_ms AS clockOffsetMs FROM device_state WHERE id = 1').get() as
      | DeviceState
      | undefined) ?? null
  );
}

/** The device's state, made (with a new install id) the first time the database is opened. */
export function ensureDeviceState(db: Database, now: number): DeviceState {
  const existing = readDeviceState(db);
  if (existing) return existing;
  const made: DeviceState = { deviceId: uuidv7(now), clockOffsetMs: null };
  statement(db, 'INSERT INTO device_state (id, device_id, clock_offset_ms, updated_at) VALUES (1, ?, NULL, ?)').run(
    made.deviceId,
    now,
  );
  return made;
}

/** Keeps the clock-offset estimate that every new rating then carries. */
export function writeClockOffset(db: Database, offsetMs: number, now: number): void {
  statement(db, 'UPDATE device_state SET clock_offset_ms = ?, updated_at = ? WHERE id = 1').run(Math.round(offsetMs), now);
}
