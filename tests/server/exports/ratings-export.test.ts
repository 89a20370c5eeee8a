/**
 * The raw export's reading and writing on their own: pages that follow each other exactly (ratings
 * at the same millisecond included), a workbook that continues on a new sheet at its limit, an
 * empty period, and the time limit that fails the download instead of ending it short.
 */
import ExcelJS from 'exceljs';
import { buffer, text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { ratingPages, ratingsCsv, ratingsXlsx, type RatingsExportRequest } from '../../../server/exports/ratings-export';
import { importRoster } from '../../../server/roster';
import fixture from '../../fixtures/roster.json';
import { backend, freshPostgresDatabase } from '../helpers';
import { addKiosk, ingest, makeRating } from '../reports/ratings';

const NOW = Date.UTC(2026, 10, 21, 3);
const UNITS = ['bg-ln-motcua', 'bg-ttpvhcc'];

describe(`the raw export, page by page (${backend})`, () => {
  let opened: OpenedDatabase;
  let drop = async () => {};
  let expected: string[];

  beforeAll(async () => {
    const fresh = backend === 'postgres' ? await freshPostgresDatabase() : null;
    if (fresh) drop = fresh.drop;
    opened = await openDatabase(fresh ? { databaseUrl: fresh.url } : {});
    await importRoster(opened.db, fixture);
    for (const counter of ['ln-q01', 'ttpvhcc-q01', 'ps-q01']) {
      const kiosk = await addKiosk(opened.db, counter, NOW);
      // Five ratings at the very same millisecond: a page may end among them.
      const same = Date.UTC(2026, 2, 3, 2);
      const ratings = [...Array.from({ length: 5 }, () => makeRating(kiosk, same)), ...Array.from({ length: 6 }, (_, i) => makeRating(kiosk, Date.UTC(2026, 1, 1 + i, 4)))];
      await ingest(opened.db, kiosk, ratings, NOW);
    }
    const rows = await opened.db.selectFrom('ratings').select(['id', 'unit_id', 'corrected_at']).where('unit_id', 'in', UNITS).execute();
    // Unit by unit in the order asked, then by time, then by id.
    expected = rows.sort((a, b) => UNITS.indexOf(a.unit_id) - UNITS.indexOf(b.unit_id) || a.corrected_at - b.corrected_at || (a.id < b.id ? -1 : 1)).map((r) => r.id);
  });
  afterAll(async () => {
    await opened?.close();
    await drop();
  });

  const request = (overrides: Partial<RatingsExportRequest> = {}): RatingsExportRequest => ({
    period: { from: '2026-01-01', to: '2026-12-31' },
    unitIds: UNITS,
    maySeePersonalData: false,
    deadlineAt: Date.now() + 60_000,
    ...overrides,
  });

  it('pages follow each other without a gap or a repeat, even among ratings of the same millisecond', async () => {
    for (const pageSize of [1, 2, 3, 4, 100]) {
      const ids: string[] = [];
      let pages = 0;
      for await (const page of ratingPages(opened.db, request({ pageSize }))) {
        expect(page.length).toBeLessThanOrEqual(pageSize);
        ids.push(...page.map((row) => row[0] as string));
        pages += 1;
      }
      expect(ids, `pages of ${pageSize}`).toEqual(expected);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / pageSize));
    }
    expect(expected).toHaveLength(22);
  });

  it('a workbook continues on a new sheet when one is full, and holds every row once', async () => {
    const file = Buffer.from(await new Response(ratingsXlsx(opened.db, request({ pageSize: 3, rowsPerSheet: 8 }), NOW) as unknown as ReadableStream).arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Đánh giá', 'Đánh giá (2)', 'Đánh giá (3)']);
    const ids: string[] = [];
    for (const sheet of book.worksheets) {
      expect(sheet.getRow(1).getCell(1).value).toBe('Mã đánh giá');
      sheet.eachRow((row, number) => number > 1 && ids.push(row.getCell(1).value as string));
    }
    expect(ids).toEqual(expected);
  });

  it('an empty period gives the header alone, in both formats', async () => {
    const empty = request({ period: { from: '2025-01-01', to: '2025-12-31' } });
    const csv = await buffer(ratingsCsv(opened.db, empty));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(1);
    expect(csv.toString('utf8').startsWith('\uFEFFMã đánh giá,Thời gian (giờ Việt Nam),')).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await new Response(ratingsXlsx(opened.db, empty, NOW) as unknown as ReadableStream).arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.actualRowCount).toBe(1);
  });

  it('past its time limit the export fails rather than end short', async () => {
    await expect(text(ratingsCsv(opened.db, request({ deadlineAt: Date.now() - 1 })))).rejects.toThrow(/time limit/);
    const xlsx = ratingsXlsx(opened.db, request({ deadlineAt: Date.now() - 1 }), NOW);
    await expect(new Promise((resolve, reject) => xlsx.on('error', reject).on('end', resolve).resume())).rejects.toThrow(/time limit/);
  });
});
