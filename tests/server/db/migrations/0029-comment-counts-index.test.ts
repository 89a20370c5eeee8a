import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

const indexes = async (m: MigrationDb) =>
  (await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ratings' AND indexname LIKE 'ratings_comments%' ORDER BY indexname`.execute(m.db)).rows;

describe('migration 0029-comment-counts-index', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('puts the score in the comments’ time index, so comments are counted by score without reading the table, and keeps the newest-first order', async () => {
    m = await databaseAt('0028-sealed-relay-password');
    expect((await indexes(m)).map((i) => i.indexname)).toEqual(['ratings_comments_time', 'ratings_comments_unit_time']);
    await m.migrateTo('0029-comment-counts-index');
    const after = await indexes(m);
    expect(after.map((i) => i.indexname)).toEqual(['ratings_comments_time_score', 'ratings_comments_unit_time']);
    expect(after[0]!.indexdef).toMatch(/\(corrected_at, id\) INCLUDE \(score\) WHERE \(comment IS NOT NULL\)/);
  });
});
