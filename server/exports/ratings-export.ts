/**
 * The raw export: every rating of a set of units over a period, one row each, for province
 * accounts. A province's year is millions of rows, so nothing holds them all: ratings are read a
 * page at a time (keyset on the ratings_unit_time index: unit by unit, then by time), and written
 * as they are read — CSV through a pull stream, .xlsx through exceljs's streaming writer, which
 * waits while the reader is slower. Comments are masked unless the account may see personal data;
 * dossier codes (which lead to a citizen's file) are only in the export of such an account.
 */
import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { CRITERIA_KEYS } from '../../shared/criteria';
import { maskPersonalData } from '../../shared/personal-data';
import { periodBounds, type Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { UTF8_BOM, csvLine } from '../reports/csv';
import { CRITERION_NAMES_VI, DESK_ROLE_NAMES_VI, SCORE_NAMES_VI } from '../reports/labels-vi';
import { csvCell, type ExportCell, type ExportColumn } from './table';
import { streamingWorkbook } from './xlsx';

export interface RatingsExportRequest {
  period: Pick<Period, 'from' | 'to'>;
  /** The units whose ratings are written, in this order. */
  unitIds: readonly string[];
  maySeePersonalData: boolean;
  /** The export stops (and the download fails, rather than end short) after this time (UTC ms). */
  deadlineAt: number;
  /** Ratings read per query. */
  pageSize?: number;
  /** Rows per sheet of a workbook (Excel's limit is a little over a million). */
  rowsPerSheet?: number;
}

export const RATINGS_SHEET = 'Đánh giá';
const PAGE_SIZE = 2_000;

export function ratingsColumns(maySeePersonalData: boolean): ExportColumn[] {
  return [
    { header: 'Mã đánh giá', kind: 'text' },
    { header: 'Thời gian (giờ Việt Nam)', kind: 'time' },
    { header: 'Mã đơn vị', kind: 'text' },
    { header: 'Đơn vị', kind: 'text' },
    { header: 'Mã quầy', kind: 'text' },
    { header: 'Quầy', kind: 'text' },
    { header: 'Bộ phận', kind: 'text' },
    { header: 'Mã cán bộ', kind: 'text' },
    { header: 'Cán bộ', kind: 'text' },
    { header: 'Điểm (1–3)', kind: 'count' },
    { header: 'Mức đánh giá', kind: 'text' },
    ...CRITERIA_KEYS.map((key): ExportColumn => ({ header: CRITERION_NAMES_VI[key], kind: 'text' })),
    { header: 'Ý kiến', kind: 'text' },
    { header: 'Số thông tin cá nhân đã che', kind: 'count' },
    ...(maySeePersonalData ? [{ header: 'Mã hồ sơ', kind: 'text' } as const] : []),
    { header: 'Thời gian đánh giá (giây)', kind: 'decimal' },
    { header: 'Mã thiết bị', kind: 'text' },
    { header: 'Phiên bản ứng dụng', kind: 'text' },
  ];
}

class ExportTimeLimit extends Error {
  constructor() {
    super('the export took longer than its time limit');
  }
}

const answerText = (answer: boolean | null | undefined) => (answer === true ? 'Có' : answer === false ? 'Không' : null);

/** The rows, a page at a time, unit after unit, each unit's in time order. */
export async function* ratingPages(db: ServerDb, request: RatingsExportRequest): AsyncGenerator<ExportCell[][]> {
  const { start, end } = periodBounds(request.period);
  const pageSize = request.pageSize ?? PAGE_SIZE;
  const [units, counters, staff] = await Promise.all([
    db.selectFrom('units').select(['id', 'name']).execute(),
    db.selectFrom('counters').select(['id', 'name']).execute(),
    db.selectFrom('staff').select(['id', 'full_name']).execute(),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const counterName = new Map(counters.map((c) => [c.id, c.name]));
  const staffName = new Map(staff.map((s) => [s.id, s.full_name]));
  for (const unitId of request.unitIds) {
    let after: { at: number; id: string } | null = null;
    for (;;) {
      if (Date.now() > request.deadlineAt) throw new ExportTimeLimit();
      const from: { at: number; id: string } | null = after;
      const rows = await db
        .selectFrom('ratings')
        .select(['id', 'corrected_at', 'unit_id', 'counter_id', 'desk_role', 'staff_id', 'score', 'criteria', 'comment', 'dossier_code', 'duration_ms', 'device_id', 'app_version'])
        .where('unit_id', '=', unitId)
        .where('corrected_at', '>=', from?.at ?? start)
        .where('corrected_at', '<', end)
        // After the last row of the page before: later, or at the same moment with a larger id.
        .$if(from !== null, (qb) => qb.where((eb) => eb.or([eb('corrected_at', '>', from!.at), eb('id', '>', from!.id)])))
        .orderBy('corrected_at')
        .orderBy('id')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) break;
      yield rows.map((r) => {
        const answers = JSON.parse(r.criteria) as Partial<Record<string, boolean | null>>;
        const comment = r.comment === null ? null : request.maySeePersonalData ? { text: r.comment, masked: 0 } : maskPersonalData(r.comment);
        return [
          r.id,
          r.corrected_at,
          r.unit_id,
          unitName.get(r.unit_id) ?? null,
          r.counter_id,
          counterName.get(r.counter_id) ?? null,
          DESK_ROLE_NAMES_VI[r.desk_role as keyof typeof DESK_ROLE_NAMES_VI] ?? r.desk_role,
          r.staff_id,
          r.staff_id === null ? null : (staffName.get(r.staff_id) ?? null),
          r.score,
          SCORE_NAMES_VI[r.score as 1 | 2 | 3] ?? null,
          ...CRITERIA_KEYS.map((key) => answerText(answers[key])),
          comment?.text ?? null,
          comment === null ? null : comment.masked,
          ...(request.maySeePersonalData ? [r.dossier_code] : []),
          r.duration_ms === null ? null : Math.round(r.duration_ms / 100) / 10,
          r.device_id,
          r.app_version,
        ];
      });
      if (rows.length < pageSize) break;
      const last: { corrected_at: number; id: string } = rows[rows.length - 1]!;
      after = { at: last.corrected_at, id: last.id };
    }
  }
}

/** CSV (UTF-8 with BOM): read as the client reads, page by page. */
export function ratingsCsv(db: ServerDb, request: RatingsExportRequest): Readable {
  const columns = ratingsColumns(request.maySeePersonalData);
  async function* text(): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(columns.map((c) => c.header));
    for await (const page of ratingPages(db, request)) yield page.map((row) => csvLine(row.map((cell, i) => csvCell(columns[i]!, cell)))).join('');
  }
  return Readable.from(text(), { objectMode: false });
}

/** Resolves when `output` may take more, or is gone. */
async function roomIn(output: Writable): Promise<void> {
  if (!output.writableNeedDrain || output.destroyed) return;
  await Promise.race([once(output, 'drain'), once(output, 'close')]);
}

/** .xlsx through exceljs's streaming writer; each page is written only once the reader has taken the last. */
export function ratingsXlsx(db: ServerDb, request: RatingsExportRequest, created: number): Readable {
  const output = new PassThrough();
  const columns = ratingsColumns(request.maySeePersonalData);
  void (async () => {
    const pages = ratingPages(db, request);
    try {
      let next = await pages.next();
      const writer = await streamingWorkbook(output, RATINGS_SHEET, columns, next.done ? [] : next.value, created, request.rowsPerSheet);
      while (!next.done) {
        for (const row of next.value) writer.addRow(row);
        await roomIn(output);
        if (output.destroyed) return;
        next = await pages.next();
      }
      await writer.finish();
    } catch (error) {
      output.destroy(error as Error);
    } finally {
      await pages.return(undefined);
    }
  })();
  return output;
}
