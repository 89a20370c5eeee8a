import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { normalizeBadgeCode } from '../shared/badge';
import { StaffSchema, type RosterInput } from '../shared/roster';
import { searchKey, toNfc } from '../shared/text';
import { RosterImportError } from './errors';
import { describeIssues } from './roster';

export interface KnownUnit {
  id: string;
  name: string;
  level: 'province' | 'district' | 'commune';
}

/**
 * Reads a roster file into the object importRoster() takes: `.json` in the fixtures' shape, or a
 * sheet as HR offices keep it (`.csv` UTF-8, comma or semicolon; `.xlsx`, first sheet): one row
 * per officer under Vietnamese headers. Every problem is reported by row; none stores anything.
 */
export async function readRosterFile(path: string, knownUnits: KnownUnit[]): Promise<unknown> {
  const ext = extname(path).toLowerCase();
  if (!['.json', '.csv', '.xlsx'].includes(ext)) {
    throw new RosterImportError([`${path}: unsupported file type ${ext || '(none)'}; use .json, .csv or .xlsx`]);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new RosterImportError([`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  if (ext === '.json') {
    try {
      return JSON.parse(decodeUtf8(bytes, path));
    } catch (error) {
      if (error instanceof RosterImportError) throw error;
      throw new RosterImportError([`${path}: not valid JSON (${(error as Error).message})`]);
    }
  }
  if (ext === '.csv') return rosterFromRows(parseCsv(decodeUtf8(bytes, path)), knownUnits);
  return rosterFromRows(await readXlsx(bytes, path), knownUnits);
}

function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new RosterImportError([`${path}: not UTF-8 text; for a CSV, choose "CSV UTF-8" when saving in Excel`]);
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

async function readXlsx(bytes: Buffer, path: string): Promise<string[][]> {
  // Loaded on demand: a large library that only this command needs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new RosterImportError([`${path}: not a readable .xlsx file (${(error as Error).message})`]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new RosterImportError([`${path}: the workbook has no sheet`]);
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text ?? '');
    rows[rowNumber - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

type Column = 'id' | 'fullName' | 'title' | 'badgeCode' | 'unit' | 'active';

/** Header spellings HR offices use, compared without tones, case or extra spaces. */
const HEADERS: Record<Column, string[]> = {
  id: ['ma can bo', 'ma cb', 'ma nhan su', 'ma nhan vien', 'ma cong chuc', 'ma so can bo', 'ma dinh danh', 'staff id', 'id'],
  fullName: ['ho va ten', 'ho ten', 'ten can bo', 'ho va ten can bo', 'full name', 'name'],
  title: ['chuc vu', 'chuc danh', 'chuc vu/chuc danh', 'title'],
  badgeCode: ['ma the', 'so the', 'ma the cong chuc', 'so the cong chuc', 'the cong chuc', 'ma the nhan vien', 'badge', 'badge code'],
  unit: ['don vi', 'ma don vi', 'don vi cong tac', 'co quan', 'unit', 'unit id'],
  active: ['trang thai', 'dang cong tac', 'active'],
};
/** The header to name in messages about a field. */
const FIELD_HEADERS: Record<string, string> = { id: 'Mã cán bộ', fullName: 'Họ và tên', title: 'Chức vụ', badgeCode: 'Mã thẻ', unitId: 'Đơn vị' };
/**
 * Badge codes are optional since the server issues badges itself (server/badges.ts): a sheet that
 * has them (old-format badges, kept for the migration window) still imports, and one without
 * them needs staff ids, which older sheets made from the badge code.
 */
const REQUIRED: Column[] = ['fullName', 'unit'];
const INACTIVE_WORDS = ['nghi', 'nghi viec', 'da nghi', 'nghi huu', 'chuyen cong tac', 'khong', 'inactive', 'no', 'false', '0'];

/** Rows of a sheet (the first non-empty row is the header) to a roster, resolving units by id or name. */
export function rosterFromRows(rows: string[][], knownUnits: KnownUnit[]): RosterInput {
  const nonEmpty = rows.map((cells, index) => ({ cells, line: index + 1 })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty.shift();
  if (!header) throw new RosterImportError(['the file has no rows']);
  const columns = new Map<Column, number>();
  header.cells.forEach((cell, index) => {
    const key = searchKey(cell);
    for (const [column, names] of Object.entries(HEADERS) as [Column, string[]][]) {
      if (names.includes(key) && !columns.has(column)) columns.set(column, index);
    }
  });
  const names = { fullName: 'Họ và tên', unit: 'Đơn vị' } as Record<Column, string>;
  const missing = REQUIRED.filter((c) => !columns.has(c)).map((c) => `'${names[c]}'`);
  if (!columns.has('id') && !columns.has('badgeCode')) missing.push("'Mã cán bộ' (or 'Mã thẻ', to make ids from)");
  if (missing.length > 0) throw new RosterImportError([`row ${header.line}: missing column(s) ${missing.join(', ')}`]);
  const unitsById = new Map(knownUnits.map((u) => [u.id, u]));
  const unitsByName = new Map(knownUnits.map((u) => [searchKey(u.name), u]));
  const issues: string[] = [];
  const idLines = new Map<string, number>();
  const badgeLines = new Map<string, number>();
  const usedUnits = new Map<string, KnownUnit>();
  const staff: RosterInput['staff'] = [];
  const cell = (cells: string[], column: Column) => {
    const index = columns.get(column);
    return index === undefined ? '' : toNfc(cells[index] ?? '').trim();
  };
  for (const { cells, line } of nonEmpty) {
    const fullName = cell(cells, 'fullName').replace(/\s+/g, ' ');
    const badgeCode = cell(cells, 'badgeCode');
    const unitText = cell(cells, 'unit');
    const rowIssues: string[] = [];
    if (!fullName) rowIssues.push("'Họ và tên' is empty");
    if (columns.has('badgeCode') && badgeCode.length < 3 && !(badgeCode === '' && cell(cells, 'id'))) {
      rowIssues.push("'Mã thẻ' is missing or too short");
    }
    if (!columns.has('badgeCode') && !cell(cells, 'id')) rowIssues.push("'Mã cán bộ' is empty");
    const unit = unitsById.get(unitText) ?? unitsByName.get(searchKey(unitText));
    if (!unitText) rowIssues.push("'Đơn vị' is empty");
    else if (!unit) rowIssues.push(`unknown unit '${unitText}' (import the units first, as JSON)`);
    const id = cell(cells, 'id') || (badgeCode ? `st-${badgeCode.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')}` : '');
    if (rowIssues.length > 0) {
      issues.push(`row ${line}: ${rowIssues.join('; ')}`);
      continue;
    }
    usedUnits.set(unit!.id, unit!);
    const activeText = searchKey(cell(cells, 'active'));
    const member = {
      id,
      unitId: unit!.id,
      fullName,
      title: cell(cells, 'title'),
      ...(badgeCode ? { badgeCode } : {}),
      active: !INACTIVE_WORDS.includes(activeText),
    };
    const parsed = StaffSchema.safeParse(member);
    if (!parsed.success) {
      const named = describeIssues(parsed.error).map((text) => text.replace(/^(\w+):/, (_m, field: string) => `'${FIELD_HEADERS[field] ?? field}':`));
      issues.push(`row ${line}: ${named.join('; ')}`);
      continue;
    }
    const firstLine = idLines.get(id);
    // An id made from the badge code repeats exactly when the badge does: report that once, below.
    if (firstLine !== undefined && cell(cells, 'id')) issues.push(`row ${line}: officer id ${id} already on row ${firstLine}`);
    idLines.set(id, line);
    if (badgeCode) {
      const badgeKey = normalizeBadgeCode(badgeCode);
      const badgeLine = badgeLines.get(badgeKey);
      if (badgeLine !== undefined) issues.push(`row ${line}: badge ${badgeCode} already on row ${badgeLine}`);
      badgeLines.set(badgeKey, line);
    }
    staff.push(member);
  }
  if (issues.length > 0) throw new RosterImportError(issues);
  return { units: [...usedUnits.values()], counters: [], staff };
}
