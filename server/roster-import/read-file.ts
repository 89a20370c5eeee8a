import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { ROSTER_FILE_MAX_BYTES, ROSTER_FILE_MAX_ROWS, type RosterField, type RosterProblem, type RosterRecordKind } from '../../shared/roster-import';
import { searchKey, toNfc } from '../../shared/text';
import { RosterFileError } from './errors';

/** One row of a file, its cells by field, as text (JSON values are turned into the same text). */
export interface FileRow {
  kind: RosterRecordKind;
  sheet: string | null;
  row: number;
  /** Cells by field; absent when the file has no such column. */
  cells: Partial<Record<RosterField, string>>;
  /** Problems found while reading (formulas, markup, wrong JSON types): the row is refused. */
  problems: RosterProblem[];
  /** An empty row: nothing to import, reported as ignored. */
  empty: boolean;
  /** Kiosk roles of a JSON record (HR's sheets never carry them). */
  roles?: string[];
}

export interface RosterFile {
  fileName: string;
  sha256: string;
  rows: FileRow[];
  /** Columns each kind's table has: a missing column leaves a field as it is on the server. */
  columns: Record<RosterRecordKind, Set<RosterField>>;
}

/**
 * Reads an HR file into rows of units, counters and staff: `.json` in the fixtures' shape, `.csv`
 * (UTF-8, comma or semicolon) with one table, `.xlsx` with one table per sheet. What a table holds
 * is told by its header, written in Vietnamese or English in any case, with or without tones, in
 * any Unicode form. A whole-file problem throws RosterFileError; a row's problems stay on the row.
 */
export async function readRosterFile(fileName: string, bytes: Buffer): Promise<RosterFile> {
  const ext = extname(fileName).toLowerCase();
  if (!['.json', '.csv', '.xlsx'].includes(ext)) throw new RosterFileError({ code: 'file_type', params: { ext: ext || '(none)' } });
  if (bytes.length > ROSTER_FILE_MAX_BYTES) {
    throw new RosterFileError({ code: 'file_too_large', params: { size: (bytes.length / 1048576).toFixed(1), max: ROSTER_FILE_MAX_BYTES / 1048576 } });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const columns = { unit: new Set<RosterField>(), counter: new Set<RosterField>(), staff: new Set<RosterField>() };
  let rows: FileRow[];
  if (ext === '.json') rows = jsonRows(decodeUtf8(bytes), columns);
  else if (ext === '.csv') rows = tableRows(parseCsv(decodeUtf8(bytes)), null, columns, true)!;
  else rows = await workbookRows(bytes, columns);
  const counted = rows.filter((row) => !row.empty).length;
  if (counted === 0) throw new RosterFileError({ code: 'no_rows', params: {} });
  if (counted > ROSTER_FILE_MAX_ROWS) throw new RosterFileError({ code: 'too_many_rows', params: { rows: counted, max: ROSTER_FILE_MAX_ROWS } });
  return { fileName, sha256, rows, columns };
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new RosterFileError({ code: 'not_utf8', params: {} });
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF), comma- or semicolon-separated as the header shows. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function workbookRows(bytes: Buffer, columns: RosterFile['columns']): Promise<FileRow[]> {
  // Loaded on demand: a large library that only the import needs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new RosterFileError({ code: 'bad_xlsx', params: {} });
  }
  const rows: FileRow[] = [];
  let recognised = 0;
  let first: { cells: string[][]; name: string } | null = null;
  for (const sheet of workbook.worksheets) {
    const cells: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const cell = row.getCell(c);
        // A formula is refused, not computed: its text starts with `=` for the cell guard to see.
        values.push(cell.formula ? `=${cell.formula}` : (cell.text ?? ''));
      }
      cells[rowNumber - 1] = values;
      if (rowNumber > ROSTER_FILE_MAX_ROWS * 2) throw new RosterFileError({ code: 'too_many_rows', params: { rows: sheet.rowCount, max: ROSTER_FILE_MAX_ROWS } });
    });
    const table = Array.from(cells, (r) => r ?? []);
    first ??= { cells: table, name: sheet.name };
    const sheetRows = tableRows(table, sheet.name, columns, false);
    if (sheetRows === null) continue;
    recognised++;
    rows.push(...sheetRows);
  }
  // A workbook whose sheets hold nothing recognisable is told why, from its first sheet.
  if (recognised === 0) tableRows(first?.cells ?? [], first?.name ?? null, columns, true);
  return rows;
}

/** Header spellings HR offices use, compared as search keys (no tones, case or extra spaces). */
const STAFF_HEADERS: Partial<Record<RosterField, string[]>> = {
  id: ['ma can bo', 'ma cb', 'ma nhan su', 'ma nhan vien', 'ma cong chuc', 'ma so can bo', 'ma dinh danh', 'staff id', 'id'],
  fullName: ['ho va ten', 'ho ten', 'ten can bo', 'ho va ten can bo', 'full name', 'name'],
  title: ['chuc vu', 'chuc danh', 'chuc vu/chuc danh', 'title'],
  badgeCode: ['ma the', 'so the', 'ma the cong chuc', 'so the cong chuc', 'the cong chuc', 'ma the nhan vien', 'badge', 'badge code'],
  unit: ['don vi', 'ma don vi', 'ten don vi', 'don vi cong tac', 'co quan', 'unit', 'unit id'],
  active: ['trang thai', 'dang cong tac', 'active', 'status'],
};
const UNIT_HEADERS: Partial<Record<RosterField, string[]>> = {
  id: ['ma don vi', 'unit id', 'id'],
  name: ['ten don vi', 'don vi', 'co quan', 'unit name', 'unit', 'name'],
  level: ['cap', 'cap don vi', 'cap hanh chinh', 'level'],
  parent: ['don vi cap tren', 'ma don vi cap tren', 'truc thuoc', 'parent', 'parent id', 'parent unit'],
};
const COUNTER_HEADERS: Partial<Record<RosterField, string[]>> = {
  id: ['ma quay', 'counter id', 'id'],
  name: ['ten quay', 'quay', 'counter', 'counter name', 'name'],
  unit: ['don vi', 'ma don vi', 'ten don vi', 'co quan', 'unit', 'unit id'],
  deskRole: ['loai quay', 'chuc nang', 'chuc nang quay', 'vai tro quay', 'desk role', 'desk'],
};
const HEADERS: Record<RosterRecordKind, Partial<Record<RosterField, string[]>>> = { unit: UNIT_HEADERS, counter: COUNTER_HEADERS, staff: STAFF_HEADERS };
const REQUIRED: Record<RosterRecordKind, RosterField[]> = { staff: ['fullName', 'unit'], unit: ['name'], counter: ['name', 'unit'] };
const REQUIRED_HEADER: Partial<Record<RosterField, string>> = { fullName: '“Họ và tên”', unit: '“Đơn vị”', name: '“Tên”' };

/** What a table holds, from its header: a full name means staff, a counter column counters, a level or unit name units. */
function tableKind(keys: string[]): RosterRecordKind | null {
  const has = (kind: RosterRecordKind, field: RosterField) => keys.some((key) => HEADERS[kind][field]?.includes(key));
  if (has('staff', 'fullName')) return 'staff';
  if (keys.some((key) => ['ma quay', 'ten quay', 'quay', 'counter', 'counter id', 'counter name'].includes(key))) return 'counter';
  if (keys.some((key) => ['ten don vi', 'cap', 'cap don vi', 'cap hanh chinh', 'level', 'unit name', 'don vi cap tren', 'parent'].includes(key))) return 'unit';
  return null;
}

/**
 * A table's rows (its first non-empty row is the header). Null when a sheet of a workbook holds no
 * table the import knows (a notes sheet); `strict` throws instead, naming the columns it needs.
 */
function tableRows(table: string[][], sheet: string | null, columns: RosterFile['columns'], strict: boolean): FileRow[] | null {
  const isEmpty = (cells: string[]) => cells.every((cell) => cell.trim() === '');
  const headerIndex = table.findIndex((cells) => !isEmpty(cells));
  const where = sheet === null ? '' : `${sheet}, `;
  if (headerIndex === -1) {
    if (strict) throw new RosterFileError({ code: 'no_rows', params: {} });
    return null;
  }
  const keys = table[headerIndex]!.map((cell) => searchKey(cell));
  const kind = tableKind(keys);
  if (kind === null) {
    if (!strict) return null;
    throw new RosterFileError({ code: 'missing_columns', params: { where, row: headerIndex + 1, columns: '“Họ và tên”, “Đơn vị”' } });
  }
  const positions = new Map<RosterField, number>();
  keys.forEach((key, index) => {
    for (const [field, names] of Object.entries(HEADERS[kind]) as [RosterField, string[]][]) {
      if (names.includes(key) && !positions.has(field)) positions.set(field, index);
    }
  });
  const missing = REQUIRED[kind].filter((field) => !positions.has(field));
  if (missing.length > 0) {
    throw new RosterFileError({ code: 'missing_columns', params: { where, row: headerIndex + 1, columns: missing.map((field) => REQUIRED_HEADER[field] ?? field).join(', ') } });
  }
  for (const field of positions.keys()) columns[kind].add(field);
  // Empty rows after the last row with data are the sheet's end, not rows.
  let last = table.length - 1;
  while (last > headerIndex && isEmpty(table[last]!)) last--;
  const rows: FileRow[] = [];
  for (let index = headerIndex + 1; index <= last; index++) {
    const raw = table[index]!;
    const cells: FileRow['cells'] = {};
    const problems: RosterProblem[] = [];
    for (const [field, position] of positions) {
      const value = toNfc(raw[position] ?? '').trim();
      cells[field] = value;
      problems.push(...cellProblems(field, value));
    }
    rows.push({ kind, sheet, row: index + 1, cells, problems, empty: isEmpty(raw) });
  }
  return rows;
}

/** A cell that a spreadsheet would run (a formula, `=`, `+`, `@`) or a browser would read as markup. */
export function cellProblems(field: RosterField, value: string): RosterProblem[] {
  if (/^[=+@]/.test(value)) return [{ code: 'formula', params: { field } }];
  if (/<\s*\/?\s*[A-Za-z!?]/.test(value)) return [{ code: 'markup', params: { field } }];
  return [];
}

const JSON_LISTS: Record<string, RosterRecordKind> = { units: 'unit', counters: 'counter', staff: 'staff' };
const JSON_FIELDS: Record<RosterRecordKind, Record<string, RosterField>> = {
  unit: { id: 'id', name: 'name', level: 'level', parentId: 'parent' },
  counter: { id: 'id', unitId: 'unit', name: 'name', deskRole: 'deskRole' },
  staff: { id: 'id', unitId: 'unit', fullName: 'fullName', title: 'title', badgeCode: 'badgeCode', active: 'active' },
};

/** A JSON roster (fixtures/roster.json's shape): each record a row, numbered from 1 in its list. */
function jsonRows(text: string, columns: RosterFile['columns']): FileRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RosterFileError({ code: 'bad_json', params: { detail: (error as Error).message } });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new RosterFileError({ code: 'json_shape', params: { detail: 'not an object' } });
  const rows: FileRow[] = [];
  for (const [list, records] of Object.entries(data)) {
    const kind = JSON_LISTS[list];
    if (!kind || !Array.isArray(records)) throw new RosterFileError({ code: 'json_shape', params: { detail: list } });
    if (records.length > ROSTER_FILE_MAX_ROWS) throw new RosterFileError({ code: 'too_many_rows', params: { rows: records.length, max: ROSTER_FILE_MAX_ROWS } });
    records.forEach((record: unknown, index) => {
      const row: FileRow = { kind, sheet: list, row: index + 1, cells: {}, problems: [], empty: false };
      rows.push(row);
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        row.problems.push({ code: 'invalid_field', params: { field: 'id', detail: 'not an object' } });
        return;
      }
      for (const [key, value] of Object.entries(record)) {
        if (kind === 'staff' && key === 'roles' && Array.isArray(value) && value.every((role) => typeof role === 'string')) {
          row.roles = value as string[];
          continue;
        }
        const field = JSON_FIELDS[kind][key];
        if (!field) {
          row.problems.push({ code: 'invalid_field', params: { field: 'id', detail: `unknown key ${key.slice(0, 40)}` } });
          continue;
        }
        columns[kind].add(field);
        if (value === null && field === 'parent') row.cells.parent = '';
        else if (typeof value === 'boolean' && field === 'active') row.cells.active = value ? 'true' : 'false';
        else if (typeof value === 'string') {
          row.cells[field] = toNfc(value).trim();
          row.problems.push(...cellProblems(field, row.cells[field]));
        } else row.problems.push({ code: 'invalid_field', params: { field, detail: 'wrong type' } });
      }
    });
  }
  return rows;
}
