import Database from 'better-sqlite3';
import { existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE, openKioskDatabase } from '../../../../electron/core/db/open';
import { MIGRATIONS } from '../../../../electron/core/db/migrations';
import { tempDir } from '../helpers';

describe('opening the kiosk database', () => {
  it('creates it in the data folder with WAL, synchronous=FULL and the latest schema', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const { db, movedAside } = openKioskDatabase(dataDir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(movedAside).toEqual([]);
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
    db.close();
  });

  it('moves a file that is not a database aside under a timestamped name and starts fresh', () => {
    const dataDir = tempDir();
    const garbage = Buffer.from('this is not a database '.repeat(400));
    writeFileSync(join(dataDir, DATABASE_FILE), garbage);
    const at = Date.UTC(2026, 10, 21, 8, 30, 0);
    const { db, movedAside } = openKioskDatabase(dataDir, () => at);
    expect(movedAside).toHaveLength(1);
    expect(movedAside[0]!.path).toBe(join(dataDir, `${DATABASE_FILE}.damaged-2026-11-21T08-30-00-000Z`));
    expect(movedAside[0]!.reason).toMatch(/not a database|NOTADB/i);
    // Nothing is deleted: the damaged bytes are kept as they were.
    expect(readFileSync(movedAside[0]!.path)).toEqual(garbage);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('moves aside a database whose pages are damaged and starts a healthy one', () => {
    const dataDir = tempDir();
    const path = join(dataDir, DATABASE_FILE);
    const original = new Database(path);
    original.exec('CREATE TABLE filler (x TEXT); CREATE INDEX filler_x ON filler(x);');
    const insert = original.prepare('INSERT INTO filler VALUES (?)');
    original.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(10));
    })();
    original.close();
    // Scribble over the middle of the file, as a failing disk or a power cut mid-write might.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 5);
    closeSync(fd);

    const { db, movedAside } = openKioskDatabase(dataDir, () => Date.UTC(2026, 0, 2));
    expect(movedAside).toHaveLength(1);
    expect(movedAside[0]!.reason).toMatch(/integrity|malformed|corrupt/i);
    expect(readdirSync(dataDir).filter((f) => f.includes('.damaged-'))).toContain(`${DATABASE_FILE}.damaged-2026-01-02T00-00-00-000Z`);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('keeps listing earlier damaged files at later starts, for IT staff', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DATABASE_FILE), 'garbage'.repeat(1000));
    openKioskDatabase(dataDir, () => Date.UTC(2026, 0, 1)).db.close();
    const again = openKioskDatabase(dataDir);
    expect(again.movedAside.map((f) => f.path)).toEqual([join(dataDir, `${DATABASE_FILE}.damaged-2026-01-01T00-00-00-000Z`)]);
    again.db.close();
  });

  it('does not move a healthy database aside', () => {
    const dataDir = tempDir();
    const first = openKioskDatabase(dataDir);
    first.db.prepare("INSERT INTO settings VALUES ('k', '1', 1)").run();
    first.db.close();
    const second = openKioskDatabase(dataDir);
    expect(second.movedAside).toEqual([]);
    expect(second.db.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    second.db.close();
  });
});
