/**
 * The console's exports over HTTP: each workbook read back with exceljs and compared, cell for
 * cell, with the page's own answer for the same scope and period; CSV opened as UTF-8 with its
 * byte order mark, Vietnamese names intact; every export audited; scopes enforced; the raw
 * ratings for province accounts only, with comments masked unless the account may see them.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counts, Report, ReportRow } from '../../../../shared/console/api';
import type { Ranking } from '../../../../shared/console/rankings';
import { importRoster } from '../../../../server/roster';
import { backend } from '../../helpers';
import { seedRankingScope } from '../../reports/ranking-scope';
import { addKiosk, ingest, makeRating } from '../../reports/ratings';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';

/** Names that CSV and spreadsheets get wrong: a comma, quotes, a leading dash, "Hoà" and "Hòa". */
const TRICKY = {
  units: [{ id: 'bg-dt-motcua', name: 'Bộ phận “Một cửa”, xã Đồng Tâm', level: 'commune', parentId: 'bg-ln-motcua' }],
  counters: [{ id: 'dt-q01', unitId: 'bg-dt-motcua', name: 'Quầy "01" – Hộ tịch', deskRole: 'reception' }],
  staff: [
    { id: 'st-050101', unitId: 'bg-dt-motcua', fullName: 'Nguyễn Thị Ánh Tuyết', title: '-Công chức Tư pháp – Hộ tịch', active: true },
    { id: 'st-050102', unitId: 'bg-dt-motcua', fullName: 'Đặng Văn Ưng', title: 'Công chức, Văn phòng', active: true },
  ],
};

interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

async function download(client: ConsoleClient, path: string): Promise<Download> {
  const response = await fetch(`${client.baseUrl}/api/console/v1${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** The values of a sheet's rows, the header first (exceljs counts from 1). */
function values(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows.map((row) => Array.from({ length: sheet.columnCount }, (_, i) => row[i] ?? null));
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes and line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

/** A fraction stored by the workbook against the console's percentage with one or two decimals. */
const asPercent = (cell: unknown) => (cell === null ? null : Math.round((cell as number) * 100_000) / 1000);

const COUNT_HEADERS = ['Số đánh giá', 'Tỷ lệ hài lòng (%)', 'Rất hài lòng', 'Hài lòng', 'Không hài lòng', 'Rất hài lòng (%)', 'Hài lòng (%)', 'Không hài lòng (%)'];

/** A row of counts as the workbook holds it, in the console's numbers. */
function countsOf(cells: unknown[]): unknown[] {
  return cells.map((cell, i) => ([1, 5, 6, 7].includes(i) ? asPercent(cell) : cell));
}
function expectedCounts(counts: Counts): unknown[] {
  const hidden = counts.tooFew;
  return [
    counts.ratings,
    counts.satisfactionPct,
    hidden ? null : counts.verySatisfied,
    hidden ? null : counts.satisfied,
    hidden ? null : counts.notSatisfied,
    counts.verySatisfiedPct,
    counts.satisfiedPct,
    counts.notSatisfiedPct,
  ];
}

describe(`exports of the console's tables (${backend})`, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let personal: ConsoleClient;
  let districtHead: ConsoleClient;
  let communeHead: ConsoleClient;
  let itStaff: ConsoleClient;
  beforeAll(async () => {
    server = await startConsoleServer();
    await importRoster(server.db, TRICKY);
    await seedRankingScope(server.db, server.clock.now);
    const kiosk = await addKiosk(server.db, { id: 'dt-q01', unitId: 'bg-dt-motcua', deskRole: 'reception' }, server.clock.now);
    const at = Date.UTC(2026, 5, 1, 3);
    await ingest(
      server.db,
      kiosk,
      [
        makeRating(kiosk, at, { staffId: 'st-050101', score: 3, comment: 'Xin gọi lại số 0912 345 678, cảm ơn chị Ánh Tuyết.', dossierCode: 'HS-2026-000123' }),
        ...Array.from({ length: 6 }, (_, i) => makeRating(kiosk, at + (i + 1) * 3_600_000, { staffId: 'st-050102', score: i === 0 ? 1 : 2 })),
      ],
      server.clock.now,
    );
    await server.addUser('so.noivu', 'province');
    await server.addUser('so.noivu.canhan', 'province', { maySeePersonalData: true });
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('truong.phuongson', 'unit_head', { unitId: 'bg-ln-phuongson' });
    await server.addUser('it.staff', 'it');
    for (const [login, set] of [
      ['so.noivu', (c: ConsoleClient) => (province = c)],
      ['so.noivu.canhan', (c: ConsoleClient) => (personal = c)],
      ['truong.lucngan', (c: ConsoleClient) => (districtHead = c)],
      ['truong.phuongson', (c: ConsoleClient) => (communeHead = c)],
      ['it.staff', (c: ConsoleClient) => (itStaff = c)],
    ] as const) {
      const client = server.client();
      await client.login(login);
      set(client);
    }
  });
  afterAll(() => server?.close());

  it('a report page’s workbook: a sheet per table, Vietnamese headers in a frozen row, numbers as numbers, the page’s figures', async () => {
    const page = (await province.get<Report>(`/reports/units/bg-ln-motcua?${YEAR}`)).body;
    const file = await download(province, `/exports/reports/units/bg-ln-motcua?${YEAR}&format=xlsx`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="bao-cao_bo-phan-mot-cua-ubnd-huyen-luc-ngan_2026-01-01_2026-12-31.xlsx"');
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Thông tin', 'Tổng hợp', 'Theo bộ phận', 'Tiêu chí 4 xin 4 luôn', 'Theo tháng', 'Đơn vị trực thuộc', 'Quầy', 'Cán bộ']);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
    }

    const totals = values(book.getWorksheet('Tổng hợp')!);
    expect(totals[0]).toEqual(['Đối tượng', 'Kỳ', ...COUNT_HEADERS]);
    expect(totals[1]!.slice(0, 2)).toEqual(['Bộ phận Một cửa UBND huyện Lục Ngạn', 'Năm 2026']);
    expect(countsOf(totals[1]!.slice(2))).toEqual(expectedCounts(page.measures.totals));
    expect(countsOf(totals[2]!.slice(2))).toEqual(expectedCounts(page.previousTotals));
    expect(totals[3]!.slice(0, 3)).toEqual(['Trong đó: (không có cán bộ đăng nhập)', 'Năm 2026', page.withoutOfficer.ratings]);
    // Numbers are numbers, percentages fractions formatted as percentages.
    const totalsSheet = book.getWorksheet('Tổng hợp')!;
    expect(typeof totalsSheet.getCell('C2').value).toBe('number');
    expect(totalsSheet.getCell('C2').numFmt).toBe('#,##0');
    expect(totalsSheet.getCell('D2').numFmt).toBe('0.0%');
    expect(totalsSheet.getCell('D2').value).toBeCloseTo(page.measures.totals.satisfactionPct! / 100, 10);

    const desks = values(book.getWorksheet('Theo bộ phận')!);
    expect(desks.slice(1).map((row) => [row[0], ...countsOf(row.slice(1))])).toEqual([
      ['Tiếp nhận hồ sơ', ...expectedCounts(page.byDeskRole.reception)],
      ['Trả kết quả', ...expectedCounts(page.byDeskRole.results)],
    ]);
    const behaviours = values(book.getWorksheet('Tiêu chí 4 xin 4 luôn')!);
    expect(behaviours[0]).toEqual(['Tiêu chí', 'Nhóm', 'Tỷ lệ “có” (%)', 'Số người trả lời']);
    expect(behaviours.slice(1).map((row) => row[0])).toEqual(['Xin chào', 'Xin lỗi', 'Xin cảm ơn', 'Xin phép', 'Luôn mỉm cười', 'Luôn nhẹ nhàng', 'Luôn lắng nghe', 'Luôn giúp đỡ']);
    expect(behaviours.slice(1).map((row) => [asPercent(row[2]), row[3]])).toEqual(page.measures.behaviours.map((b) => [b.yesPct, b.answered]));
    const months = values(book.getWorksheet('Theo tháng')!);
    expect(months.slice(1).map((row) => [row[0], ...countsOf(row.slice(1))])).toEqual(page.measures.trend.map((p) => [`${p.month.slice(5)}/${p.month.slice(0, 4)}`, ...expectedCounts(p.counts)]));

    const ranked = (sheet: string, rows: ReportRow[], detail: (row: ReportRow) => string | null) => {
      const cells = values(book.getWorksheet(sheet)!);
      expect(cells.slice(1).map((row) => [row[0], row[1], row[2], row[3], ...countsOf(row.slice(4))])).toEqual(rows.map((r) => [r.rank, r.id, r.name, detail(r), ...expectedCounts(r.counts)]));
      return cells;
    };
    ranked('Đơn vị trực thuộc', page.units, () => 'Cấp xã');
    ranked('Quầy', page.counters, (r) => (r.detail === 'results' ? 'Trả kết quả' : 'Tiếp nhận hồ sơ'));
    const staff = ranked('Cán bộ', page.staff, (r) => r.detail);
    expect(staff[0]).toEqual(['Hạng', 'Mã', 'Cán bộ', 'Chức danh', ...COUNT_HEADERS]);
    // The columns are wide enough for the longest Vietnamese name they hold.
    const nameColumn = book.getWorksheet('Đơn vị trực thuộc')!.getColumn(3);
    expect(nameColumn.width).toBeGreaterThanOrEqual([...'Bộ phận “Một cửa”, xã Đồng Tâm'].length);

    // Units below add up, with the unit's own counters, to the page's total.
    const ownCounters = page.counters.reduce((sum, c) => sum + c.counts.ratings, 0);
    expect(page.units.reduce((sum, u) => sum + u.counts.ratings, 0) + ownCounters).toBe(page.measures.totals.ratings);
  });

  it('an officer’s workbook compares them with their unit and the province, as the page does', async () => {
    const page = (await province.get<Report>(`/reports/staff/st-000102?${YEAR}&deskRole=reception`)).body;
    const book = await workbook((await download(province, `/exports/reports/staff/st-000102?${YEAR}&deskRole=reception&format=xlsx`)).bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Thông tin', 'Tổng hợp', 'Theo bộ phận', 'Tiêu chí 4 xin 4 luôn', 'Theo tháng', 'So sánh']);
    const comparison = values(book.getWorksheet('So sánh')!);
    expect(comparison.slice(1).map((row) => [row[0], ...countsOf(row.slice(1))])).toEqual([
      ['Trần Văn Đức', ...expectedCounts(page.measures.totals)],
      ['Trung tâm Phục vụ hành chính công tỉnh Bắc Giang', ...expectedCounts(page.comparison!.unit.totals)],
      ['Toàn tỉnh', ...expectedCounts(page.comparison!.province.totals)],
    ]);
    expect(values(book.getWorksheet('Tiêu chí 4 xin 4 luôn')!)[0]).toEqual([
      'Tiêu chí',
      'Nhóm',
      'Tỷ lệ “có” (%) – Trần Văn Đức',
      'Số người trả lời – Trần Văn Đức',
      'Tỷ lệ “có” (%) – Trung tâm Phục vụ hành chính công tỉnh Bắc Giang',
      'Số người trả lời – Trung tâm Phục vụ hành chính công tỉnh Bắc Giang',
      'Tỷ lệ “có” (%) – Toàn tỉnh',
      'Số người trả lời – Toàn tỉnh',
    ]);
    const information = values(book.getWorksheet('Thông tin')!);
    expect(information).toContainEqual(['Bộ phận', 'Tiếp nhận hồ sơ']);
    expect(information).toContainEqual(['Kỳ báo cáo', 'Năm 2026']);
    expect(information).toContainEqual(['Xuất bởi', 'Tài khoản so.noivu (so.noivu)']);
  });

  it('CSV opens as UTF-8 with its byte order mark and gives back Vietnamese names exactly', async () => {
    const page = (await province.get<Report>(`/reports/units/bg-dt-motcua?${YEAR}`)).body;
    const file = await download(province, `/exports/reports/units/bg-dt-motcua?${YEAR}&format=csv&table=staff`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="bao-cao_bo-phan-mot-cua-xa-dong-tam_staff_2026-01-01_2026-12-31.csv"');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes.subarray(3));
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['Hạng', 'Mã', 'Cán bộ', 'Chức danh', ...COUNT_HEADERS]);
    expect(rows.map((row) => [row[1], row[2], row[3]])).toEqual(page.staff.map((r) => [r.id, r.name, r.detail === '-Công chức Tư pháp – Hộ tịch' ? `'${r.detail}` : r.detail]));
    expect(rows.map((r) => r[2])).toEqual(['Đặng Văn Ưng', 'Nguyễn Thị Ánh Tuyết']);
    expect(rows.every((row) => row.every((cell) => cell === cell.normalize('NFC')))).toBe(true);
    // Đặng Văn Ưng: 6 ratings, 5 satisfied — 83.3% as the page says.
    expect(rows[0]!.slice(4, 6)).toEqual(['6', '83.3']);
    expect(rows[1]!.slice(4, 6)).toEqual(['1', '']); // one rating: too few for a share

    const counters = parseCsv((await download(province, `/exports/reports/units/bg-dt-motcua?${YEAR}&format=csv&table=counters`)).bytes.toString('utf8').slice(1));
    expect(counters[1]!.slice(1, 3)).toEqual(['dt-q01', 'Quầy "01" – Hộ tịch']);
    const units = parseCsv((await download(province, `/exports/reports/units/bg-ln-motcua?${YEAR}&format=csv&table=units`)).bytes.toString('utf8').slice(1));
    expect(units.map((row) => row[2])).toContain('Bộ phận “Một cửa”, xã Đồng Tâm');
  });

  it('a CSV names its table; a table the page has not, or a format not offered, is refused', async () => {
    for (const [query, error] of [
      ['&format=csv', 'invalid_input'],
      ['&format=csv&table=comparison', 'invalid_input'],
      ['&format=csv&table=nothing', 'invalid_input'],
      ['&format=pdf', 'invalid_input'],
      ['', 'invalid_input'],
    ] as const) {
      const answer = await province.get(`/exports/reports/units/bg-ln-motcua?${YEAR}${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error, query).toBe(error);
    }
    expect((await province.get(`/exports/reports/units/bg-ln-motcua?from=2026-02-30&to=2026-03-01&format=xlsx`)).body.error).toBe('invalid_period');
  });

  it('a ranking’s workbook: its parameters, the ranked and those without enough ratings, as the page has them; its CSV both, ranked first', async () => {
    const page = (await province.get<Ranking>(`/rankings?${YEAR}&by=staff`)).body;
    const file = await download(province, `/exports/rankings?${YEAR}&by=staff&format=xlsx`);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="xep-hang-can-bo_toan-tinh_2026-01-01_2026-12-31.xlsx"');
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Thông tin', 'Xếp hạng', 'Chưa đủ số đánh giá']);
    const header = ['Hạng', 'Mã', 'Cán bộ', 'Chức danh', 'Đơn vị', 'Số đánh giá', 'Tỷ lệ hài lòng (%)', 'Điểm xếp hạng (%)', 'Cận dưới khoảng tin cậy 95% (%)', 'Cận trên khoảng tin cậy 95% (%)', 'Rất hài lòng', 'Hài lòng', 'Không hài lòng'];
    const ranked = values(book.getWorksheet('Xếp hạng')!);
    expect(ranked[0]).toEqual(header);
    const asRow = (r: Ranking['ranked'][number]) => [r.rank, r.key, r.name, r.detail, r.unitName, r.counts.ratings, r.counts.satisfactionPct, r.scorePct, r.ciLowPct, r.ciHighPct, ...(r.counts.tooFew ? [null, null, null] : [r.counts.verySatisfied, r.counts.satisfied, r.counts.notSatisfied])];
    const percentColumns = [6, 7, 8, 9];
    const read = (row: unknown[]) => row.map((cell, i) => (percentColumns.includes(i) ? asPercent(cell) : cell));
    expect(ranked.slice(1).map(read)).toEqual(page.ranked.map(asRow));
    expect(book.getWorksheet('Xếp hạng')!.getCell('H2').numFmt).toBe('0.00%');
    expect(values(book.getWorksheet('Chưa đủ số đánh giá')!).slice(1).map(read)).toEqual(page.notEnough.map(asRow));
    const information = values(book.getWorksheet('Thông tin')!);
    expect(information).toContainEqual(['Trọng số m', `${page.parameters.weight} (trung vị số đánh giá của kỳ)`]);
    expect(information).toContainEqual(['Số đánh giá tối thiểu để được xếp hạng', 30]);

    const csv = parseCsv((await download(province, `/exports/rankings?${YEAR}&by=staff&format=csv`)).bytes.toString('utf8').slice(1));
    expect(csv[0]).toEqual(header);
    expect(csv.slice(1).map((row) => [row[0], row[1], row[7]])).toEqual([...page.ranked, ...page.notEnough].map((r) => [r.rank === null ? '' : String(r.rank), r.key, r.scorePct === null ? '' : String(r.scorePct)]));
  });

  it('every export is written to the audit log: who, what, scope, period, format', async () => {
    const before = await server.db.selectFrom('console_audit').select('id').where('action', '=', 'export').execute();
    await download(districtHead, `/exports/reports/units/bg-ln-phuongson?from=2026-03-01&to=2026-03-31&kind=month&format=csv&table=staff`);
    await download(districtHead, `/exports/rankings?${YEAR}&by=unit&format=xlsx`);
    const rows = await server.db.selectFrom('console_audit').select(['login', 'role', 'details', 'address']).where('action', '=', 'export').orderBy('id').execute();
    expect(rows.length).toBe(before.length + 2);
    const [report, ranking] = rows.slice(-2).map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
    expect(report).toMatchObject({
      login: 'truong.lucngan',
      role: 'unit_head',
      address: '127.0.0.1',
      details: { scope: 'bg-ln-motcua', export: 'report', subject: { kind: 'unit', id: 'bg-ln-phuongson' }, period: { from: '2026-03-01', to: '2026-03-31', kind: 'month' }, format: 'csv', table: 'staff' },
    });
    expect(ranking).toMatchObject({ login: 'truong.lucngan', details: { export: 'ranking', by: 'unit', unit: 'bg-ln-motcua', format: 'xlsx', minRatings: 30 } });
  });

  it('a unit head cannot export another unit, the province or its ranking; nothing is sent and nothing audited', async () => {
    const before = (await server.db.selectFrom('console_audit').select('id').where('action', '=', 'export').execute()).length;
    const refused: [ConsoleClient, string, number, string][] = [
      [communeHead, `/exports/reports/units/bg-ln-motcua?${YEAR}&format=xlsx`, 403, 'out_of_scope'],
      [communeHead, `/exports/reports/units/bg-dt-motcua?${YEAR}&format=csv&table=staff`, 403, 'out_of_scope'],
      [districtHead, `/exports/reports/units/bg-ttpvhcc?${YEAR}&format=xlsx`, 403, 'out_of_scope'],
      [districtHead, `/exports/reports/counters/ttpvhcc-q01?${YEAR}&format=csv&table=staff`, 403, 'out_of_scope'],
      [districtHead, `/exports/reports/staff/st-000102?${YEAR}&format=xlsx`, 403, 'out_of_scope'],
      [districtHead, `/exports/reports/province?${YEAR}&format=xlsx`, 403, 'forbidden'],
      [districtHead, `/exports/rankings?${YEAR}&unit=bg-ttpvhcc&format=xlsx`, 403, 'out_of_scope'],
      [districtHead, `/exports/ratings?${YEAR}&unit=bg-ln-motcua&format=csv`, 403, 'forbidden'],
      [itStaff, `/exports/rankings?${YEAR}&format=csv`, 403, 'forbidden'],
      [itStaff, `/exports/ratings?${YEAR}&format=csv`, 403, 'forbidden'],
      [server.client(), `/exports/reports/province?${YEAR}&format=xlsx`, 401, 'unauthenticated'],
    ];
    for (const [client, path, status, error] of refused) {
      const file = await download(client, path);
      expect(file.status, path).toBe(status);
      expect(file.headers.get('content-disposition'), path).toBeNull();
      expect(JSON.parse(file.bytes.toString('utf8')).error, path).toBe(error);
    }
    expect((await server.db.selectFrom('console_audit').select('id').where('action', '=', 'export').execute()).length).toBe(before);
  });

  it('the raw ratings of a scope and period for province accounts: one row each, comments masked unless the account may see them', async () => {
    const file = await download(province, `/exports/ratings?${YEAR}&unit=bg-ln-motcua&format=csv`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="danh-gia_bo-phan-mot-cua-ubnd-huyen-luc-ngan_2026-01-01_2026-12-31.csv"');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(file.bytes.toString('utf8').slice(1));
    expect(header!.slice(0, 11)).toEqual(['Mã đánh giá', 'Thời gian (giờ Việt Nam)', 'Mã đơn vị', 'Đơn vị', 'Mã quầy', 'Quầy', 'Bộ phận', 'Mã cán bộ', 'Cán bộ', 'Điểm (1–3)', 'Mức đánh giá']);
    expect(header).not.toContain('Mã hồ sơ');
    // Lục Ngạn and the units under it: its own 60, Phượng Sơn's 100, Đồng Tâm's 7.
    const stored = await server.db.selectFrom('ratings').select(['id', 'unit_id']).where('unit_id', 'in', ['bg-ln-motcua', 'bg-ln-phuongson', 'bg-dt-motcua']).execute();
    expect(rows.map((r) => r[0]).sort()).toEqual(stored.map((r) => r.id).sort());
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['bg-ln-motcua', 'bg-ln-phuongson', 'bg-dt-motcua']));
    const commented = rows.find((r) => r[7] === 'st-050101')!;
    expect(commented.slice(1, 11)).toEqual(['2026-06-01 10:00:00', 'bg-dt-motcua', 'Bộ phận “Một cửa”, xã Đồng Tâm', 'dt-q01', 'Quầy "01" – Hộ tịch', 'Tiếp nhận hồ sơ', 'st-050101', 'Nguyễn Thị Ánh Tuyết', '3', 'Rất hài lòng']);
    const comment = header!.indexOf('Ý kiến');
    expect(commented[comment]).toBe('Xin gọi lại số •••• ••• •78, cảm ơn chị Ánh Tuyết.');
    expect(commented[comment + 1]).toBe('1');

    const allowed = parseCsv((await download(personal, `/exports/ratings?${YEAR}&unit=bg-dt-motcua&format=csv`)).bytes.toString('utf8').slice(1));
    const row = allowed.find((r) => r[7] === 'st-050101')!;
    expect(row[allowed[0]!.indexOf('Ý kiến')]).toBe('Xin gọi lại số 0912 345 678, cảm ơn chị Ánh Tuyết.');
    expect(row[allowed[0]!.indexOf('Mã hồ sơ')]).toBe('HS-2026-000123');

    const audit = await server.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'export').orderBy('id', 'desc').limit(2).execute();
    expect(audit.map((a) => [a.login, JSON.parse(a.details)])).toEqual([
      ['so.noivu.canhan', { scope: 'province', export: 'ratings', unit: 'bg-dt-motcua', period: { from: '2026-01-01', to: '2026-12-31', kind: 'year' }, format: 'csv', personalData: 'shown' }],
      ['so.noivu', { scope: 'province', export: 'ratings', unit: 'bg-ln-motcua', period: { from: '2026-01-01', to: '2026-12-31', kind: 'year' }, format: 'csv', personalData: 'masked' }],
    ]);
  });

  it('the raw ratings as a workbook: times as dates in Vietnam time, the whole province when no unit is named', async () => {
    const file = await download(province, `/exports/ratings?${YEAR}&format=xlsx`);
    expect(file.status).toBe(200);
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Đánh giá']);
    const sheet = book.getWorksheet('Đánh giá')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const { count } = await server.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(sheet.actualRowCount).toBe(Number(count) + 1);
    const cells = values(sheet);
    const row = cells.find((r) => r[7] === 'st-050101')!;
    expect(row[1]).toEqual(new Date('2026-06-01T10:00:00Z')); // 10:00 in Vietnam, shown as such
    expect(sheet.getRow(cells.indexOf(row) + 1).getCell(2).numFmt).toBe('dd/mm/yyyy hh:mm:ss');
    expect(row[9]).toBe(3);
  });
});
