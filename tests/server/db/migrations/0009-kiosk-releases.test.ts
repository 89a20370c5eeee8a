import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../../../server/db/migrations';
import { databaseAt, type MigrationDb } from './harness';

const NAME = '0009-kiosk-releases';
/** The migration just before this one, whichever it is once the numbers between land. */
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(NAME) - 1]!;

describe(`migration ${NAME}`, () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('starts with both rings unpinned, updates not paused, no key, and kiosks enrolled before keep their rows', async () => {
    m = await databaseAt(BEFORE);
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị 1', level: 'province', parent_id: null }).execute();
    // Before 0010 the secret was stored in plaintext, in a column the current schema no longer has.
    await sql`INSERT INTO devices (id, secret, unit_id, name, app_version, enrolled_at) VALUES ('d1', ${'s'.repeat(43)}, 'u1', 'Quầy 01', '0.1.0', 1)`.execute(m.db);
    await m.migrateTo(NAME);
    expect(await m.db.selectFrom('update_rings').select(['ring', 'pinned_version']).orderBy('ring').execute()).toEqual([
      { ring: 'everyone', pinned_version: null },
      { ring: 'pilot', pinned_version: null },
    ]);
    expect(await m.db.selectFrom('update_feed').selectAll().execute()).toEqual([{ id: 1, paused_at: null }]);
    expect(await m.db.selectFrom('release_keys').selectAll().execute()).toEqual([]);
    expect(await m.db.selectFrom('devices').select(['id', 'updater_state', 'updater_reported_at']).execute()).toEqual([
      { id: 'd1', updater_state: null, updater_reported_at: null },
    ]);
  });

  it('keeps one release key in force, and rings to pilot and everyone', async () => {
    m = await databaseAt(NAME);
    await m.db.insertInto('release_keys').values({ public_key: 'k1', registered_at: 1, retired_at: null }).execute();
    await expect(m.db.insertInto('release_keys').values({ public_key: 'k2', registered_at: 2, retired_at: null }).execute()).rejects.toThrow();
    await m.db.insertInto('release_keys').values({ public_key: 'k0', registered_at: 0, retired_at: 1 }).execute();
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị 1', level: 'province', parent_id: null }).execute();
    await expect(m.db.insertInto('unit_update_rings').values({ unit_id: 'u1', ring: 'beta' as never, updated_at: 1 }).execute()).rejects.toThrow();
    await expect(m.db.insertInto('unit_update_rings').values({ unit_id: 'nope', ring: 'pilot', updated_at: 1 }).execute()).rejects.toThrow();
  });
});
