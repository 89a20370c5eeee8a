import { sql, type Kysely, type Migration } from 'kysely';
import { commentSearchKey } from '../../reports/comment-search';
import { runStatements } from './statements';

/**
 * Citizens' comments are listed for a scope and a period, newest first, and searched without
 * tones or case. Each comment gets its search key (server/reports/comment-search.ts: made from
 * the masked text) in `comment_key`, filled here for the ratings already stored; ingest fills it
 * from now on. Two partial indexes hold only the ratings with a comment, in time order: one for
 * the province, one per unit.
 */
export const commentSearch: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      'ALTER TABLE ratings ADD COLUMN comment_key text',
      'CREATE INDEX ratings_comments_time ON ratings (corrected_at, id) WHERE comment IS NOT NULL',
      'CREATE INDEX ratings_comments_unit_time ON ratings (unit_id, corrected_at, id) WHERE comment IS NOT NULL',
    ]);
    // The key needs JavaScript (tones are removed by Unicode decomposition): a page at a time.
    let after = '';
    for (;;) {
      const page = await sql<{ id: string; comment: string }>`
        SELECT id, comment FROM ratings WHERE comment IS NOT NULL AND id > ${after} ORDER BY id LIMIT 2000`.execute(db);
      if (page.rows.length === 0) break;
      const keys = sql.join(page.rows.map((row) => sql`(${row.id}, ${commentSearchKey(row.comment)})`));
      await sql`UPDATE ratings SET comment_key = k.key FROM (VALUES ${keys}) AS k (id, key) WHERE ratings.id = k.id`.execute(db);
      after = page.rows[page.rows.length - 1]!.id;
    }
  },
};
