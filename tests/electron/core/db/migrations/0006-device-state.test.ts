import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';
import { ensureDeviceState, readDeviceState, writeClockOffset } from '../../../../../electron/core/device-state';
import { readKioskSettings } from '../../../../../electron/core/settings';

function atVersion5(settings: Record<string, unknown>): Database.Database {
  const db = new Database(':memory:');
  migrate(db, 5);
  const insert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 7)');
  for (const [key, value] of Object.entries(settings)) insert.run(key, JSON.stringify(value));
  return db;
}

const settingKeys = (db: Database.Database) =>
  (db.prepare('SELECT key FROM settings ORDER BY key').all() as { key: string }[]).map((row) => row.key);

describe('migration 0006-device-state', () => {
  it('moves the device id and the clock offset out of the settings, keeping the settings IT staff set', () => {
    const db = atVersion5({ deviceId: '019a0000-0000-7000-8000-000000000001', clockOffsetMs: -2_345, counterId: 'c1', idleTimeoutMs: 45_000 });
    migrate(db, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(readDeviceState(db)).toEqual({ deviceId: '019a0000-0000-7000-8000-000000000001', clockOffsetMs: -2_345 });
    expect(settingKeys(db)).toEqual(['counterId', 'idleTimeoutMs']);
    expect(readKioskSettings(db).idleTimeoutMs).toBe(45_000);
  });

  it('keeps a device that never had an offset without one, and drops an offset that is not a whole number', () => {
    const db = atVersion5({ deviceId: '019a0000-0000-7000-8000-000000000002', clockOffsetMs: 'soon' });
    migrate(db, 6);
    expect(readDeviceState(db)).toEqual({ deviceId: '019a0000-0000-7000-8000-000000000002', clockOffsetMs: null });
    expect(settingKeys(db)).toEqual([]);
  });

  it('leaves a database that never opened in a kiosk without a device, which the first start then makes', () => {
    const db = atVersion5({});
    migrate(db, 6);
    expect(readDeviceState(db)).toBeNull();
    const made = ensureDeviceState(db, Date.UTC(2026, 10, 23));
    expect(made.deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(ensureDeviceState(db, Date.UTC(2026, 10, 24))).toEqual(made);
    writeClockOffset(db, 1_500, Date.UTC(2026, 10, 24));
    expect(readDeviceState(db)).toEqual({ deviceId: made.deviceId, clockOffsetMs: 1_500 });
  });

  it('holds one device, with an id', () => {
    const db = atVersion5({});
    migrate(db, 6);
    ensureDeviceState(db, 1);
    expect(() => db.prepare(`INSERT INTO device_state VALUES (2, 'other', NULL, 1)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE device_state SET device_id = NULL').run()).toThrow(/NOT NULL/);
  });
});
