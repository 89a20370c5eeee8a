import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fixture from '../../fixtures/roster.json';
import type { RosterImportResult } from '../../../shared/roster-import';
import { backend, startTestServer, type TestServer } from '../helpers';

const nfd = (text: string) => text.normalize('NFD');
const CENTRE = 'Trung tâm Phục vụ hành chính công tỉnh Bắc Giang';

describe(`importing HR's roster files with a plan first (${backend})`, () => {
  let server: TestServer;
  let dir: string;
  beforeEach(async () => {
    server = await startTestServer({ demo: false });
    await server.admin.importRoster(fixture);
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-roster-plan-'));
  });
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const plan = (path: string, deactivateMissing = false) => server.admin.importRosterFile(path, { deactivateMissing });
  const apply = (path: string, deactivateMissing = false) => server.admin.importRosterFile(path, { apply: true, deactivateMissing });
  const staffOf = async (unitId: string) => server.admin.listStaff(unitId);
  const summary = (result: RosterImportResult) => result.plan.rows.map((row) => `${row.row} ${row.action} ${row.id ?? ''}${row.matchedBy ? ` by ${row.matchedBy}` : ''}${row.changes.length ? ` ${row.changes.join(',')}` : ''}`);

  it('finds two existing officers in a sheet without staff ids (HỌ VÀ TÊN | SỐ THẺ | CƠ QUAN | CHỨC DANH) instead of adding them again, and re-importing the original roster changes nothing', async () => {
    const sheet = write('hr.csv', ['HỌ VÀ TÊN,SỐ THẺ,CƠ QUAN,CHỨC DANH', `Nguyễn Thị Thu Hà,BG-26-000101,${CENTRE},Chuyên viên`, `Trần Văn Đức,BG-26-000102,${CENTRE},Chuyên viên chính`].join('\n'));
    const before = await server.admin.counts();
    const previewed = await plan(sheet);
    expect(summary(previewed)).toEqual(['2 unchanged st-000101 by badge', '3 unchanged st-000102 by badge']);
    expect(previewed.plan.counts.staff).toEqual({ add: 0, change: 0, unchanged: 2, refused: 0 });
    expect(previewed.applied).toBe(false);
    const applied = await apply(sheet);
    expect(applied).toMatchObject({ applied: true, deactivated: 0 });
    expect(await server.admin.counts()).toEqual(before);

    const original = write('roster.json', JSON.stringify(fixture));
    const again = await apply(original);
    expect(again.plan.counts).toEqual({
      unit: { add: 0, change: 0, unchanged: 3, refused: 0 },
      counter: { add: 0, change: 0, unchanged: 6, refused: 0 },
      staff: { add: 0, change: 0, unchanged: 16, refused: 0 },
    });
    expect(again.plan.missing).toEqual([]);
    expect(await server.admin.counts()).toEqual(before);
  });

  it('matches by unit and name when the sheet has neither id nor badge: a semicolon CSV with names in NFD, without tones and in capitals', async () => {
    const sheet = write(
      'ho-so.csv',
      [
        'Họ và tên;Chức danh;Đơn vị',
        `${nfd('Lê Thị Hương')};Chuyên viên;bg-ttpvhcc`,
        'Pham Quoc Huy;Phó Giám đốc Trung tâm;bg-ttpvhcc',
        `NGÔ THỊ NGỌC ÁNH;Chuyên viên chính;${nfd(CENTRE)}`,
        'Đinh Văn Mới;Chuyên viên;trung tam phuc vu hanh chinh cong tinh bac giang',
        ';;',
        'Đặng  Minh   Khôi;Chuyên viên;bg-ttpvhcc',
      ].join('\r\n'),
    );
    const result = await apply(sheet);
    expect(summary(result)).toEqual([
      '2 unchanged st-000103 by name',
      '3 unchanged st-000104 by name',
      '4 change st-000105 by name title',
      `5 add ${result.plan.rows[3]!.id}`,
      '6 ignored ',
      '7 unchanged st-000106 by name',
    ]);
    expect(result.plan.counts.staff).toEqual({ add: 1, change: 1, unchanged: 3, refused: 0 });
    expect(result.plan.ignoredRows).toBe(1);
    const staff = await staffOf('bg-ttpvhcc');
    // Tones are never taken away by a sheet typed without them.
    expect(staff.find((s) => s.id === 'st-000104')?.name).toBe('Phạm Quốc Huy');
    expect(staff.find((s) => s.id === 'st-000105')).toMatchObject({ name: 'Ngô Thị Ngọc Ánh', title: 'Chuyên viên chính' });
    expect(staff.filter((s) => s.name === 'Đinh Văn Mới')).toHaveLength(1);
    // Two officers missing from the sheet stay active: nobody asked to deactivate them.
    expect(result.plan.missing.map((m) => m.id)).toEqual(['st-000101', 'st-000102']);
    expect(staff.filter((s) => s.active)).toHaveLength(7);
    // The same sheet again: nothing more to do, no duplicate.
    expect((await plan(sheet)).plan.counts.staff).toEqual({ add: 0, change: 0, unchanged: 5, refused: 0 });
  });

  it('reads an XLSX with capitalised headers, and deactivates only within its units and only when asked', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Hướng dẫn').addRow(['Điền mỗi cán bộ một dòng']);
    const sheet = workbook.addWorksheet('Cán bộ');
    sheet.addRow(['MÃ CÁN BỘ', 'HỌ VÀ TÊN', 'CHỨC DANH', 'ĐƠN VỊ', 'TRẠNG THÁI']);
    sheet.addRow(['st-020301', 'Lý Văn Sáng', 'Công chức Tư pháp – Hộ tịch', 'bg-ln-phuongson', 'Đang công tác']);
    sheet.addRow(['st-020302', nfd('Nông Thị Mai'), 'Công chức Địa chính – Xây dựng', 'Bộ phận Một cửa UBND xã Phượng Sơn', 'Nghỉ việc']);
    const file = join(dir, 'phuong-son.xlsx');
    await workbook.xlsx.writeFile(file);
    const kept = await apply(file);
    expect(summary(kept)).toEqual(['2 unchanged st-020301 by id', '3 change st-020302 by id active']);
    expect(kept.plan.coveredUnits).toEqual(['bg-ln-phuongson']);
    expect(kept.plan.missing.map((m) => m.id)).toEqual(['st-020303', 'st-020304']);
    expect(kept.deactivated).toBe(0);
    const asked = await apply(file, true);
    expect(asked).toMatchObject({ applied: true, deactivated: 2 });
    const active = async (unitId: string) => (await staffOf(unitId)).filter((s) => s.active).map((s) => s.id).sort();
    expect(await active('bg-ln-phuongson')).toEqual(['st-020301']);
    // Other units, even the parent district, keep every officer.
    expect(await active('bg-ln-motcua')).toEqual(['st-010201', 'st-010202', 'st-010203', 'st-010204', 'st-010205']);
    expect(await active('bg-ttpvhcc')).toHaveLength(6);
  });

  it('refuses a duplicate badge code and a code that belongs to someone else, even an officer who has left, and stores nothing', async () => {
    const before = await server.admin.counts();
    const sheet = write(
      'trung.csv',
      [
        'Họ và tên,Số thẻ,Cơ quan',
        'Trần Thị Một,BG-26-777001,bg-ln-motcua',
        'Trần Thị Hai,bg-26-777001,bg-ln-motcua',
        'Người Mới,BG-26-010299,bg-ln-motcua',
        'Dương Thị Hoa,,bg-ln-motcua',
      ].join('\n'),
    );
    const result = await apply(sheet, true);
    expect(result.applied).toBe(false);
    expect(result.plan.rows.map((row) => [row.row, row.action, row.problems.map((p) => p.code)])).toEqual([
      [2, 'add', []],
      [3, 'refused', ['duplicate_badge']],
      [4, 'refused', ['badge_owned']],
      [5, 'refused', ['ambiguous_name']],
    ]);
    expect(result.plan.rows[2]!.problems[0]!.params).toMatchObject({ owner: 'st-010299', ownerName: 'Trịnh Văn Cũ' });
    expect(await server.admin.counts()).toEqual(before);
    expect((await staffOf('bg-ln-motcua')).filter((s) => s.active)).toHaveLength(5);
  });

  it('keeps a badge code with its officer after the officer leaves: a new hire cannot be given it by id either', async () => {
    await server.admin.setStaffActive('st-000103', false);
    const sheet = write('reuse.csv', 'Mã cán bộ,Họ và tên,Số thẻ,Đơn vị\nst-000999,Phan Văn Mới,BG-26-000103,bg-ttpvhcc\n');
    const result = await apply(sheet);
    expect(result.applied).toBe(false);
    expect(result.plan.rows[0]).toMatchObject({ action: 'refused', problems: [{ code: 'badge_owned', params: { owner: 'st-000103' } }] });
  });

  it('refuses rows with formulas or markup, and files with wrong headers, too many rows or too many bytes, with the row and a reason in Vietnamese and English', async () => {
    const cells = write('cells.csv', ['Họ và tên,Chức danh,Đơn vị', '=HYPERLINK("http://x"),Chuyên viên,bg-ttpvhcc', 'Lê Văn An,<img src=x onerror=alert(1)>,bg-ttpvhcc', '@SUM(A1),x,bg-ttpvhcc', '+84912,x,bg-ttpvhcc'].join('\n'));
    const refused = await plan(cells);
    expect(refused.plan.rows.map((row) => [row.row, row.problems.map((p) => `${p.code}:${String(p.params.field)}`)])).toEqual([
      [2, ['formula:fullName']],
      [3, ['markup:title']],
      [4, ['formula:fullName']],
      [5, ['formula:fullName']],
    ]);
    const wrongHeaders = write('wrong.csv', 'Tên,Quê quán\nA,B\n');
    await expect(plan(wrongHeaders)).rejects.toThrow(/wrong\.csv: dòng 1 \(tiêu đề\): thiếu cột/);
    const missingUnit = write('no-unit.csv', 'Họ và tên,Chức danh\nA,B\n');
    await expect(plan(missingUnit)).rejects.toThrow(/thiếu cột “Đơn vị”/);
    const many = write('many.csv', ['Họ và tên,Đơn vị', ...Array.from({ length: 100_000 }, (_, i) => `Cán bộ ${i},bg-ttpvhcc`)].join('\n'));
    await expect(plan(many)).rejects.toThrow(/100000 dòng; mỗi lần nhập tối đa 20000/);
    const large = write('large.csv', Buffer.alloc(11 * 1024 * 1024, 0x41));
    await expect(plan(large)).rejects.toThrow(/Tệp quá lớn/);
    const blank = write('blank.csv', '\n\n');
    await expect(plan(blank)).rejects.toThrow(/không có dòng dữ liệu/);
  });

  it('imports units and counters from a workbook, by id or name, parents by name, and refuses a loop', async () => {
    const workbook = new ExcelJS.Workbook();
    const units = workbook.addWorksheet('Đơn vị');
    units.addRow(['Mã đơn vị', 'Tên đơn vị', 'Cấp', 'Đơn vị cấp trên']);
    units.addRow(['bg-ln-tanmoc', 'Bộ phận Một cửa UBND xã Tân Mộc', 'Xã', 'Bộ phận Một cửa UBND huyện Lục Ngạn']);
    const counters = workbook.addWorksheet('Quầy');
    counters.addRow(['Tên quầy', 'Đơn vị', 'Loại quầy']);
    counters.addRow(['Quầy tiếp nhận', 'bg-ln-tanmoc', 'Tiếp nhận']);
    counters.addRow(['Quầy 5 – Trả kết quả', 'bg-ln-motcua', 'Trả kết quả']);
    counters.addRow(['Quầy 6', 'bg-ln-motcua', 'Thu phí']);
    const staff = workbook.addWorksheet('Cán bộ');
    staff.addRow(['Họ và tên', 'Đơn vị']);
    staff.addRow(['Hà Thị Tân', 'Bộ phận Một cửa UBND xã Tân Mộc']);
    const file = join(dir, 'don-vi.xlsx');
    await workbook.xlsx.writeFile(file);
    const result = await plan(file);
    expect(result.plan.rows.map((row) => `${row.kind} ${row.sheet} ${row.row} ${row.action}`)).toEqual([
      'unit Đơn vị 2 add',
      'counter Quầy 2 add',
      'counter Quầy 3 unchanged',
      'counter Quầy 4 refused',
      'staff Cán bộ 2 add',
    ]);
    expect(result.plan.rows[3]!.problems).toEqual([{ code: 'invalid_desk_role', params: { value: 'Thu phí' } }]);

    const loop = write('loop.json', JSON.stringify({ units: [{ id: 'bg-ln-motcua', name: 'Bộ phận Một cửa UBND huyện Lục Ngạn', level: 'district', parentId: 'bg-ln-phuongson' }] }));
    expect((await plan(loop)).plan.rows[0]).toMatchObject({ action: 'refused', problems: [{ code: 'parent_loop' }] });
  });

  it('moves an officer found by badge to the unit the sheet names', async () => {
    const sheet = write('move.csv', 'Họ và tên,Số thẻ,Đơn vị\nBùi Đức Dũng,BG-26-010203,bg-ln-phuongson\n');
    const result = await apply(sheet);
    expect(summary(result)).toEqual(['2 change st-010203 by badge unit']);
    expect((await staffOf('bg-ln-phuongson')).map((s) => s.id)).toContain('st-010203');
  });
});
