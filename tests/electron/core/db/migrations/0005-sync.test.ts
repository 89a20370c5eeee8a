import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../../electron/core/db/migrate';
import { journal, readSyncState, recentJournal, writeSyncState } from '../../../../../electron/core/sync/state';

describe('migration 0005-sync', () => {
  it('adds the sync engine’s records to a database at version 4, keeping its ratings unsent', () => {
    const db = new Database(':memory:');
    migrate(db, 4);
    db.prepare(
      `INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, created_at, scale, score,
         criteria, locale, app_version, updated_at)
       VALUES ('r1', 1, 'f1', 'd1', 'u1', 'c1', 'reception', 10, 'vn3', 3, '{}', 'vi', '0.1.0', 10)`,
    ).run();
    migrate(db, 5);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT id, sent_at, quarantined_at, sent_batch_id FROM ratings').all()).toEqual([
      { id: 'r1', sent_at: null, quarantined_at: null, sent_batch_id: null },
    ]);
    writeSyncState(db, 'serverUrl', 'https://example.test', 20);
    expect(readSyncState(db, 'serverUrl')).toBe('https://example.test');
    journal(db, 30, 'error', { message: 'network error' });
    expect(recentJournal(db)).toEqual([{ id: 1, at: 30, kind: 'error', details: { message: 'network error' } }]);
  });
});
