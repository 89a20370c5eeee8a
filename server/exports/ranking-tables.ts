/**
 * A fair ranking (shared/console/rankings.ts Ranking, as the console's page receives it) as the
 * tables of an export: the information sheet with the formula and its parameters, the ranked
 * rows, and those with not enough ratings. A CSV holds both lists in one table, ranked first, as
 * the command line prints it.
 */
import type { Ranking, RankingRow } from '../../shared/console/rankings';
import { DESK_ROLE_NAMES_VI, periodWithCampaignsVi, PROVINCE_VI, LEVEL_NAMES_VI } from '../reports/labels-vi';
import { informationTable, type ExportContext } from './report-tables';
import { vietnamTimeText, type ExportCell, type ExportColumn, type ExportTable } from './table';

function columns(ranking: Ranking): ExportColumn[] {
  const staff = ranking.by === 'staff';
  return [
    { header: 'Hạng', kind: 'count' },
    { header: 'Mã', kind: 'text' },
    { header: staff ? 'Cán bộ' : 'Đơn vị', kind: 'text' },
    { header: staff ? 'Chức danh' : 'Cấp', kind: 'text' },
    ...(staff ? [{ header: 'Đơn vị', kind: 'text' } as const] : []),
    { header: 'Số đánh giá', kind: 'count' },
    { header: 'Tỷ lệ hài lòng (%)', kind: 'percent' },
    { header: 'Điểm xếp hạng (%)', kind: 'score' },
    { header: 'Cận dưới khoảng tin cậy 95% (%)', kind: 'percent' },
    { header: 'Cận trên khoảng tin cậy 95% (%)', kind: 'percent' },
    { header: 'Rất hài lòng', kind: 'count' },
    { header: 'Hài lòng', kind: 'count' },
    { header: 'Không hài lòng', kind: 'count' },
  ];
}

function row(ranking: Ranking, r: RankingRow): ExportCell[] {
  const hidden = r.counts.tooFew;
  return [
    r.rank,
    r.key,
    r.name,
    ranking.by === 'unit' && r.detail ? (LEVEL_NAMES_VI[r.detail] ?? r.detail) : r.detail,
    ...(ranking.by === 'staff' ? [r.unitName] : []),
    r.counts.ratings,
    r.counts.satisfactionPct,
    r.scorePct,
    r.ciLowPct,
    r.ciHighPct,
    hidden ? null : r.counts.verySatisfied,
    hidden ? null : r.counts.satisfied,
    hidden ? null : r.counts.notSatisfied,
  ];
}

const WEIGHT_FROM_VI = { median: 'trung vị số đánh giá của kỳ', setting: 'do tỉnh đặt', request: 'chọn cho lần xếp hạng này' } as const;

export function rankingInformation(ranking: Ranking, context: ExportContext): ExportTable {
  const { parameters } = ranking;
  return informationTable([
    ['Xếp hạng', ranking.by === 'staff' ? 'Cán bộ' : 'Đơn vị (mỗi đơn vị theo các quầy của mình)'],
    ['Phạm vi', ranking.unit ? `${ranking.unit.name} (gồm các đơn vị trực thuộc)` : PROVINCE_VI],
    ['Kỳ', periodWithCampaignsVi(ranking.period, context.campaigns)],
    ['Từ ngày', ranking.period.from],
    ['Đến ngày', ranking.period.to],
    ['Bộ phận', ranking.deskRole ? DESK_ROLE_NAMES_VI[ranking.deskRole] : 'Cả hai bộ phận'],
    // P, not p̄: a combining macron is drawn apart from its letter by some spreadsheet fonts.
    ['Công thức điểm', 'Điểm = (n·p + m·P) ÷ (n + m); n: số đánh giá, p: tỷ lệ hài lòng, P: tỷ lệ hài lòng chung của phạm vi, m: trọng số'],
    ['Trọng số m', `${parameters.weight} (${WEIGHT_FROM_VI[parameters.weightFrom]})`],
    ['Tỷ lệ hài lòng chung P (%)', parameters.scopeSatisfactionPct],
    ['Số đánh giá của phạm vi', parameters.ratings],
    ['Số đánh giá tối thiểu để được xếp hạng', parameters.minRatings],
    ['Khoảng tin cậy', 'Khoảng tin cậy 95% Wilson của tỷ lệ hài lòng'],
    ['Xếp hạng bằng nhau', 'Điểm bằng nhau (làm tròn 2 chữ số thập phân) cùng hạng; xếp trước người có nhiều đánh giá hơn, rồi theo tên'],
    ['Xuất bởi', context.exportedBy],
    ['Thời điểm xuất (giờ Việt Nam)', vietnamTimeText(context.exportedAt)],
  ]);
}

/** The ranked rows and those with not enough ratings, each a sheet of the workbook. */
export function rankingTables(ranking: Ranking): ExportTable[] {
  return [
    { id: 'ranked', sheet: 'Xếp hạng', columns: columns(ranking), rows: ranking.ranked.map((r) => row(ranking, r)) },
    { id: 'not-enough', sheet: 'Chưa đủ số đánh giá', columns: columns(ranking), rows: ranking.notEnough.map((r) => row(ranking, r)) },
  ];
}

/** Both lists as one table, ranked first (a CSV holds one table). */
export function rankingCsvTable(ranking: Ranking): ExportTable {
  const [ranked, notEnough] = rankingTables(ranking);
  return { id: 'ranking', sheet: 'Xếp hạng', columns: ranked!.columns, rows: [...ranked!.rows, ...notEnough!.rows] };
}
