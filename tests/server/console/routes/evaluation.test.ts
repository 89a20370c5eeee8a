import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API_PREFIX, type Report } from '../../../../shared/console/api';
import type { Ranking } from '../../../../shared/console/rankings';
import { CRITERIA_KEYS } from '../../../../shared/criteria';
import { CRITERION_NAMES_VI } from '../../../../server/reports/labels-vi';
import { EVALUATION_SHEETS } from '../../../../server/evaluation/xlsx';
import fixture from '../../../fixtures/roster.json';
import { backend } from '../../helpers';
import { addKiosk, answers, ingest, makeRating } from '../../reports/ratings';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';
const DAY_MS = 86_400_000;
const LUC_NGAN = ['bg-ln-motcua', 'bg-ln-phuongson'];

/** A download as the browser makes it: the session cookie, the raw bytes. */
async function download(client: ConsoleClient, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${client.baseUrl}${CONSOLE_API_PREFIX}${path}`, { headers: { cookie: client.cookie ?? '', 'accept-language': 'vi' } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The console's "33.3" (%) as the spreadsheet's cell: the fraction 0.333, shown "33.3%". */
const fraction = (pct: number | null) => Math.round(pct! * 10) / 1000;

function pdfText(pdf: Buffer): { text: string; pages: number; info: string; fonts: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nucuoi-evaluation-'));
  const file = join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return { text: raw.replace(/\s+/g, ' '), pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), info, fonts };
}

describe(`the evaluation report as PDF and Excel (${backend})`, { timeout: 180_000 }, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let districtHead: ConsoleClient;
  let communeHead: ConsoleClient;
  let itStaff: ConsoleClient;

  beforeAll(async () => {
    server = await startConsoleServer();
    const now = server.clock.now;
    // Every officer of Lục Ngạn rated through 2026, some with comments holding a phone number to mask.
    for (const counter of ['ln-q01', 'ln-q05', 'ps-q01', 'ttpvhcc-q01']) {
      const kiosk = await addKiosk(server.db, counter, now);
      const officers = fixture.staff.filter((s) => s.unitId === kiosk.unitId && s.active);
      const ratings = Array.from({ length: 60 }, (_, i) =>
        makeRating(kiosk, now - (i * 5 + 1) * DAY_MS, {
          score: i % 6 === 0 ? 1 : i % 2 === 0 ? 2 : 3,
          staffId: officers[i % officers.length]!.id,
          criteria: answers({ greet: i % 3 !== 0, help: i % 4 !== 0, smile: true }),
          comment: i % 5 === 0 ? `Cán bộ hướng dẫn tận tình, số của tôi 0912 345 67${i % 10}` : null,
        }),
      );
      await ingest(server.db, kiosk, ratings, now);
    }
    await server.addUser('so.noivu', 'province');
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('truong.phuongson', 'unit_head', { unitId: 'bg-ln-phuongson' });
    await server.addUser('kythuat', 'it');
    province = server.client();
    await province.login('so.noivu');
    districtHead = server.client();
    await districtHead.login('truong.lucngan');
    communeHead = server.client();
    await communeHead.login('truong.phuongson');
    itStaff = server.client();
    await itStaff.login('kythuat');
  });
  afterAll(() => server?.close());

  const exportsAudited = async () => (await server.db.selectFrom('console_audit').select('details').where('action', '=', 'export').execute()).map((r) => JSON.parse(r.details) as Record<string, unknown>);

  it('a unit head’s PDF is A4 with the font embedded, numbered pages, and every Vietnamese name and heading exactly as written', async () => {
    const answer = await download(districtHead, `/reports/units/bg-ln-motcua/evaluation?${YEAR}&format=pdf`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-danh-gia_bg-ln-motcua_2026-01-01_2026-12-31.pdf"');
    const { text, pages, info, fonts } = pdfText(answer.bytes);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    expect(fonts).toMatch(/BeVietnamPro-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    for (let page = 1; page <= pages; page += 1) expect(text).toContain(`Trang ${page}/${pages}`);

    const units = fixture.units.filter((u) => LUC_NGAN.includes(u.id));
    const expected = [
      'BÁO CÁO ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG',
      'Kỳ báo cáo: Năm 2026 (từ ngày 01/01/2026 đến ngày 31/12/2026)',
      'I. KẾT QUẢ CHUNG',
      'II. TIÊU CHÍ “4 XIN, 4 LUÔN”',
      'III. DIỄN BIẾN THEO THÁNG',
      'IV. KẾT QUẢ THEO ĐƠN VỊ',
      'V. KẾT QUẢ THEO QUẦY',
      'VI. KẾT QUẢ THEO CÁN BỘ',
      'VII. XẾP HẠNG CÁN BỘ',
      'VIII. Ý KIẾN CỦA NGƯỜI DÂN',
      'Rất hài lòng',
      'Không hài lòng',
      // What the figures exclude, and the ratings with an uncertain time, on lines of their own (docs/integrity.md).
      'Đánh giá bị loại sau khi xem xét: 0',
      'Đánh giá có thời gian không chắc chắn',
      ...units.map((u) => u.name),
      ...fixture.counters.filter((c) => LUC_NGAN.includes(c.unitId)).map((c) => c.name),
      ...fixture.staff.filter((s) => LUC_NGAN.includes(s.unitId) && s.active).map((s) => s.fullName),
      ...CRITERIA_KEYS.map((key) => CRITERION_NAMES_VI[key]),
    ];
    for (const words of expected) expect(text, words).toContain(words.normalize('NFC'));
    // Two officers whose names differ only in where the tone sits are both there, each as written.
    expect(text).toContain('Dương Thị Hoà');
    expect(text).toContain('Dương Thị Hòa');
    // Nothing of another unit, and the phone numbers in comments are masked.
    expect(text).not.toContain('Nguyễn Thị Thu Hà');
    expect(text).not.toMatch(/0912 345 67\d/);
    expect(text).toMatch(/•••• ••• •7\d/);
  });

  it('the Excel file has one sheet per table, Vietnamese headers, a frozen header row, numbers as numbers, and the console’s figures', async () => {
    const [answer, page] = await Promise.all([
      download(province, `/reports/units/bg-ln-motcua/evaluation?${YEAR}&format=xlsx`),
      province.get<Report>(`/reports/units/bg-ln-motcua?${YEAR}`),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const report = page.body;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...EVALUATION_SHEETS]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
    }
    const values = (sheetName: string) => {
      const rows: unknown[][] = [];
      workbook.getWorksheet(sheetName)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };

    const summary = values('Tổng hợp');
    expect(summary[0]).toEqual(['Phạm vi', 'Kỳ báo cáo', 'Nhóm', 'Số đánh giá', 'Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Rất hài lòng (%)', 'Hài lòng (%)', 'Không hài lòng (%)', 'Tỷ lệ hài lòng']);
    const totals = report.measures.totals;
    expect(summary[1]).toEqual([
      'Bộ phận Một cửa UBND huyện Lục Ngạn',
      'Năm 2026 (01/01/2026 – 31/12/2026)',
      'Tất cả',
      totals.ratings,
      totals.verySatisfied,
      totals.satisfied,
      totals.notSatisfied,
      fraction(totals.verySatisfiedPct),
      fraction(totals.satisfiedPct),
      fraction(totals.notSatisfiedPct),
      fraction(totals.satisfactionPct),
    ]);
    expect(totals.ratings).toBe(180);
    expect(summary[2]![3]).toBe(report.byDeskRole.reception.ratings);
    expect(summary[3]![3]).toBe(report.byDeskRole.results.ratings);
    expect(workbook.getWorksheet('Tổng hợp')!.getColumn(11).numFmt).toBe('0.0%');

    const behaviours = values('Tiêu chí').slice(1);
    expect(behaviours.map((row) => row[0])).toEqual(CRITERIA_KEYS.map((key) => CRITERION_NAMES_VI[key]));
    for (const [index, behaviour] of report.measures.behaviours.entries()) {
      expect(behaviours[index]!.slice(2)).toEqual([behaviour.answered, behaviour.yes, ...(behaviour.yesPct === null ? [] : [fraction(behaviour.yesPct)])]);
    }

    const months = values('Theo tháng').slice(1);
    expect(months.map((row) => row[1])).toEqual(report.measures.trend.map((p) => p.counts.ratings));

    const units = values('Đơn vị').slice(1);
    expect(units.map((row) => [row[1], row[4]])).toEqual(report.units.map((u) => [u.id, u.counts.ratings]));

    // Every counter and every officer of the subtree: their counts add up to the totals.
    const counters = values('Quầy').slice(1);
    expect(counters.map((row) => row[1]).sort()).toEqual(fixture.counters.filter((c) => LUC_NGAN.includes(c.unitId)).map((c) => c.id).sort());
    expect(counters.reduce((sum, row) => sum + (row[5] as number), 0)).toBe(totals.ratings);
    const officers = values('Cán bộ').slice(1);
    for (const row of officers) expect(typeof row[5], String(row[2])).toBe('number');
    expect(officers.reduce((sum, row) => sum + (row[5] as number), 0) + report.withoutOfficer.ratings).toBe(totals.ratings);
    const ownStaff = new Map(report.staff.map((s) => [s.id, s.counts.ratings]));
    for (const row of officers) if (ownStaff.has(row[1] as string)) expect(row[5], String(row[2])).toBe(ownStaff.get(row[1] as string));

    // Columns fit their Vietnamese text.
    const sheet = workbook.getWorksheet('Cán bộ')!;
    const longestTitle = Math.max(...officers.map((row) => [...String(row[3])].length));
    expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(longestTitle);

    const comments = values('Ý kiến');
    expect(comments.slice(1, 5).map((row) => row[0])).toEqual(['Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Tổng cộng']);
    expect(comments.slice(5).length).toBeGreaterThan(0);
    for (const row of comments.slice(5)) expect(String(row[6])).not.toMatch(/0912 345 67\d/);
  });

  it('the officers’ ranking in the report is the Rankings page’s, with the province’s minimum: the same order, ranks, scores and intervals', async () => {
    // A district's year here is a few dozen ratings per officer: the province lowers the minimum from 30.
    expect((await province.request('PUT', '/rankings/settings', { minRatingsForRanking: 8 })).status).toBe(200);
    const [answer, page] = await Promise.all([
      download(province, `/reports/units/bg-ln-motcua/evaluation?${YEAR}&format=xlsx`),
      province.get<Ranking>(`/rankings?${YEAR}&by=staff&unit=bg-ln-motcua`),
    ]);
    expect(answer.status).toBe(200);
    expect(page.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.getWorksheet('Xếp hạng')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]!.slice(-3)).toEqual(['Điểm xếp hạng', 'Cận dưới 95%', 'Cận trên 95%']);
    const ranked = page.body.ranked;
    expect(ranked.length).toBeGreaterThan(1);
    expect(rows.slice(1).map((row) => [row[0], row[1]])).toEqual(ranked.map((r) => [r.rank, r.key]));
    expect(rows.slice(1).map((row) => row.slice(-3))).toEqual(ranked.map((r) => [fraction(r.scorePct), fraction(r.ciLowPct), fraction(r.ciHighPct)]));
  });

  it('IT staff get the figures without the citizens’ words; the province’s own report lists its top units', async () => {
    const answer = await download(itStaff, `/reports/province/evaluation?${YEAR}&format=xlsx`);
    expect(answer.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.getWorksheet('Ý kiến')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toHaveLength(5);
    const units: unknown[] = [];
    workbook.getWorksheet('Đơn vị')!.eachRow((row, n) => n > 1 && units.push(row.getCell(2).value));
    expect(units.sort()).toEqual(fixture.units.filter((u) => u.parentId === null).map((u) => u.id).sort());
  });

  it('every download is in the audit log: who, the scope, the period and the format', async () => {
    const before = (await exportsAudited()).length;
    const answer = await download(districtHead, `/reports/units/bg-ln-phuongson/evaluation?from=2026-03-01&to=2026-03-31&kind=month&format=xlsx`);
    expect(answer.status).toBe(200);
    const audited = await exportsAudited();
    expect(audited).toHaveLength(before + 1);
    expect(audited[audited.length - 1]).toMatchObject({
      via: 'console',
      report: 'evaluation',
      format: 'xlsx',
      unitId: 'bg-ln-phuongson',
      period: { from: '2026-03-01', to: '2026-03-31', kind: 'month' },
    });
    const who = await server.db.selectFrom('console_audit').select('login').where('action', '=', 'export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(who.login).toBe('truong.lucngan');
  });

  it('scopes, periods and formats outside the rules get a clear refusal, and nothing is audited', async () => {
    const before = (await exportsAudited()).length;
    const refused: [ConsoleClient, string, number, string][] = [
      [communeHead, `/reports/units/bg-ln-motcua/evaluation?${YEAR}&format=pdf`, 403, 'out_of_scope'],
      [communeHead, `/reports/province/evaluation?${YEAR}&format=xlsx`, 403, 'forbidden'],
      [districtHead, `/reports/units/bg-ttpvhcc/evaluation?${YEAR}&format=xlsx`, 403, 'out_of_scope'],
      [districtHead, `/reports/units/bg-ln-motcua/evaluation?from=2026-03-01&to=2026-02-01&format=xlsx`, 400, 'invalid_period'],
      [districtHead, `/reports/units/bg-ln-motcua/evaluation?from=2026-02-03&to=2026-02-27&kind=month&format=xlsx`, 400, 'invalid_period'],
      [districtHead, `/reports/units/bg-ln-motcua/evaluation?${YEAR}&format=docx`, 400, 'invalid_input'],
      [districtHead, `/reports/units/bg-ln-motcua/evaluation?${YEAR}`, 400, 'invalid_input'],
      [server.client(), `/reports/units/bg-ln-motcua/evaluation?${YEAR}&format=xlsx`, 401, 'unauthenticated'],
    ];
    for (const [client, path, status, error] of refused) {
      const answer = await client.get(path);
      expect(answer.status, path).toBe(status);
      expect(answer.body.error, path).toBe(error);
      expect(answer.body.message, path).toBeTruthy();
    }
    expect(await exportsAudited()).toHaveLength(before);
  });
});
