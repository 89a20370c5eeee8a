import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0008-comment-search', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('gives every stored comment its search key without tones, case or personal data, page after page', async () => {
    m = await databaseAt('0007-rating-rollups');
    // 2,500 ratings (more than one page of the backfill); every tenth without a comment.
    await sql`
      INSERT INTO ratings (id, device_id, seq, unit_id, counter_id, desk_role, staff_id, created_at, corrected_at, received_at,
        batch_id, scale, score, criteria, comment, locale, app_version, content_hash)
      SELECT 'r' || lpad(n::text, 5, '0'), 'dev', n, 'bg-ttpvhcc', 'ttpvhcc-q01', 'reception', NULL, 1, 1, 1,
        'b', 'vn3', 3, '{}', CASE WHEN n % 10 = 0 THEN NULL ELSE 'Cán bộ ĐỨC rất nhiệt tình ' || n END, 'vi', '0.1.0', 'h'
      FROM generate_series(1, 2500) AS n`.execute(m.db);
    await m.db
      .updateTable('ratings')
      .set({ comment: 'Gọi tôi: 0912 345 678 hoặc an.nguyen@gmail.com' } as never)
      .where('id', '=', 'r00001')
      .execute();

    await m.migrateTo('0008-comment-search');

    const rows = await m.db.selectFrom('ratings').select(['id', 'comment', 'comment_key']).orderBy('id').execute();
    expect(rows.find((r) => r.id === 'r00002')!.comment_key).toBe('can bo duc rat nhiet tinh 2');
    expect(rows.find((r) => r.id === 'r00001')!.comment_key).toBe('goi toi: •••• ••• •78 hoac a•••@•••.com');
    expect(rows.filter((r) => r.comment === null).every((r) => r.comment_key === null)).toBe(true);
    expect(rows.filter((r) => r.comment !== null && r.comment_key === null)).toEqual([]);
    expect(rows.filter((r) => r.comment !== null)).toHaveLength(2250);

    const indexes = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'ratings' ORDER BY indexname`.execute(m.db);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['ratings_comments_time', 'ratings_comments_unit_time']));
  });
});
