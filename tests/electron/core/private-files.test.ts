import { chmodSync, lstatSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/app';
import { DATABASE_FILE } from '../../../electron/core/db/open';
import { makeDataDirPrivate } from '../../../electron/core/private-files';
import { notOwnerOnly, olderKioskFolder, readableByAnotherAccount } from './file-modes';
import { tempDir } from './helpers';
import { enrol, rateMany, startDemoServer, syncKiosk } from './sync/helpers';

describe.skipIf(process.platform === 'win32')('the kiosk’s data folder is its own', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(() => server.close());

  it('after a kiosk has run, rated and synced, no other local account can read a rating, a comment or the secret', async () => {
    const dataDir = olderKioskFolder();
    // The attack of the review works on what older versions left: another account reads the database.
    if (readableByAnotherAccount(join(dataDir, DATABASE_FILE)) !== null) expect(readableByAnotherAccount(join(dataDir, DATABASE_FILE))).toBe(true);
    const kiosk = syncKiosk({ dataDir });
    await enrol(kiosk.core, server);
    const [id] = rateMany(kiosk.core, 3);
    kiosk.core.call('updateRating', { id, comment: 'Cán bộ hướng dẫn tận tình' });
    expect((await kiosk.engine.syncNow({ full: true })).ok).toBe(true);
    rateMany(kiosk.core, 2); // more writes after the sync: the WAL grows
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining([DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'device-secret']));
    expect(notOwnerOnly(dataDir)).toEqual([]);
    for (const name of readdirSync(dataDir)) {
      const readable = readableByAnotherAccount(join(dataDir, name));
      if (readable !== null) expect(readable, name).toBe(false);
    }
    kiosk.core.close();
  });

  it('repairs without following a link out of the folder', () => {
    const dataDir = tempDir('kiosk-modes-');
    const outside = join(tempDir('elsewhere-'), 'shared.txt');
    writeFileSync(outside, 'not the kiosk’s', { mode: 0o644 });
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link'));
    writeFileSync(join(dataDir, 'provisioning.json.consumed-2026'), '{}', { mode: 0o644 });
    chmodSync(join(dataDir, 'provisioning.json.consumed-2026'), 0o644);
    expect(makeDataDirPrivate(dataDir)).toEqual([]);
    expect(lstatSync(outside).mode & 0o777).toBe(0o644);
    expect(notOwnerOnly(dataDir)).toEqual([]);
  });
});
