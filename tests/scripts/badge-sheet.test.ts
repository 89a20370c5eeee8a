import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeCards, badgeSheetHtml, runBadgeSheet } from '../../scripts/badge-sheet';
import { BADGE_CODE_PATTERN_V2 } from '../../server/badges';
import { startTestServer, type TestServer } from '../server/helpers';
import { withCapturedOutput } from '../captured-output';
import fixtureRoster from '../fixtures/roster.json';

describe('badge sheet (npm run badges)', () => {
  // The demo roster on a server: the sheet prints the codes the server issued, not HR's.
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('prints the active staff of the unit, and says whom it left out', async () => {
    const { badges } = await server.admin.currentBadges('bg-ln-motcua');
    const { cards, skipped } = badgeCards(badges);
    expect(cards.map((card) => card.staffId)).not.toContain('st-010299');
    expect(cards.map((card) => card.staffId)).toEqual(badges.filter((b) => b.active).map((b) => b.staffId));
    expect(skipped).toEqual(['st-010299 (inactive)']);
  });

  it('encodes the server’s badge code in QR alphanumeric mode, in a small QR', async () => {
    const { badges } = await server.admin.currentBadges('bg-ttpvhcc');
    const { cards } = badgeCards(badges);
    expect(cards[0]).toEqual({ staffId: 'st-000101', fullName: 'Nguyễn Thị Thu Hà', title: 'Chuyên viên', code: badges[0]!.code });
    expect(cards[0]!.code).toMatch(BADGE_CODE_PATTERN_V2);
    const qr = QRCode.create(cards[0]!.code, { errorCorrectionLevel: 'M' });
    expect(qr.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
    expect(qr.version).toBeLessThanOrEqual(2);
  });

  it('prints only the officers named, after a reissue with the new code', async () => {
    const before = (await server.admin.currentBadges('bg-ttpvhcc', ['st-000102'])).badges[0]!;
    const reissued = await server.admin.reissueBadge('st-000102');
    const { unitName, badges } = await server.admin.currentBadges('bg-ttpvhcc', ['st-000102']);
    expect(unitName).toBe('Trung tâm Phục vụ hành chính công tỉnh Bắc Giang');
    expect(badges).toEqual([{ ...before, issue: before.issue + 1, code: reissued.code }]);
    expect(reissued.code).not.toBe(before.code);
    await expect(server.admin.currentBadges('bg-ttpvhcc', ['st-010201'])).rejects.toThrow(/no staff of unit bg-ttpvhcc: st-010201/);
  });

  it('makes an A4 sheet with one QR and the name of each officer, escaping the text', async () => {
    const html = await badgeSheetHtml('Đơn vị <thử>', [
      { staffId: 'st-1', fullName: 'Ngô Thị Ngọc Ánh', title: 'Chuyên viên', code: 'BG-26-000105' },
      { staffId: 'st-2', fullName: 'Đặng Minh Khôi', title: 'A & B', code: 'BG-26-000106' },
    ]);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('Ngô Thị Ngọc Ánh');
    expect(html).toContain('BG-26-000106');
    expect(html).toContain('Đơn vị &lt;thử&gt;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('size: A4');
  });
});

/**
 * `npm run badges -- --roster <file>`: HR's files read by the roster import's reader, no server.
 * The command runs in the test's process (runBadgeSheet, what the script runs), but for one case
 * run as the process a shell sees: its exit code.
 */
describe('badge sheet from an HR file (npm run badges -- --roster)', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-badges-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  type Result = { code: number | null; stdout: string; stderr: string };
  async function badges(...args: string[]): Promise<Result> {
    // No server database at all: the file is the only source.
    const saved = process.env;
    const { DATABASE_URL: _url, ...env } = process.env;
    process.env = { ...env, DATA_DIR: join(dir, 'no-server') };
    try {
      const { result, stdout, stderr } = await withCapturedOutput(() => runBadgeSheet(args));
      return { code: result, stdout, stderr };
    } finally {
      process.env = saved;
    }
  }
  function badgesProcess(...args: string[]): Promise<Result> {
    return new Promise((resolve, reject) => {
      const { DATABASE_URL: _url, ...env } = process.env;
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/badge-sheet.ts', ...args], { env: { ...env, DATA_DIR: join(dir, 'no-server') }, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }
  const nfd = (text: string) => text.normalize('NFD');
  /** The cards of a sheet, as `name | code`, in order. */
  const cardsOf = (html: string) => [...html.matchAll(/<div class="name">([^<]*)<\/div>[\s\S]*?<div class="code">([^<]*)<\/div>/g)].map((m) => `${m[1]} | ${m[2]}`);

  it('a `;` CSV with Vietnamese headers in capitals and NFD: the file’s codes printed; a formula, a code on two rows and a row without a code listed by row, in Vietnamese first', async () => {
    const file = join(dir, 'nhan-su.csv');
    writeFileSync(
      file,
      '\uFEFF' +
        [
          nfd('HỌ VÀ TÊN;SỐ THẺ;CƠ QUAN;CHỨC DANH'),
          `${nfd('Nguyễn Thị Thu Hà')};BG-26-000101;bg-ttpvhcc;Chuyên viên`,
          'Trần Văn Đức; bg-26-000102 ;bg-ttpvhcc;"Chuyên viên chính; tổ 1"',
          'Lê Thị Hương;;bg-ttpvhcc;Chuyên viên',
          'Phạm Quốc Huy;=HYPERLINK("http://x");bg-ttpvhcc;',
          'Ngô Thị Ngọc Ánh;BG-26-000105;bg-ttpvhcc;',
          'Đặng Minh Khôi;BG-26-000105;bg-ttpvhcc;',
        ].join('\r\n'),
    );
    const out = join(dir, 'csv.html');
    const result = await badges('--roster', file, '--out', out);
    expect(result.code).toBe(1); // a sheet, but not every row printed
    const html = readFileSync(out, 'utf8');
    expect(cardsOf(html)).toEqual(['Nguyễn Thị Thu Hà | BG-26-000101', 'Trần Văn Đức | BG-26-000102']);
    expect(html).toContain('Chuyên viên chính; tổ 1');
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = result.stderr.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(lines[at('dòng 4 (Lê Thị Hương)')]).toMatch(/không có số thẻ trong tệp/);
    expect(lines[at('dòng 5 (Phạm Quốc Huy)')]).toMatch(/“Số thẻ” chứa công thức/);
    expect(lines[at('dòng 6 (Ngô Thị Ngọc Ánh)')]).toMatch(/Số thẻ này đã có ở dòng 7/);
    expect(lines[at('dòng 7 (Đặng Minh Khôi)')]).toMatch(/Số thẻ này đã có ở dòng 6/);
    // Vietnamese first, English on the next line.
    expect(lines[at('dòng 5 (Phạm Quốc Huy)') + 1]).toMatch(/row 5 \(Phạm Quốc Huy\): “Badge code” holds a formula/);
    expect(result.stderr).not.toContain('BG-26-000105'); // a code is a secret: never in the listing
  });

  it('an XLSX (a notes sheet, a units sheet, staff with capitalised headers): one unit chosen by its name without tones, its cards under its name', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Hướng dẫn').addRow(['Điền mỗi cán bộ một dòng']);
    const units = workbook.addWorksheet('Đơn vị');
    units.addRow(['MÃ ĐƠN VỊ', 'TÊN ĐƠN VỊ', 'CẤP']);
    units.addRow(['bg-ln-motcua', 'Bộ phận Một cửa UBND huyện Lục Ngạn', 'Huyện']);
    units.addRow(['bg-ln-phuongson', 'Bộ phận Một cửa UBND xã Phượng Sơn', 'Xã']);
    const staff = workbook.addWorksheet('Cán bộ');
    staff.addRow(['MÃ CÁN BỘ', 'HỌ VÀ TÊN', 'CHỨC DANH', 'ĐƠN VỊ', 'MÃ THẺ', 'TRẠNG THÁI']);
    staff.addRow(['st-020301', 'Lý Văn Sáng', 'Công chức Tư pháp – Hộ tịch', 'bg-ln-phuongson', 'BG-26-020301', 'Đang công tác']);
    staff.addRow(['st-020302', nfd('Nông Thị Mai'), 'Công chức Địa chính – Xây dựng', 'Bộ phận Một cửa UBND xã Phượng Sơn', 'BG-26-020302', '']);
    staff.addRow(['st-020303', 'Hà Văn Lộc', 'Công chức Văn hóa – Xã hội', 'bg-ln-phuongson', 'BG-26-020303', 'Nghỉ việc']);
    staff.addRow(['st-010201', 'Hoàng Văn Thắng', 'Công chức', 'bg-ln-motcua', 'BG-26-010201', '']);
    const file = join(dir, 'phuong-son.xlsx');
    await workbook.xlsx.writeFile(file);
    const out = join(dir, 'xlsx.html');
    const result = await badges('--roster', file, '--unit', 'bo phan mot cua ubnd xa phuong son', '--out', out);
    expect(result.stderr).toContain('Cán bộ, dòng 4 (Hà Văn Lộc): đã nghỉ');
    expect(result.code).toBe(0); // an officer who left is no problem of the file
    const html = readFileSync(out, 'utf8');
    expect(cardsOf(html)).toEqual(['Lý Văn Sáng | BG-26-020301', 'Nông Thị Mai | BG-26-020302']);
    expect(html).toContain('<h1>Thẻ đăng nhập kiosk “Nụ cười” – Bộ phận Một cửa UBND xã Phượng Sơn (2)</h1>');
    expect(html).not.toContain('Hoàng Văn Thắng');
    expect(result.stdout).toMatch(/2 thẻ của Bộ phận Một cửa UBND xã Phượng Sơn/);

    const unknown = await badges('--roster', file, '--unit', 'bg-ttpvhcc', '--out', join(dir, 'none.html'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Tệp không có cán bộ nào của đơn vị “bg-ttpvhcc”. Các đơn vị trong tệp: bg-ln-phuongson \(Bộ phận Một cửa UBND xã Phượng Sơn\), bg-ln-motcua/);
    expect(existsSync(join(dir, 'none.html'))).toBe(false);
  });

  it('the JSON roster of the fixtures: every unit on one sheet, each unit from a new page, the officer who left listed and not printed', async () => {
    const out = join(dir, 'json.html');
    const result = await badges('--roster', 'tests/fixtures/roster.json', '--out', out);
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const active = fixtureRoster.staff.filter((s) => s.active);
    expect(cardsOf(html).sort()).toEqual(active.map((s) => `${s.fullName} | ${s.badgeCode}`).sort());
    expect([...html.matchAll(/<h1>[^–]*– ([^<]*) \((\d+)\)<\/h1>/g)].map((m) => `${m[1]} (${m[2]})`)).toEqual([
      'Trung tâm Phục vụ hành chính công tỉnh Bắc Giang (6)',
      'Bộ phận Một cửa UBND huyện Lục Ngạn (5)',
      'Bộ phận Một cửa UBND xã Phượng Sơn (4)',
    ]);
    expect(html).toContain('.unit-sheet + .unit-sheet { break-before: page; }');
    expect(html).not.toContain('Trịnh Văn Cũ');
    expect(result.stderr).toContain('staff, dòng 16 (Trịnh Văn Cũ): đã nghỉ');
  });

  it('a file with wrong headers is refused whole, with the header row, exit code 2 and no sheet', async () => {
    const file = join(dir, 'sai.csv');
    writeFileSync(file, 'Tên;Số;Nơi làm việc\nNguyễn Thị Thu Hà;BG-26-000101;bg-ttpvhcc\n');
    const out = join(dir, 'wrong.html');
    const result = await badgesProcess('--roster', file, '--out', out);
    expect(result.code).toBe(2);
    const [vi, en] = result.stderr.trim().split('\n');
    expect(vi).toBe('sai.csv: dòng 1 (tiêu đề): thiếu cột “Họ và tên”, “Đơn vị”. Cần ít nhất “Họ và tên” và “Đơn vị” (cán bộ), “Tên đơn vị” (đơn vị) hoặc “Tên quầy” (quầy).');
    expect(en).toMatch(/^ {2}sai\.csv: row 1 \(header\): missing column/);
    expect(existsSync(out)).toBe(false);

    const units = join(dir, 'don-vi.csv');
    writeFileSync(units, 'Mã đơn vị,Tên đơn vị,Cấp\nbg-x,Đơn vị X,Xã\n');
    const noStaff = await badges('--roster', units, '--out', out);
    expect(noStaff.code).toBe(2);
    expect(noStaff.stderr).toMatch(/^don-vi\.csv: tệp không có bảng cán bộ/);
  });
});
