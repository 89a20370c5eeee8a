/**
 * The roster import's plan (docs/roster.md): what an HR file would add, change, leave unchanged or
 * refuse, row by row, before anything is stored. Shared by the server, the command line and the
 * console (types and texts only: no zod, so the console's bundle can import it).
 */

export const ROSTER_RECORD_KINDS = ['unit', 'counter', 'staff'] as const;
export type RosterRecordKind = (typeof ROSTER_RECORD_KINDS)[number];

/** What the import does with one row: `ignored` is an empty row, which holds nothing to import. */
export const ROSTER_ROW_ACTIONS = ['add', 'change', 'unchanged', 'refused', 'ignored'] as const;
export type RosterRowAction = (typeof ROSTER_ROW_ACTIONS)[number];

/** A field of a row, as problems and changes name it (the console shows HR's header for it). */
export type RosterField = 'id' | 'name' | 'fullName' | 'title' | 'badgeCode' | 'unit' | 'active' | 'level' | 'parent' | 'deskRole' | 'roles';

/** Why a row is refused, or why a whole file is: a code and its values, told in vi or en below. */
export interface RosterProblem {
  code: RosterProblemCode;
  params: Record<string, string | number>;
}

export interface RosterPlanRow {
  kind: RosterRecordKind;
  /** The sheet of a workbook, the list of a JSON file (`staff`…), or null for a CSV. */
  sheet: string | null;
  /** The row as HR's program numbers it (the header is row 1 of a sheet); a JSON list's position from 1. */
  row: number;
  action: RosterRowAction;
  /** The record's id: the matched record's, the new one's, or the file's when refused. */
  id: string | null;
  name: string;
  unitId: string | null;
  /** How an existing officer was found: by staff id, badge code, or unit and name. */
  matchedBy: 'id' | 'badge' | 'name' | null;
  /** Fields a `change` row changes. */
  changes: RosterField[];
  problems: RosterProblem[];
}

export interface RosterPlanCounts {
  add: number;
  change: number;
  unchanged: number;
  refused: number;
}

export interface RosterPlan {
  /** Ties a confirmation to this file and this state of the roster: a different plan is refused. */
  planId: string;
  fileName: string;
  fileSha256: string;
  deactivateMissing: boolean;
  counts: Record<RosterRecordKind, RosterPlanCounts>;
  ignoredRows: number;
  rows: RosterPlanRow[];
  /** Units the file's staff rows name: the only units whose missing staff may be deactivated. */
  coveredUnits: string[];
  /** Active staff of the covered units that the file does not name: deactivated only when deactivateMissing. */
  missing: { id: string; name: string; unitId: string }[];
}

export interface RosterImportResult {
  plan: RosterPlan;
  /** False for a preview (`--dry-run`): nothing was stored. */
  applied: boolean;
  /** Staff made inactive (the plan's missing staff when deactivateMissing, else 0). */
  deactivated: number;
}

/** The largest file the import reads, and the most rows, over every sheet. */
export const ROSTER_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const ROSTER_FILE_MAX_ROWS = 20_000;

const FIELD_NAMES: Record<RosterField, { vi: string; en: string }> = {
  id: { vi: 'Mã', en: 'Id' },
  name: { vi: 'Tên', en: 'Name' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  title: { vi: 'Chức danh', en: 'Title' },
  badgeCode: { vi: 'Số thẻ', en: 'Badge code' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  active: { vi: 'Trạng thái', en: 'Status' },
  level: { vi: 'Cấp', en: 'Level' },
  parent: { vi: 'Đơn vị cấp trên', en: 'Parent unit' },
  deskRole: { vi: 'Loại quầy', en: 'Desk role' },
  roles: { vi: 'Vai trò', en: 'Roles' },
};

/** Every problem's text in Vietnamese and English; `{{field}}` is a RosterField, named as HR's header. */
export const ROSTER_PROBLEM_TEXTS = {
  file_type: { vi: 'Loại tệp {{ext}} không được hỗ trợ: dùng .json, .csv hoặc .xlsx.', en: 'Unsupported file type {{ext}}: use .json, .csv or .xlsx.' },
  file_too_large: { vi: 'Tệp quá lớn ({{size}} MB); tối đa {{max}} MB.', en: 'The file is too large ({{size}} MB); at most {{max}} MB.' },
  file_unreadable: { vi: 'Không đọc được tệp: {{detail}}.', en: 'The file cannot be read: {{detail}}.' },
  not_utf8: {
    vi: 'Tệp không phải văn bản UTF-8: khi lưu CSV trong Excel, chọn “CSV UTF-8”.',
    en: 'The file is not UTF-8 text: for a CSV, choose “CSV UTF-8” when saving in Excel.',
  },
  bad_json: { vi: 'Tệp JSON không hợp lệ: {{detail}}.', en: 'The JSON file is not valid: {{detail}}.' },
  json_shape: {
    vi: 'Tệp JSON phải là một đối tượng có danh sách units, counters và/hoặc staff ({{detail}}).',
    en: 'The JSON file must be an object with lists units, counters and/or staff ({{detail}}).',
  },
  bad_xlsx: { vi: 'Không đọc được tệp Excel (.xlsx).', en: 'The Excel (.xlsx) file cannot be read.' },
  no_rows: { vi: 'Tệp không có dòng dữ liệu nào.', en: 'The file has no rows.' },
  missing_columns: {
    vi: '{{where}}dòng {{row}} (tiêu đề): thiếu cột {{columns}}. Cần ít nhất “Họ và tên” và “Đơn vị” (cán bộ), “Tên đơn vị” (đơn vị) hoặc “Tên quầy” (quầy).',
    en: '{{where}}row {{row}} (header): missing column(s) {{columns}}. Staff need at least “Họ và tên” and “Đơn vị”, units “Tên đơn vị”, counters “Tên quầy”.',
  },
  too_many_rows: { vi: 'Tệp có {{rows}} dòng; mỗi lần nhập tối đa {{max}} dòng.', en: 'The file has {{rows}} rows; at most {{max}} per import.' },
  empty_row: { vi: 'Dòng trống: bỏ qua.', en: 'Empty row: skipped.' },
  empty_field: { vi: '“{{field}}” để trống.', en: '“{{field}}” is empty.' },
  formula: {
    vi: '“{{field}}” chứa công thức hoặc bắt đầu bằng =, +, @: hãy nhập giá trị thuần.',
    en: '“{{field}}” holds a formula or starts with =, + or @: type the plain value.',
  },
  markup: { vi: '“{{field}}” chứa mã HTML (dấu <…>).', en: '“{{field}}” holds markup (<…>).' },
  invalid_field: { vi: '“{{field}}” không hợp lệ: {{detail}}.', en: '“{{field}}” is invalid: {{detail}}.' },
  unknown_unit: { vi: 'Không có đơn vị “{{unit}}” (nhập đơn vị trước, hoặc ghi đúng mã/tên).', en: 'There is no unit “{{unit}}” (import the unit first, or write its id or exact name).' },
  ambiguous_unit: { vi: 'Có nhiều đơn vị tên “{{unit}}”: hãy ghi mã đơn vị.', en: 'Several units are named “{{unit}}”: write the unit’s id.' },
  out_of_scope: { vi: 'Đơn vị {{unit}} nằm ngoài phạm vi của tài khoản.', en: 'Unit {{unit}} is outside your account’s scope.' },
  duplicate_id: { vi: 'Mã {{id}} đã có ở dòng {{row}}.', en: 'Id {{id}} is already on row {{row}}.' },
  duplicate_badge: { vi: 'Số thẻ này đã có ở dòng {{row}}.', en: 'This badge code is already on row {{row}}.' },
  badge_owned: {
    vi: 'Số thẻ này đã cấp cho cán bộ {{owner}} ({{ownerName}}); một số thẻ chỉ thuộc một người, kể cả người đã nghỉ.',
    en: 'This badge code belongs to officer {{owner}} ({{ownerName}}); a code belongs to one person for ever, even one who has left.',
  },
  unknown_issued_badge: {
    vi: 'Số thẻ dạng NC-… do máy chủ cấp nhưng không phải thẻ hiện hành của ai: để trống cột này.',
    en: 'An NC-… code is issued by the server, but this is nobody’s current badge: leave the column empty.',
  },
  same_record: { vi: 'Dòng này và dòng {{row}} cùng chỉ một {{what}} ({{id}}).', en: 'This row and row {{row}} name the same {{what}} ({{id}}).' },
  ambiguous_name: {
    vi: 'Đơn vị có {{count}} cán bộ cùng tên này: thêm cột “Mã cán bộ” hoặc “Số thẻ” để phân biệt.',
    en: 'The unit has {{count}} officers of this name: add a “Mã cán bộ” or “Số thẻ” column to tell them apart.',
  },
  unknown_parent: { vi: 'Không có đơn vị cấp trên “{{parent}}”.', en: 'There is no parent unit “{{parent}}”.' },
  parent_loop: { vi: 'Đơn vị cấp trên tạo thành vòng lặp qua {{unit}}.', en: 'The parent units form a loop through {{unit}}.' },
  invalid_level: { vi: 'Cấp “{{value}}” không rõ: dùng tỉnh, huyện hoặc xã.', en: 'Unknown level “{{value}}”: use province, district or commune.' },
  invalid_desk_role: { vi: 'Loại quầy “{{value}}” không rõ: dùng tiếp nhận hoặc trả kết quả.', en: 'Unknown desk role “{{value}}”: use reception or results.' },
} as const satisfies Record<string, { vi: string; en: string }>;
export type RosterProblemCode = keyof typeof ROSTER_PROBLEM_TEXTS;

/** A problem in the reader's language, its field named as HR's headers name it. */
/** A roster field's name as the console's forms and the import's texts say it ("Họ và tên"). */
export function rosterFieldName(field: RosterField, language: 'vi' | 'en'): string {
  return FIELD_NAMES[field][language];
}

export function describeRosterProblem(problem: RosterProblem, language: 'vi' | 'en'): string {
  const template: string = ROSTER_PROBLEM_TEXTS[problem.code][language];
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = problem.params[name];
    if (name === 'field' && typeof value === 'string' && value in FIELD_NAMES) return FIELD_NAMES[value as RosterField][language];
    return value === undefined ? '' : String(value);
  });
}

/** `row 5` of a CSV, `Cán bộ, row 5` of a workbook's sheet: where a problem is, for a listing. */
export function rowPlace(row: Pick<RosterPlanRow, 'sheet' | 'row'>, language: 'vi' | 'en'): string {
  const line = language === 'vi' ? `dòng ${row.row}` : `row ${row.row}`;
  return row.sheet === null ? line : `${row.sheet}, ${line}`;
}
