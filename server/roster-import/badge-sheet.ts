/**
 * Badge sheets from an HR file (`npm run badges -- --roster <file>`, docs/badges.md): the file read
 * by the import's own reader (read-file.ts: JSON, CSV with `,` or `;`, XLSX, Vietnamese headers in
 * any case or Unicode form), its staff rows grouped by unit, each row a card with the badge code
 * the file carries — or, with the reason, a row that is not printed. Nothing is read from or
 * written to the server: a file's codes are HR's, and a row without one has no badge to print.
 */
import { normalizeBadgeCode } from '../../shared/badge';
import { describeRosterProblem, rowPlace, type RosterProblem } from '../../shared/roster-import';
import { BADGE_CODE_PATTERN } from '../../shared/staff-login';
import { searchKey } from '../../shared/text';
import type { BadgeCard } from '../badge-sheet';
import { BADGE_CODE_PATTERN_V2 } from '../badges';
import { textProblems } from './plan';
import type { FileRow, RosterFile } from './read-file';

/** Why a row of the file prints no badge, besides the import's own problems. */
export const SHEET_ROW_TEXTS = {
  no_badge: {
    vi: 'không có số thẻ trong tệp: in thẻ do máy chủ cấp bằng `npm run badges -- --unit <mã đơn vị>`',
    en: 'no badge code in the file: print the badge the server issued with `npm run badges -- --unit <unit id>`',
  },
  bad_badge: {
    vi: '“Số thẻ” không đúng dạng thẻ (3–64 ký tự: chữ in hoa, chữ số, - . _ /), kiosk sẽ không nhận',
    en: '“Badge code” is not in the badge format (3–64 characters: capitals, digits, - . _ /); kiosks would refuse it',
  },
  inactive: { vi: 'đã nghỉ (trạng thái trong tệp): không in', en: 'inactive (the file’s status): not printed' },
} as const;
export type SheetRowReason = keyof typeof SHEET_ROW_TEXTS;

/** Same words as the import (plan.ts): a status that makes an officer inactive. */
const INACTIVE_WORDS = ['nghi', 'nghi viec', 'da nghi', 'nghi huu', 'chuyen cong tac', 'khong', 'inactive', 'no', 'false', '0'];

export interface SheetRowOutcome {
  sheet: string | null;
  row: number;
  fullName: string;
  /** The unit's key in `groups`, or null when the row names none. */
  unitId: string | null;
  /** `refused`: the import would refuse the row too; `skipped`: a valid row with no badge to print. */
  action: 'printed' | 'refused' | 'skipped';
  problems: RosterProblem[];
  reason: SheetRowReason | null;
}

export interface SheetUnit {
  /** The unit's id when the file lists its units (or names it by id), else the text of its cells. */
  id: string;
  name: string;
  cards: BadgeCard[];
}

export interface RosterFileBadges {
  /** Units in the file's order, each with its cards in the file's order (only units with a staff row). */
  units: SheetUnit[];
  /** Every staff row that is not printed, in the file's order. */
  notPrinted: SheetRowOutcome[];
  /** How many cards carry an old-format code (HR's), and how many a server-issued NC-… code. */
  oldFormat: number;
  issued: number;
}

/** A file without a staff table: nothing to print. */
export class NoStaffTableError extends Error {
  constructor() {
    super('the file has no staff table (columns “Họ và tên” and “Đơn vị”)');
    this.name = 'NoStaffTableError';
  }
}

/** `--unit` names no unit of the file. */
export class UnknownSheetUnitError extends Error {
  constructor(
    readonly unit: string,
    readonly known: { id: string; name: string }[],
  ) {
    super(`no staff of unit ${unit} in the file`);
    this.name = 'UnknownSheetUnitError';
  }
}

/**
 * The badges an HR file holds, by unit (only `unit` when given: its id or its name, compared as a
 * search key). A row is refused for the import's reasons (formulas, markup, empty name or unit,
 * control characters) and for a badge code the kiosk would not read, or one that another row of the
 * file also carries (all rows with that code: which one is right, the file cannot say). An
 * inactive row, or one without a code, is skipped with the reason.
 */
export function rosterFileBadges(file: RosterFile, unit?: string): RosterFileBadges {
  const staffRows = file.rows.filter((row) => row.kind === 'staff' && !row.empty);
  if (!file.rows.some((row) => row.kind === 'staff')) throw new NoStaffTableError();

  // Units the file lists itself (the JSON's `units`, a workbook's units sheet): by id, else by name.
  const listed = file.rows.filter((row) => row.kind === 'unit' && !row.empty && (row.cells.id || row.cells.name));
  const resolveUnit = (text: string): { id: string; name: string } => {
    const byId = listed.find((row) => row.cells.id === text);
    const named = listed.filter((row) => row.cells.name && searchKey(row.cells.name) === searchKey(text));
    const found = byId ?? (named.length === 1 ? named[0] : undefined);
    if (found) return { id: found.cells.id || found.cells.name!, name: found.cells.name || found.cells.id! };
    return { id: text, name: text };
  };

  // Codes on more than one row, active or not: all of those rows are refused.
  const codeRows = new Map<string, FileRow[]>();
  for (const row of staffRows) {
    const code = normalizeBadgeCode(row.cells.badgeCode ?? '');
    if (code) codeRows.set(code, [...(codeRows.get(code) ?? []), row]);
  }

  const groups = new Map<string, SheetUnit>();
  const outcomes: SheetRowOutcome[] = [];
  for (const row of staffRows) {
    const fullName = (row.cells.fullName ?? '').replace(/\s+/g, ' ');
    const unitText = row.cells.unit ?? '';
    const problems: RosterProblem[] = [...row.problems];
    problems.push(...textProblems('fullName', fullName, 120, true));
    problems.push(...textProblems('title', row.cells.title ?? '', 200, false));
    if (!unitText) problems.push({ code: 'empty_field', params: { field: 'unit' } });
    const code = normalizeBadgeCode(row.cells.badgeCode ?? '');
    let reason: SheetRowReason | null = null;
    if (code) {
      for (const other of codeRows.get(code)!) if (other !== row) problems.push({ code: 'duplicate_badge', params: { row: other.row } });
      if (!BADGE_CODE_PATTERN.test(code) && !problems.some((p) => p.params.field === 'badgeCode')) reason = 'bad_badge';
    }
    const place = unitText ? resolveUnit(unitText) : null;
    const groupKey = place ? searchKey(place.id) : null;
    if (place && groupKey !== null && !groups.has(groupKey)) groups.set(groupKey, { id: place.id, name: place.name, cards: [] });
    const outcome: SheetRowOutcome = { sheet: row.sheet, row: row.row, fullName, unitId: place?.id ?? null, action: 'printed', problems, reason };
    outcomes.push(outcome);
    const inactive = file.columns.staff.has('active') && INACTIVE_WORDS.includes(searchKey(row.cells.active ?? ''));
    if (problems.length > 0 || reason !== null) outcome.action = 'refused';
    else if (inactive) Object.assign(outcome, { action: 'skipped', reason: 'inactive' });
    else if (!code) Object.assign(outcome, { action: 'skipped', reason: 'no_badge' });
    else groups.get(groupKey!)!.cards.push({ staffId: row.cells.id ?? '', fullName, title: row.cells.title ?? '', code });
  }

  let units = [...groups.values()];
  let chosen = outcomes;
  if (unit !== undefined) {
    const key = searchKey(unit);
    const picked = units.filter((u) => u.id === unit || searchKey(u.id) === key || searchKey(u.name) === key);
    if (picked.length === 0) throw new UnknownSheetUnitError(unit, units.map(({ id, name }) => ({ id, name })));
    units = picked;
    // A row that names no unit might be this unit's: it is listed too.
    chosen = outcomes.filter((o) => o.unitId === null || picked.some((u) => u.id === o.unitId));
  }
  const cards = units.flatMap((u) => u.cards);
  return {
    units: units.filter((u) => u.cards.length > 0),
    notPrinted: chosen.filter((o) => o.action !== 'printed'),
    oldFormat: cards.filter((card) => !BADGE_CODE_PATTERN_V2.test(card.code)).length,
    issued: cards.filter((card) => BADGE_CODE_PATTERN_V2.test(card.code)).length,
  };
}

/** A row that is not printed, in the reader's language: `dòng 4 (Trần Văn Đức): …`. */
export function describeSheetRow(outcome: SheetRowOutcome, language: 'vi' | 'en'): string {
  const reasons = [...outcome.problems.map((problem) => describeRosterProblem(problem, language))];
  if (outcome.reason) reasons.push(SHEET_ROW_TEXTS[outcome.reason][language]);
  const who = outcome.fullName ? ` (${outcome.fullName})` : '';
  return `${rowPlace(outcome, language)}${who}: ${reasons.join(' ')}`;
}
