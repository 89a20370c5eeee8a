import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../server/db/connect';
import { RosterImportError } from '../../server/errors';
import { importRoster } from '../../server/roster';
import fixture from '../fixtures/roster.json';
import { backend, freshPostgresDatabase } from './helpers';

describe(`units form a tree (${backend})`, () => {
  let database: OpenedDatabase;
  let drop = async () => {};
  beforeAll(async () => {
    if (backend === 'postgres') {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      database = await openDatabase({ databaseUrl: fresh.url });
    } else database = await openDatabase({});
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  const parents = () => database.db.selectFrom('units').select(['id', 'parent_id']).orderBy('id').execute();

  it('a parent that exists nowhere is a refused roster, and nothing is stored', async () => {
    const orphan = { units: [{ id: 'bg-x', name: 'Xã X', level: 'commune', parentId: 'bg-nowhere' }], counters: [], staff: [] };
    const error = await importRoster(database.db, orphan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RosterImportError);
    expect((error as RosterImportError).issues.join('\n')).toContain('unknown unit bg-nowhere');
    expect(await parents()).toEqual([]);
  });

  it('a unit that is its own parent is refused by the roster’s schema', async () => {
    const self = { units: [{ id: 'bg-x', name: 'Xã X', level: 'commune', parentId: 'bg-x' }], counters: [], staff: [] };
    await expect(importRoster(database.db, self)).rejects.toThrow(/own parent/);
  });

  it('the fixture puts the commune Phượng Sơn under the district’s one-stop section', async () => {
    await importRoster(database.db, fixture);
    expect(await parents()).toEqual([
      { id: 'bg-ln-motcua', parent_id: null },
      { id: 'bg-ln-phuongson', parent_id: 'bg-ln-motcua' },
      { id: 'bg-ttpvhcc', parent_id: null },
    ]);
  });

  it('a later file without parentId (an older HR export) leaves the tree as it is', async () => {
    const withoutParents = { ...fixture, units: fixture.units.map(({ parentId: _parentId, ...unit }) => unit) };
    await importRoster(database.db, withoutParents);
    expect((await parents()).find((u) => u.id === 'bg-ln-phuongson')?.parent_id).toBe('bg-ln-motcua');
  });

  it('a loop through the units already on the server is refused, and changes nothing', async () => {
    const loop = { units: [{ ...fixture.units[1]!, parentId: 'bg-ln-phuongson' }], counters: [], staff: [] };
    await expect(importRoster(database.db, loop)).rejects.toThrow(/loop/);
    expect((await parents()).find((u) => u.id === 'bg-ln-motcua')?.parent_id).toBeNull();
  });
});
