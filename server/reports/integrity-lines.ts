/**
 * The lines every report adds to its figures (docs/integrity.md, "What reports say"): how many
 * ratings of its scope and period were excluded after review and why, how many are held out until
 * reviewed, how many are flagged but not reviewed (and still count), and how many had an uncertain
 * time (by received time: they are in no day's figures). Read from the flags, which are few, and
 * the ratings they cover; the uncertain ones through their own partial index.
 */
import { sql, type RawBuilder } from 'kysely';
import { FLAG_REASONS, type FlagReason, type ReportIntegrity } from '../../shared/console/integrity';
import type { DeskRole } from '../../shared/rating';
import { periodBounds, type Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { HELD_UNTIL_REVIEWED } from '../integrity/exclusions';

export interface IntegrityScope {
  /** null: the whole province. */
  unitIds: readonly string[] | null;
  counterId?: string | undefined;
  /** '' for ratings given with no officer logged in. */
  staffId?: string | undefined;
  deskRole?: DeskRole | null | undefined;
}

function ratingConditions(scope: IntegrityScope): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (scope.unitIds !== null) where.push(scope.unitIds.length === 0 ? sql`false` : sql`r.unit_id IN (${sql.join(scope.unitIds)})`);
  if (scope.counterId !== undefined) where.push(sql`r.counter_id = ${scope.counterId}`);
  if (scope.staffId !== undefined) where.push(scope.staffId === '' ? sql`r.staff_id IS NULL` : sql`r.staff_id = ${scope.staffId}`);
  if (scope.deskRole) where.push(sql`r.desk_role = ${scope.deskRole}`);
  return where;
}

const HELD = sql.join(HELD_UNTIL_REVIEWED.map((reason) => sql.lit(reason)));

export async function reportIntegrity(db: ServerDb, period: Pick<Period, 'from' | 'to'>, scope: IntegrityScope): Promise<ReportIntegrity> {
  const { start, end } = periodBounds(period);
  const conditions = ratingConditions(scope);
  const and = conditions.length > 0 ? sql` AND ${sql.join(conditions, sql` AND `)}` : sql``;
  // The flags' span narrows the search before their ratings are read.
  const covered = sql`FROM rating_flags f
    JOIN rating_flag_ratings fr ON fr.flag_id = f.id
    JOIN ratings r ON r.id = fr.rating_id
    WHERE f.status IN ('open', 'confirmed') AND f.last_at >= ${start} AND f.first_at < ${end}
      AND NOT r.time_uncertain AND r.corrected_at >= ${start} AND r.corrected_at < ${end}${and}`;
  const held = sql`(f.status = 'open' AND f.reason IN (${HELD}))`;
  const [perReason, totals, uncertain] = await Promise.all([
    sql<{ reason: string; status: string; held: boolean; ratings: number }>`
      SELECT f.reason, f.status, ${held} AS held, count(DISTINCT r.id)::int AS ratings
      ${covered} AND (f.status = 'confirmed' OR ${held} OR r.counted)
      GROUP BY 1, 2, 3`.execute(db),
    sql<{ excluded: number; held: number; unreviewed: number }>`
      SELECT count(DISTINCT r.id) FILTER (WHERE f.status = 'confirmed')::int AS excluded,
        count(DISTINCT r.id) FILTER (WHERE ${held} AND NOT r.counted)::int AS held,
        count(DISTINCT r.id) FILTER (WHERE f.status = 'open' AND NOT ${held} AND r.counted)::int AS unreviewed
      ${covered}`.execute(db),
    sql<{ ratings: number; excluded: number }>`
      SELECT count(*)::int AS ratings,
        count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM rating_flag_ratings fr JOIN rating_flags f ON f.id = fr.flag_id WHERE fr.rating_id = r.id AND f.status = 'confirmed'
        ))::int AS excluded
      FROM ratings r WHERE r.time_uncertain AND r.received_at >= ${start} AND r.received_at < ${end}${and}`.execute(db),
  ]);
  const lines = (keep: (row: { status: string; held: boolean }) => boolean) => {
    const byReason = new Map<FlagReason, number>();
    for (const row of perReason.rows.filter(keep)) byReason.set(row.reason as FlagReason, (byReason.get(row.reason as FlagReason) ?? 0) + row.ratings);
    return FLAG_REASONS.filter((reason) => byReason.has(reason)).map((reason) => ({ reason, ratings: byReason.get(reason)! }));
  };
  const total = totals.rows[0] ?? { excluded: 0, held: 0, unreviewed: 0 };
  return {
    excluded: lines((row) => row.status === 'confirmed'),
    excludedTotal: total.excluded,
    heldUntilReviewed: total.held,
    unreviewed: lines((row) => row.status === 'open' && !row.held),
    unreviewedTotal: total.unreviewed,
    uncertainTime: uncertain.rows[0] ?? { ratings: 0, excluded: 0 },
  };
}

const REASON_VI: Record<FlagReason, string> = {
  no_session: 'không có phiên đăng nhập',
  device_volume: 'thiết bị gửi quá nhiều',
  burst: 'đánh giá dồn dập trong một phiên',
  near_login: 'ngay sau khi cán bộ đăng nhập',
  near_logout: 'ngay trước khi cán bộ đăng xuất',
  share_spike: 'tỷ lệ "Rất hài lòng" bất thường',
  off_hours: 'ngoài giờ làm việc',
  uncertain_time: 'thời gian không chắc chắn',
};

/** The lines in Vietnamese, for the command line's report (printed beside its table) and the evaluation report. */
export function integrityLinesVi(integrity: ReportIntegrity): string[] {
  const reasons = (lines: ReportIntegrity['excluded']) => lines.map((line) => `${REASON_VI[line.reason]}: ${line.ratings}`).join('; ');
  return [
    `Đánh giá bị loại sau khi xem xét: ${integrity.excludedTotal}${integrity.excluded.length > 0 ? ` (${reasons(integrity.excluded)})` : ''}`,
    `Đánh giá tạm loại chờ xem xét (thiết bị gửi quá nhiều): ${integrity.heldUntilReviewed}`,
    `Đánh giá bị gắn cờ, chưa xem xét (vẫn được tính): ${integrity.unreviewedTotal}${integrity.unreviewed.length > 0 ? ` (${reasons(integrity.unreviewed)})` : ''}`,
    `Đánh giá có thời gian không chắc chắn (theo thời điểm nhận, không tính vào ngày nào): ${integrity.uncertainTime.ratings}${integrity.uncertainTime.excluded > 0 ? `, trong đó bị loại: ${integrity.uncertainTime.excluded}` : ''}`,
  ];
}
