import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0030-ingest-facts-on-devices', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('puts on each device its chain’s last segment as stored before, and starts its binding revision', async () => {
    m = await databaseAt('0029-comment-counts-index');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'province', parent_id: null }).execute();
    const device = { sealed_secret: 'c2VhbGVk', secret_key_id: 'k1', unit_id: 'u1', counter_id: null, name: 'K', app_version: '0.1.0', enrolled_at: 1 };
    await m.db.insertInto('devices').values([{ id: 'chained', ...device }, { id: 'unchained', ...device }] as never).execute();
    const segment = { device_id: 'chained', first_prev_hash: 'a'.repeat(64), records: 1, received_at: 1 };
    // The one that starts last is the tail, even when an earlier one reaches further (an overlap).
    await m.db
      .insertInto('chain_segments')
      .values([
        { ...segment, first_seq: 1, last_seq: 9, last_hash: 'b'.repeat(64) },
        { ...segment, first_seq: 5, last_seq: 6, last_hash: 'c'.repeat(64) },
        { ...segment, first_seq: 3, last_seq: 4, last_hash: 'd'.repeat(64) },
      ])
      .execute();
    await m.migrateTo('0030-ingest-facts-on-devices');
    const rows = await m.db
      .selectFrom('devices')
      .select(['id', 'binding_revision', 'chain_tail_first_seq', 'chain_tail_last_seq', 'chain_tail_hash'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'chained', binding_revision: 0, chain_tail_first_seq: 5, chain_tail_last_seq: 6, chain_tail_hash: 'c'.repeat(64) },
      { id: 'unchained', binding_revision: 0, chain_tail_first_seq: null, chain_tail_last_seq: null, chain_tail_hash: null },
    ]);
  });
});
