/**
 * A report page (shared/console/api.ts Report, made by server/reports/report.ts for the page
 * itself) as the tables of an export: the same figures, cell for cell, with the same rule for
 * groups under the minimum (their count stays, their levels and shares are left empty).
 */
import type { Behaviour, Counts, Report, ReportRow, TrendPoint } from '../../shared/console/api';
import { CRITERIA } from '../../shared/criteria';
import { CRITERION_NAMES_VI, DESK_ROLE_NAMES_VI, periodWithCampaignsVi, PROVINCE_VI, LEVEL_NAMES_VI, WITHOUT_OFFICER_VI } from '../reports/labels-vi';
import { vietnamTimeText, type ExportCell, type ExportColumn, type ExportTable } from './table';

export interface ExportContext {
  campaigns: readonly { name: string; from: string; to: string }[];
  /** Who exported, for the information sheet. */
  exportedBy: string;
  exportedAt: number;
}

/** Ratings, the satisfaction rate and the three levels: the columns of every table of counts. */
export const COUNT_COLUMNS: ExportColumn[] = [
  { header: 'Số đánh giá', kind: 'count' },
  { header: 'Tỷ lệ hài lòng (%)', kind: 'percent' },
  { header: 'Rất hài lòng', kind: 'count' },
  { header: 'Hài lòng', kind: 'count' },
  { header: 'Không hài lòng', kind: 'count' },
  { header: 'Rất hài lòng (%)', kind: 'percent' },
  { header: 'Hài lòng (%)', kind: 'percent' },
  { header: 'Không hài lòng (%)', kind: 'percent' },
];

/** As the console shows them: under the minimum only the number of ratings (a count of 1 is one citizen's choice). */
export function countCells(counts: Counts): ExportCell[] {
  const hidden = counts.tooFew;
  return [
    counts.ratings,
    counts.satisfactionPct,
    hidden ? null : counts.verySatisfied,
    hidden ? null : counts.satisfied,
    hidden ? null : counts.notSatisfied,
    counts.verySatisfiedPct,
    counts.satisfiedPct,
    counts.notSatisfiedPct,
  ];
}

const SUBJECT_KIND_VI = { province: 'Toàn tỉnh', unit: 'Đơn vị', counter: 'Quầy', staff: 'Cán bộ' } as const;

function detailVi(kind: ReportRow['kind'] | Report['subject']['kind'], detail: string | null): string | null {
  if (detail === null) return null;
  if (kind === 'unit') return LEVEL_NAMES_VI[detail] ?? detail;
  if (kind === 'counter') return DESK_ROLE_NAMES_VI[detail as keyof typeof DESK_ROLE_NAMES_VI] ?? detail;
  return detail;
}

/** The first sheet: what the file holds, for whoever opens it later. */
export function informationTable(entries: [string, ExportCell][]): ExportTable {
  return { id: 'information', sheet: 'Thông tin', columns: [{ header: 'Mục', kind: 'text' }, { header: 'Nội dung', kind: 'text' }], rows: entries };
}

function rankedTable(id: 'units' | 'counters' | 'staff', rows: ReportRow[]): ExportTable {
  const names = { units: ['Đơn vị trực thuộc', 'Đơn vị', 'Cấp'], counters: ['Quầy', 'Quầy', 'Bộ phận'], staff: ['Cán bộ', 'Cán bộ', 'Chức danh'] }[id];
  return {
    id,
    sheet: names[0]!,
    columns: [{ header: 'Hạng', kind: 'count' }, { header: 'Mã', kind: 'text' }, { header: names[1]!, kind: 'text' }, { header: names[2]!, kind: 'text' }, ...COUNT_COLUMNS],
    rows: rows.map((row) => [row.rank, row.id, row.name, detailVi(row.kind, row.detail), ...countCells(row.counts)]),
  };
}

function behavioursTable(columns: { label: string | null; behaviours: Behaviour[] }[]): ExportTable {
  const suffix = (label: string | null) => (label === null ? '' : ` – ${label}`);
  return {
    id: 'behaviours',
    sheet: 'Tiêu chí 4 xin 4 luôn',
    columns: [
      { header: 'Tiêu chí', kind: 'text' },
      { header: 'Nhóm', kind: 'text' },
      ...columns.flatMap(({ label }): ExportColumn[] => [
        { header: `Tỷ lệ “có” (%)${suffix(label)}`, kind: 'percent' },
        { header: `Số người trả lời${suffix(label)}`, kind: 'count' },
      ]),
    ],
    rows: CRITERIA.map((criterion) => [
      CRITERION_NAMES_VI[criterion.key],
      criterion.group === 'xin' ? '4 xin' : '4 luôn',
      ...columns.flatMap(({ behaviours }) => {
        const behaviour = behaviours.find((b) => b.key === criterion.key)!;
        return [behaviour.yesPct, behaviour.answered];
      }),
    ]),
  };
}

function monthsTable(trend: TrendPoint[], others: { label: string; trend: TrendPoint[] }[]): ExportTable {
  return {
    id: 'months',
    sheet: 'Theo tháng',
    columns: [
      { header: 'Tháng', kind: 'text' },
      ...COUNT_COLUMNS,
      ...others.flatMap(({ label }): ExportColumn[] => [
        { header: `Số đánh giá – ${label}`, kind: 'count' },
        { header: `Tỷ lệ hài lòng (%) – ${label}`, kind: 'percent' },
      ]),
    ],
    rows: trend.map((point) => [
      `${point.month.slice(5)}/${point.month.slice(0, 4)}`,
      ...countCells(point.counts),
      ...others.flatMap((other) => {
        const counts = other.trend.find((p) => p.month === point.month)?.counts;
        return counts ? [counts.ratings, counts.satisfactionPct] : [null, null];
      }),
    ]),
  };
}

/** Every table of a report page, in the page's order; a table the page does not show is not there. */
export function reportTables(report: Report, context: ExportContext): ExportTable[] {
  const subject = report.subject.name;
  const period = periodWithCampaignsVi(report.period, context.campaigns);
  const comparison = report.comparison;
  const tables: ExportTable[] = [];
  const totals: ExportCell[][] = [
    [subject, period, ...countCells(report.measures.totals)],
    [subject, periodWithCampaignsVi(report.previousPeriod, context.campaigns), ...countCells(report.previousTotals)],
  ];
  if (report.subject.kind !== 'staff' && report.withoutOfficer.ratings > 0) totals.push([`Trong đó: ${WITHOUT_OFFICER_VI}`, period, ...countCells(report.withoutOfficer)]);
  tables.push({ id: 'totals', sheet: 'Tổng hợp', columns: [{ header: 'Đối tượng', kind: 'text' }, { header: 'Kỳ', kind: 'text' }, ...COUNT_COLUMNS], rows: totals });
  tables.push({
    id: 'desks',
    sheet: 'Theo bộ phận',
    columns: [{ header: 'Bộ phận', kind: 'text' }, ...COUNT_COLUMNS],
    rows: [
      [DESK_ROLE_NAMES_VI.reception, ...countCells(report.byDeskRole.reception)],
      [DESK_ROLE_NAMES_VI.results, ...countCells(report.byDeskRole.results)],
    ],
  });
  tables.push(
    behavioursTable(
      comparison
        ? [
            { label: subject, behaviours: report.measures.behaviours },
            { label: comparison.unit.name, behaviours: comparison.unit.behaviours },
            { label: PROVINCE_VI, behaviours: comparison.province.behaviours },
          ]
        : [{ label: null, behaviours: report.measures.behaviours }],
    ),
  );
  tables.push(
    monthsTable(
      report.measures.trend,
      comparison
        ? [
            { label: comparison.unit.name, trend: comparison.unit.trend },
            { label: PROVINCE_VI, trend: comparison.province.trend },
          ]
        : [],
    ),
  );
  if (report.units.length > 0) tables.push(rankedTable('units', report.units));
  if (report.counters.length > 0) tables.push(rankedTable('counters', report.counters));
  if (report.staff.length > 0) tables.push(rankedTable('staff', report.staff));
  if (comparison) {
    tables.push({
      id: 'comparison',
      sheet: 'So sánh',
      columns: [{ header: 'Đối tượng', kind: 'text' }, ...COUNT_COLUMNS],
      rows: [
        [subject, ...countCells(report.measures.totals)],
        [comparison.unit.name, ...countCells(comparison.unit.totals)],
        [PROVINCE_VI, ...countCells(comparison.province.totals)],
      ],
    });
  }
  return tables;
}

/** The information sheet of a report page's workbook. */
export function reportInformation(report: Report, context: ExportContext): ExportTable {
  return informationTable([
    ['Báo cáo', report.subject.name],
    ['Loại', SUBJECT_KIND_VI[report.subject.kind]],
    ['Chi tiết', detailVi(report.subject.kind, report.subject.detail)],
    ['Kỳ báo cáo', periodWithCampaignsVi(report.period, context.campaigns)],
    ['Từ ngày', report.period.from],
    ['Đến ngày', report.period.to],
    ['Bộ phận', report.deskRole ? DESK_ROLE_NAMES_VI[report.deskRole] : 'Cả hai bộ phận'],
    ['Số đánh giá tối thiểu để hiện tỷ lệ', report.minRatingsForFigures],
    ['Xuất bởi', context.exportedBy],
    ['Thời điểm xuất (giờ Việt Nam)', vietnamTimeText(context.exportedAt)],
  ]);
}
