/**
 * CSV as spreadsheets read it (RFC 4180): comma-separated, CRLF line ends, fields with a comma,
 * a quote or a line break quoted. A file gets a UTF-8 byte order mark, without which Excel reads
 * Vietnamese as Windows-1252.
 */
export type CsvCell = string | number | null;

export const UTF8_BOM = '\uFEFF';

function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  // A text starting like a formula would be run by a spreadsheet (CSV injection): make it text.
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of a CSV file, with its line end (for files written as they are read). */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',') + '\r\n';
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map(csvLine).join('');
}
