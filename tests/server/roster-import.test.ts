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
    const summary = await server.admin.importRosterFile(join(__dirname, '../fixtures/roster.json'));
    expect(summary).toMatchObject({ units: 3, counters: 6, deactivated: 0 });
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
    const summary = await server.admin.importRosterFile(file);
    expect(summary).toMatchObject({ units: 1, counters: 0, staff: 3 });
    // The fixture's officers of that unit were not in HR's sheet: they are now inactive.
    expect(summary.deactivated).toBeGreaterThan(0);
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
    const summary = await server.admin.importRosterFile(file);
    expect(summary).toMatchObject({ units: 1, staff: 2 });
    const roster = await rosterOf('bg-ttpvhcc');
    expect(roster.staff.find((s) => s.id === 'st-000101')).toMatchObject({ fullName: 'Nguyễn Thị Thu Hà', title: 'Chuyên viên chính', active: true });
    expect(roster.staff.find((s) => s.id === 'st-000777')?.active).toBe(false);
  });

  it('imports a sheet without badge codes when it names staff ids: the server issues their badges', async () => {
    const file = join(dir, 'khong-ma-the.csv');
    writeFileSync(file, 'Mã cán bộ,Họ và tên,Đơn vị\nst-000888,Vũ Thị Lan,bg-ttpvhcc\n');
    expect(await server.admin.importRosterFile(file)).toMatchObject({ staff: 1 });
    const roster = await rosterOf('bg-ttpvhcc');
    const [badge] = (await server.admin.currentBadges('bg-ttpvhcc', ['st-000888'])).badges;
    expect(roster.badges!.staff.find((s) => s.staffId === 'st-000888')).toEqual({
      staffId: 'st-000888',
      badgeHash: keyedBadgeHash(roster.badges!.key, badge!.code),
    });
    writeFileSync(file, 'Mã cán bộ,Họ và tên,Đơn vị\n,Vũ Thị Lan,bg-ttpvhcc\n');
    await expect(server.admin.importRosterFile(file)).rejects.toThrow(/row 2: 'Mã cán bộ' is empty/);
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
    const error = (await server.admin.importRosterFile(file).catch((e: unknown) => e)) as Error & { issues: string[] };
    expect(error).toBeInstanceOf(Error);
    expect(error.issues).toEqual([
      expect.stringMatching(/^row 3: 'Họ và tên' is empty/),
      expect.stringMatching(/^row 4: unknown unit 'Sở Không Tồn Tại'/),
      expect.stringMatching(/^row 5: .*badge BG-26-000900 already on row 2/),
      expect.stringMatching(/^row 6: .*NUL/),
    ]);
    expect(await server.admin.counts()).toEqual(before);
    expect(await rosterOf('bg-ttpvhcc')).toMatchObject({ staff: beforeRoster.staff });
  });

  it('refuses files without the needed columns, in other encodings, or of other types', async () => {
    const noBadge = join(dir, 'thieu-cot.csv');
    writeFileSync(noBadge, 'Họ và tên,Đơn vị\nA,bg-ttpvhcc\n');
    await expect(server.admin.importRosterFile(noBadge)).rejects.toThrow(/missing column.*Mã thẻ/);
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from([0x48, 0xe9, 0x2c, 0x0a]));
    await expect(server.admin.importRosterFile(latin1)).rejects.toThrow(/UTF-8/);
    const other = join(dir, 'roster.txt');
    writeFileSync(other, 'x');
    await expect(server.admin.importRosterFile(other)).rejects.toThrow(/unsupported file type/);
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
