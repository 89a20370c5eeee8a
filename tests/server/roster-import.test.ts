import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBadgeCode, keyedBadgeHash } from '../../shared/node/badge-hash';
import { RosterResponseSchema } from '../../shared/protocol';
import { backend, enroll, startTestServer, type TestServer } from './helpers';

const nfd = (text: string) => text.normalize('NFD');

describe(`roster import (${backend})`, () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({ demo: false });
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-roster-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rosterOf(unitId: string) {
    const kiosk = await enroll(server, { unitId, counterId: unitId === 'bg-ttpvhcc' ? 'ttpvhcc-q01' : 'ln-q01' });
    return RosterResponseSchema.parse((await kiosk.send('GET', '/roster')).json);
  }

  it('imports the fixture JSON, hashing badge codes as the kiosk does', async () => {
    const result = await server.admin.importRosterFile(join(__dirname, '../fixtures/roster.json'), { apply: true });
    expect(result).toMatchObject({ applied: true, deactivated: 0, plan: { counts: { unit: { add: 3 }, counter: { add: 6 }, staff: { add: 16 } } } });
    const counts = await server.admin.counts();
    expect(counts.units).toBe(3);
    const roster = await rosterOf('bg-ttpvhcc');
    expect(roster.staff.find((s) => s.id === 'st-000101')?.badgeHash).toBe(hashBadgeCode('BG-26-000101'));
  });

  it('gives staff kiosk roles from a roster that names them, keeps them through an HR file that does not, and answers them beside the staff', async () => {
    const fixture = (await import('../fixtures/roster.json')).default as { units: unknown[]; counters: unknown[]; staff: { id: string }[] };
    const withRoles = (roles: string[] | undefined) => ({
      ...fixture,
      staff: fixture.staff.map((member) => (member.id === 'st-000106' && roles ? { ...member, roles } : member)),
    });
    await server.admin.importRoster(withRoles(['it']));
    let roster = await rosterOf('bg-ttpvhcc');
    expect(roster.staffRoles).toEqual({ 'st-000106': ['it'] });
    // Kiosks of revision 1 refuse unknown fields in a staff record: roles are never put there.
    expect(roster.staff.every((member) => !('roles' in member))).toBe(true);
    await server.admin.importRoster(withRoles(undefined));
    expect((await rosterOf('bg-ttpvhcc')).staffRoles).toEqual({ 'st-000106': ['it'] });
    await server.admin.importRoster(withRoles([]));
    roster = await rosterOf('bg-ttpvhcc');
    expect(roster.staffRoles).toEqual({});
    await expect(server.admin.importRoster(withRoles(['root']))).rejects.toThrow(/roles/);
  });

  it('imports a CSV as HR keeps it: Vietnamese headers and names in decomposed Unicode, stored NFC', async () => {
    const csv = [
      ['STT', 'Họ và tên', 'Chức vụ', 'Mã thẻ', 'Đơn vị'].map(nfd).join(','),
      ['1', 'Hoàng Văn Đức', 'Chuyên viên', 'ln-2026-0007', 'Bộ phận Một cửa UBND huyện Lục Ngạn'].map(nfd).join(','),
      ['2', '"Lê Thị Hồng, Nhung"', '"Phó trưởng ""bộ phận"""', 'LN-2026-0008', 'bg-ln-motcua'].join(','),
      ['3', 'Trần  Minh   Khoa', '', 'LN-2026-0009', 'bo phan mot cua ubnd huyen luc ngan'].join(','),
      '',
    ].join('\r\n');
    const file = join(dir, 'can-bo.csv');
    writeFileSync(file, `\uFEFF${csv}`);
    const result = await server.admin.importRosterFile(file, { apply: true, deactivateMissing: true });
    expect(result.plan.counts.staff).toMatchObject({ add: 3, refused: 0 });
    // The fixture's officers of that unit were not in HR's sheet, and deactivating them was asked for.
    expect(result.deactivated).toBeGreaterThan(0);
    const roster = await rosterOf('bg-ln-motcua');
    const active = roster.staff.filter((s) => s.active);
    expect(active.map((s) => s.fullName).sort()).toEqual(['Hoàng Văn Đức', 'Lê Thị Hồng, Nhung', 'Trần Minh Khoa'].map((n) => n.normalize('NFC')).sort());
    for (const s of active) expect(s.fullName).toBe(s.fullName.normalize('NFC'));
    const duc = active.find((s) => s.fullName.startsWith('Hoàng'))!;
    expect(duc).toMatchObject({ id: 'st-LN-2026-0007', title: 'Chuyên viên', badgeHash: hashBadgeCode('LN-2026-0007') });
    expect(active.find((s) => s.fullName.startsWith('Lê'))?.title).toBe('Phó trưởng "bộ phận"');
  });

  it('imports an XLSX sheet with a semicolon-free layout, staff ids and a status column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách');
    sheet.addRow(['Mã cán bộ', 'HỌ VÀ TÊN', 'Chức danh', 'Số thẻ', 'Mã đơn vị', 'Trạng thái']);
    sheet.addRow(['st-000101', nfd('Nguyễn Thị Thu Hà'), 'Chuyên viên chính', 'BG-26-000101', 'bg-ttpvhcc', 'Đang công tác']);
    sheet.addRow(['st-000777', 'Phạm Quốc Việt', 'Chuyên viên', 'BG-26-000777', 'bg-ttpvhcc', 'Nghỉ việc']);
    const file = join(dir, 'nhan-su.xlsx');
    await workbook.xlsx.writeFile(file);
    const result = await server.admin.importRosterFile(file, { apply: true });
    expect(result.plan.counts.staff).toMatchObject({ add: 1, change: 1 });
    const roster = await rosterOf('bg-ttpvhcc');
    expect(roster.staff.find((s) => s.id === 'st-000101')).toMatchObject({ fullName: 'Nguyễn Thị Thu Hà', title: 'Chuyên viên chính', active: true });
    expect(roster.staff.find((s) => s.id === 'st-000777')?.active).toBe(false);
  });

  it('imports a sheet without badge codes when it names staff ids: the server issues their badges', async () => {
    const file = join(dir, 'khong-ma-the.csv');
    writeFileSync(file, 'Mã cán bộ,Họ và tên,Đơn vị\nst-000888,Vũ Thị Lan,bg-ttpvhcc\n');
    expect((await server.admin.importRosterFile(file, { apply: true })).plan.counts.staff).toMatchObject({ add: 1 });
    const roster = await rosterOf('bg-ttpvhcc');
    const [badge] = (await server.admin.currentBadges('bg-ttpvhcc', ['st-000888'])).badges;
    expect(roster.badges!.staff.find((s) => s.staffId === 'st-000888')).toEqual({
      staffId: 'st-000888',
      badgeHash: keyedBadgeHash(roster.badges!.key, badge!.code),
    });
    // Without the id, the same officer is found by unit and name: never a second record.
    writeFileSync(file, 'Mã cán bộ,Họ và tên,Đơn vị\n,Vũ Thị Lan,bg-ttpvhcc\n');
    expect((await server.admin.importRosterFile(file)).plan.rows[0]).toMatchObject({ action: 'unchanged', id: 'st-000888', matchedBy: 'name' });
  });

  it('reports every bad row and stores nothing', async () => {
    const beforeRoster = await rosterOf('bg-ttpvhcc');
    const before = await server.admin.counts();
    const csv = [
      'Họ và tên;Chức vụ;Mã thẻ;Đơn vị',
      'Nguyễn Văn Mới;Chuyên viên;BG-26-000900;bg-ttpvhcc',
      ';Chuyên viên;BG-26-000901;bg-ttpvhcc',
      'Đỗ Thị Lan;Chuyên viên;BG-26-000902;Sở Không Tồn Tại',
      'Bùi Văn Hai;Chuyên viên;BG-26-000900;bg-ttpvhcc',
      `Tên\u0000Lạ;Chuyên viên;BG-26-000903;bg-ttpvhcc`,
    ].join('\n');
    const file = join(dir, 'loi.csv');
    writeFileSync(file, csv);
    const result = await server.admin.importRosterFile(file, { apply: true });
    expect(result.applied).toBe(false);
    expect(result.plan.rows.filter((row) => row.action === 'refused').map((row) => [row.row, row.problems])).toEqual([
      [3, [{ code: 'empty_field', params: { field: 'fullName' } }]],
      [4, [{ code: 'unknown_unit', params: { unit: 'Sở Không Tồn Tại' } }]],
      [5, [{ code: 'duplicate_badge', params: { row: 2 } }]],
      [6, [{ code: 'invalid_field', params: { field: 'fullName', detail: 'NUL or control characters' } }]],
    ]);
    expect(await server.admin.counts()).toEqual(before);
    expect(await rosterOf('bg-ttpvhcc')).toMatchObject({ staff: beforeRoster.staff });
  });

  it('refuses files without the needed columns, in other encodings, or of other types', async () => {
    const noUnit = join(dir, 'thieu-cot.csv');
    writeFileSync(noUnit, 'Họ và tên,Mã thẻ\nA,B-1234\n');
    await expect(server.admin.importRosterFile(noUnit)).rejects.toThrow(/thiếu cột.*Đơn vị/);
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from([0x48, 0xe9, 0x2c, 0x0a]));
    await expect(server.admin.importRosterFile(latin1)).rejects.toThrow(/UTF-8/);
    const other = join(dir, 'roster.txt');
    writeFileSync(other, 'x');
    await expect(server.admin.importRosterFile(other)).rejects.toThrow(/Loại tệp .* không được hỗ trợ/);
  });

  it('refuses invalid JSON rosters with the path of each problem, storing nothing', async () => {
    const before = await server.admin.counts();
    await expect(
      server.admin.importRoster({ units: [{ id: 'u1', name: 'Đơn vị', level: 'province' }], counters: [{ id: 'c1', unitId: 'u-missing', name: 'Q', deskRole: 'reception' }], staff: [] }),
    ).rejects.toThrow(/counters\[0\]\.unitId: unknown unit u-missing/);
    await expect(server.admin.importRoster('nope')).rejects.toThrow();
    expect(await server.admin.counts()).toEqual(before);
  });
});
