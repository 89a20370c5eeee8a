/**
 * Citizens' comments for the console: a scope and a period, newest first, filtered by unit (with
 * the units under it), counter, officer and score, searched without tones or case. Read from the
 * ratings table through the partial indexes of migration 0008. Personal data is masked here,
 * before anything leaves the server, unless the user may see it (Decree 13/2023/NĐ-CP).
 */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Comment, CommentsPageSchema, CommentsQuery } from '../../shared/console/api';
import { maskPersonalData } from '../../shared/personal-data';
import { periodBounds } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { ConsoleError } from '../console/errors';
import type { UserScope } from '../console/scope';
import { likeContaining, searchWords } from './comment-search';

export type CommentsPage = z.output<typeof CommentsPageSchema>;

/** The units, counter and officer a comments query may read, after checking each against the scope. */
async function resolveFilters(db: ServerDb, scope: UserScope, query: CommentsQuery) {
  let unitIds: string[] | null = scope.isProvince ? null : scope.visibleUnits().map((u) => u.id);
  if (query.unit) {
    scope.requireUnit(query.unit);
    unitIds = [...scope.subtree(query.unit)].filter((id) => scope.includes(id));
  }
  if (query.counter) {
    const counter = await db.selectFrom('counters').select('unit_id').where('id', '=', query.counter).executeTakeFirst();
    if (!counter) throw new ConsoleError(403, 'out_of_scope', { unit: query.counter });
    scope.requireUnit(counter.unit_id);
  }
  if (query.staff) {
    const officer = await db.selectFrom('staff').select('unit_id').where('id', '=', query.staff).executeTakeFirst();
    if (!officer) throw new ConsoleError(403, 'out_of_scope', { unit: query.staff });
    scope.requireUnit(officer.unit_id);
  }
  return unitIds;
}

export async function listComments(db: ServerDb, scope: UserScope, query: CommentsQuery): Promise<CommentsPage> {
  const unitIds = await resolveFilters(db, scope, query);
  const { start, end } = periodBounds(query);
  const words = query.q ? searchWords(query.q) : [];
  let base = db
    .selectFrom('ratings as r')
    .where('r.comment', 'is not', null)
    .where('r.corrected_at', '>=', start)
    .where('r.corrected_at', '<', end);
  if (unitIds !== null) base = unitIds.length === 0 ? base.where(sql<boolean>`false`) : base.where('r.unit_id', 'in', unitIds);
  if (query.counter) base = base.where('r.counter_id', '=', query.counter);
  if (query.staff) base = base.where('r.staff_id', '=', query.staff);
  if (query.score) base = base.where('r.score', '=', query.score);
  for (const word of words) base = base.where(sql<boolean>`r.comment_key LIKE ${likeContaining(word)} ESCAPE '\\'`);

  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const offset = (query.page - 1) * query.pageSize;
  // A page past the end costs nothing: no rows are skipped to find it empty.
  const rows =
    offset >= total
      ? []
      : await base
          .innerJoin('units as u', 'u.id', 'r.unit_id')
          .innerJoin('counters as c', 'c.id', 'r.counter_id')
          .leftJoin('staff as s', 's.id', 'r.staff_id')
          .select(['r.id', 'r.corrected_at', 'r.score', 'r.unit_id', 'u.name as unit_name', 'r.counter_id', 'c.name as counter_name', 'r.staff_id', 's.full_name', 'r.comment'])
          .orderBy('r.corrected_at', 'desc')
          .orderBy('r.id', 'desc')
          .limit(query.pageSize)
          .offset(offset)
          .execute();
  const items = rows.map((row): Comment => {
    const { text, masked } = scope.user.maySeePersonalData ? { text: row.comment!, masked: 0 } : maskPersonalData(row.comment!);
    return {
      id: row.id,
      at: row.corrected_at,
      score: row.score,
      unitId: row.unit_id,
      unitName: row.unit_name,
      counterId: row.counter_id,
      counterName: row.counter_name,
      staffId: row.staff_id,
      staffName: row.full_name ?? null,
      text,
      masked,
    };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}
