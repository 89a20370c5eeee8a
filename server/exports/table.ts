/**
 * A table as the console's exports write it, in .xlsx and CSV alike: Vietnamese column headers,
 * each column of one kind (text, a count, a percentage…), rows of plain values. Percentages are
 * numbers in percent (87.5) as the console shows them; the workbook stores them as fractions
 * formatted as percentages, CSV as the number.
 */
export type ColumnKind = 'text' | 'count' | 'percent' | 'score' | 'decimal' | 'time';

export interface ExportColumn {
  /** The same in both formats; a percentage's says "(%)", since CSV holds the bare number. */
  header: string;
  kind: ColumnKind;
}

/** A cell: text, a number, a time (UTC ms, written in Vietnam time), or empty. */
export type ExportCell = string | number | null;

export interface ExportTable {
  /** The table's name in a CSV export's request (`table=staff`) and in its file name. */
  id: string;
  /** The sheet's name in a workbook: Vietnamese, at most 31 characters, none of []:*?/\. */
  sheet: string;
  columns: ExportColumn[];
  rows: ExportCell[][];
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** A time (UTC ms) as Vietnam's wall clock, "2026-11-21 10:00:00": sorts as text, reads in any spreadsheet. */
export function vietnamTimeText(utcMs: number): string {
  return new Date(utcMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A cell for CSV: times in Vietnam time, numbers as they are (a point for decimals). */
export function csvCell(column: ExportColumn, cell: ExportCell): string | number | null {
  if (cell === null) return null;
  if (column.kind === 'time' && typeof cell === 'number') return vietnamTimeText(cell);
  return cell;
}
