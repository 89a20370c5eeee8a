/**
 * Workbooks of the console's exports (exceljs): one sheet per table, Vietnamese headers in a
 * frozen, filterable first row, numbers as numbers (percentages as fractions shown as "87,5%"
 * in a Vietnamese Excel), times as dates in Vietnam time, and column widths that fit Vietnamese
 * text. Small tables are built in memory; the raw export streams (streamingWorkbook).
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ColumnKind, ExportCell, ExportColumn, ExportTable } from './table';

type ExcelModule = typeof ExcelJS;
let excel: Promise<ExcelModule> | null = null;

/** exceljs is large: loaded with the first export, not with the server. */
function loadExcel(): Promise<ExcelModule> {
  excel ??= import('exceljs').then((module) => module.default);
  return excel;
}

const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: '#,##0',
  percent: '0.0%',
  score: '0.00%',
  decimal: '0.0',
  time: 'dd/mm/yyyy hh:mm:ss',
};

/** Widths in characters: Vietnamese letters with their marks are one character wide in Excel's fonts. */
const WIDTH: Record<ColumnKind, { min: number; max: number }> = {
  text: { min: 10, max: 60 },
  count: { min: 9, max: 16 },
  percent: { min: 9, max: 16 },
  score: { min: 10, max: 16 },
  decimal: { min: 9, max: 16 },
  time: { min: 20, max: 20 },
};

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

function cellValue(kind: ColumnKind, cell: ExportCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell;
  if (kind === 'percent' || kind === 'score') return cell / 100;
  // Excel has no time zones: the wall-clock time in Vietnam, stored as if it were UTC.
  if (kind === 'time') return new Date(cell + VIETNAM_OFFSET_MS);
  return cell;
}

/** The width a column needs: its longest value as shown, and its header's longest word (headers wrap). */
function columnWidth(column: ExportColumn, rows: readonly ExportCell[][], index: number): number {
  const { min, max } = WIDTH[column.kind];
  let longest = Math.max(...column.header.split(/\s+/).map((word) => [...word].length));
  for (const row of rows) {
    const cell = row[index];
    if (cell === null || cell === undefined) continue;
    const shown = typeof cell === 'number' ? (column.kind === 'count' ? cell.toLocaleString('vi-VN') : String(cell)) + (column.kind === 'percent' || column.kind === 'score' ? '%' : '') : cell;
    longest = Math.max(longest, [...shown].length);
  }
  return Math.min(max, Math.max(min, longest + 2));
}

function defineColumns(sheet: ExcelJS.Worksheet, columns: readonly ExportColumn[], widths: readonly number[]): void {
  sheet.columns = columns.map((column, i) => ({
    header: column.header,
    key: `c${i}`,
    width: widths[i],
    style: NUMBER_FORMAT[column.kind] ? { numFmt: NUMBER_FORMAT[column.kind]! } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

const SHEET_OPTIONS = { views: [{ state: 'frozen' as const, xSplit: 0, ySplit: 1 }] };

function longTextAlignment(sheet: ExcelJS.Worksheet, columns: readonly ExportColumn[], widths: readonly number[]): void {
  // Text longer than its column (long unit names, comments) wraps instead of running into the next.
  columns.forEach((column, i) => {
    if (column.kind === 'text' && widths[i] === WIDTH.text.max) sheet.getColumn(i + 1).alignment = { vertical: 'top', wrapText: true };
  });
}

/** A workbook of small tables, in memory: the console's pages. */
export async function workbookOf(tables: readonly ExportTable[], created: number): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nụ cười';
  workbook.created = new Date(created);
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, SHEET_OPTIONS);
    const widths = table.columns.map((column, i) => columnWidth(column, table.rows, i));
    defineColumns(sheet, table.columns, widths);
    longTextAlignment(sheet, table.columns, widths);
    for (const row of table.rows) sheet.addRow(row.map((cell, i) => cellValue(table.columns[i]!.kind, cell)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Excel's limit is 1,048,576 rows a sheet: a long export continues on the next sheet. */
export const ROWS_PER_SHEET = 1_000_000;

export interface StreamingSheetWriter {
  addRow(row: readonly ExportCell[]): void;
  /** Writes the workbook's end; the output stream then ends. */
  finish(): Promise<void>;
}

/**
 * A workbook written to `output` as rows come (exceljs's streaming writer): rows are committed
 * as added, so memory holds a page of them, not the file. Sheets are named `sheet`, then
 * `sheet (2)`, … every ROWS_PER_SHEET rows; widths are fixed up front from `sample`.
 */
export async function streamingWorkbook(
  output: Writable,
  sheet: string,
  columns: readonly ExportColumn[],
  sample: readonly ExportCell[][],
  created: number,
  rowsPerSheet = ROWS_PER_SHEET,
): Promise<StreamingSheetWriter> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Nụ cười';
  workbook.created = new Date(created);
  const widths = columns.map((column, i) => columnWidth(column, sample, i));
  let current: ExcelJS.Worksheet | null = null;
  let rowsInSheet = 0;
  let sheets = 0;
  const startSheet = () => {
    sheets += 1;
    const name = sheets === 1 ? sheet : `${sheet} (${sheets})`;
    const next = workbook.addWorksheet(name, SHEET_OPTIONS);
    defineColumns(next, columns, widths);
    next.getRow(1).commit();
    rowsInSheet = 0;
    return next;
  };
  return {
    addRow(row) {
      if (current === null || rowsInSheet >= rowsPerSheet) {
        current?.commit();
        current = startSheet();
      }
      current.addRow(row.map((cell, i) => cellValue(columns[i]!.kind, cell))).commit();
      rowsInSheet += 1;
    },
    async finish() {
      if (current === null) current = startSheet();
      current.commit();
      await workbook.commit();
    },
  };
}
