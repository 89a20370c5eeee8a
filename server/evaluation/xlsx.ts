/**
 * The evaluation report as an Excel workbook (.xlsx, exceljs): one sheet per table, headers in
 * Vietnamese, the header row frozen, counts as numbers and shares as fractions formatted "0.0%"
 * (so a spreadsheet computes with them), columns as wide as their Vietnamese text. Groups with
 * too few ratings keep their count and leave their levels and shares empty, as in the console.
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { Counts } from '../../shared/console/api';
import { CRITERIA } from '../../shared/criteria';
import { CRITERION_NAMES_VI, dateTimeVi, dayVi, DESK_ROLE_NAMES_VI, LEVEL_NAMES_VI, monthVi, periodNameVi, SCORE_NAMES_VI } from '../reports/labels-vi';
import type { EvaluationReport, EvaluationRow } from './report-data';

/** The sheets, in order, by their Vietnamese names (Excel allows 31 characters). */
export const EVALUATION_SHEETS = ['Tổng hợp', 'Tiêu chí', 'Theo tháng', 'Đơn vị', 'Quầy', 'Cán bộ', 'Xếp hạng', 'Ý kiến'] as const;

type Cell = string | number | null;
interface Column {
  header: string;
  kind: 'text' | 'count' | 'share';
}

const COUNT_COLUMNS: Column[] = [
  { header: 'Số đánh giá', kind: 'count' },
  { header: 'Rất hài lòng', kind: 'count' },
  { header: 'Hài lòng', kind: 'count' },
  { header: 'Không hài lòng', kind: 'count' },
  { header: 'Rất hài lòng (%)', kind: 'share' },
  { header: 'Hài lòng (%)', kind: 'share' },
  { header: 'Không hài lòng (%)', kind: 'share' },
  { header: 'Tỷ lệ hài lòng', kind: 'share' },
];

/** A share in percent (87.5) as the fraction a "0.0%" cell holds (0.875); empty when withheld. */
function share(pct: number | null, tooFew: boolean): number | null {
  return tooFew || pct === null ? null : Math.round(pct * 10) / 1000;
}

function countCells(counts: Counts): Cell[] {
  const level = (n: number) => (counts.tooFew ? null : n);
  return [
    counts.ratings,
    level(counts.verySatisfied),
    level(counts.satisfied),
    level(counts.notSatisfied),
    share(counts.verySatisfiedPct, counts.tooFew),
    share(counts.satisfiedPct, counts.tooFew),
    share(counts.notSatisfiedPct, counts.tooFew),
    share(counts.satisfactionPct, counts.tooFew),
  ];
}

/** Display width of a text in Excel's character units; Vietnamese letters with tones are one character each. */
function textWidth(value: Cell, kind: Column['kind']): number {
  if (value === null) return 0;
  if (typeof value === 'number') return kind === 'share' ? 7 : value.toLocaleString('vi-VN').length + 1;
  return [...value.normalize('NFC')].length;
}

function addTable(workbook: Workbook, name: string, columns: Column[], rows: Cell[][]): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.header));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { vertical: 'top', wrapText: true };
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    if (column.kind === 'share') sheetColumn.numFmt = '0.0%';
    if (column.kind === 'count') sheetColumn.numFmt = '#,##0';
    const widest = Math.max(Math.min(textWidth(column.header, 'text'), 24), ...rows.map((row) => textWidth(row[index] ?? null, column.kind)));
    sheetColumn.width = Math.min(Math.max(widest + 2, 8), 80);
  });
  return sheet;
}

function rowCells(rows: EvaluationRow[], detail: (row: EvaluationRow) => string, withUnit: boolean): Cell[][] {
  return rows.map((row) => [row.rank, row.id, row.name, detail(row), ...(withUnit ? [row.unitName] : []), ...countCells(row.counts)]);
}

/** The workbook's bytes. */
export async function evaluationWorkbook(report: EvaluationReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nụ cười';
  workbook.created = new Date(report.generatedAt);
  const text = (header: string): Column => ({ header, kind: 'text' });
  const rankColumn: Column = { header: 'Hạng', kind: 'count' };
  const period = `${periodNameVi(report.period, report.periodName)} (${dayVi(report.period.from)} – ${dayVi(report.period.to)})`;

  addTable(workbook, EVALUATION_SHEETS[0], [text('Phạm vi'), text('Kỳ báo cáo'), text('Nhóm'), ...COUNT_COLUMNS], [
    [report.subject.name, period, 'Tất cả', ...countCells(report.totals)],
    [report.subject.name, period, DESK_ROLE_NAMES_VI.reception, ...countCells(report.byDeskRole.reception)],
    [report.subject.name, period, DESK_ROLE_NAMES_VI.results, ...countCells(report.byDeskRole.results)],
    [report.subject.name, `${periodNameVi(report.previousPeriod)} (kỳ trước)`, 'Tất cả', ...countCells(report.previousTotals)],
  ]);
  addTable(
    workbook,
    EVALUATION_SHEETS[1],
    [text('Tiêu chí'), text('Nhóm'), { header: 'Số người trả lời', kind: 'count' }, { header: 'Số trả lời “có”', kind: 'count' }, { header: 'Tỷ lệ “có”', kind: 'share' }],
    CRITERIA.map((criterion) => {
      const b = report.behaviours.find((x) => x.key === criterion.key)!;
      return [CRITERION_NAMES_VI[criterion.key], criterion.group === 'xin' ? '4 xin' : '4 luôn', b.answered, b.tooFew ? null : b.yes, share(b.yesPct, b.tooFew)];
    }),
  );
  addTable(workbook, EVALUATION_SHEETS[2], [text('Tháng'), ...COUNT_COLUMNS], report.trend.map((p) => [monthVi(p.month), ...countCells(p.counts)]));
  addTable(
    workbook,
    EVALUATION_SHEETS[3],
    [rankColumn, text('Mã đơn vị'), text('Đơn vị'), text('Cấp'), ...COUNT_COLUMNS],
    rowCells(report.units, (row) => LEVEL_NAMES_VI[row.detail ?? ''] ?? row.detail ?? '', false),
  );
  addTable(
    workbook,
    EVALUATION_SHEETS[4],
    [rankColumn, text('Mã quầy'), text('Quầy'), text('Bộ phận'), text('Đơn vị'), ...COUNT_COLUMNS],
    rowCells(report.counters, (row) => DESK_ROLE_NAMES_VI[row.detail as keyof typeof DESK_ROLE_NAMES_VI] ?? row.detail ?? '', true),
  );
  addTable(workbook, EVALUATION_SHEETS[5], [rankColumn, text('Mã cán bộ'), text('Họ và tên'), text('Chức vụ'), text('Đơn vị'), ...COUNT_COLUMNS], rowCells(report.officers, (row) => row.detail ?? '', true));
  addTable(
    workbook,
    EVALUATION_SHEETS[6],
    [
      rankColumn,
      text('Mã cán bộ'),
      text('Họ và tên'),
      text('Chức vụ'),
      text('Đơn vị'),
      ...COUNT_COLUMNS,
      { header: 'Điểm xếp hạng', kind: 'share' },
      { header: 'Cận dưới 95%', kind: 'share' },
      { header: 'Cận trên 95%', kind: 'share' },
    ],
    rowCells(report.ranking.ranked, (row) => row.detail ?? '', true).map((cells, index) => {
      const fair = report.ranking.ranked[index]!.fair;
      const tooFew = report.ranking.ranked[index]!.counts.tooFew;
      return [...cells, share(fair?.scorePct ?? null, tooFew), share(fair?.ciLowPct ?? null, tooFew), share(fair?.ciHighPct ?? null, tooFew)];
    }),
  );
  const comments = report.comments;
  addTable(
    workbook,
    EVALUATION_SHEETS[7],
    [text('Mức đánh giá'), { header: 'Số ý kiến', kind: 'count' }, text('Thời gian'), text('Đơn vị'), text('Quầy'), text('Cán bộ'), text('Ý kiến')],
    [
      ...comments.byScore.map((s): Cell[] => [SCORE_NAMES_VI[s.score], s.count, null, null, null, null, null]),
      ['Tổng cộng', comments.total, null, null, null, null, null],
      ...(comments.quoted ?? []).map((c): Cell[] => [SCORE_NAMES_VI[c.score], null, dateTimeVi(c.at), c.unitName, c.counterName, c.staffName, c.text]),
    ],
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

