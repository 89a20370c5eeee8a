/**
 * The roster on the console, as IT staff and unit heads use it: lists searched without tones,
 * records added, edited, moved and deactivated within the user's scope only, each change audited;
 * HR's file imported with a preview that a changed roster makes stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterCounter, RosterPage, RosterStaffMember, RosterUnit } from '../../../../shared/console/roster';
import type { RosterImportResult, RosterPlan } from '../../../../shared/roster-import';
import { backend } from '../../helpers';
import { addKiosk } from '../../reports/ratings';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

describe(`the roster on the console (${backend})`, { timeout: 120_000 }, () => {
  let server: ConsoleTestServer;
  let it_: ConsoleClient;
  let head: ConsoleClient;
  let admin: ConsoleClient;

  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('kythuat', 'it');
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('quantri', 'admin');
    it_ = server.client();
    head = server.client();
    admin = server.client();
    expect((await admin.login('quantri')).status).toBe(200);
    expect((await it_.login('kythuat')).status).toBe(200);
    expect((await head.login('truong.lucngan')).status).toBe(200);
  });
  afterAll(() => server?.close());

  it('lists staff searched without tones, with only the last 4 characters of each badge', async () => {
    const found = await it_.get<RosterPage<RosterStaffMember>>('/roster/staff?q=duong%20thi%20hoa');
    expect(found.status).toBe(200);
    expect(found.body.items.map((s) => s.id)).toEqual(['st-010204', 'st-010205']);
    expect(found.body.items[0]).toMatchObject({ unitId: 'bg-ln-motcua', unitName: 'Bộ phận Một cửa UBND huyện Lục Ngạn', badgeEnd: expect.stringMatching(/^[0-9A-Z]{4}$/) });
    const units = await it_.get<RosterPage<RosterUnit>>('/roster/units?q=phuong%20son');
    expect(units.body.items).toEqual([expect.objectContaining({ id: 'bg-ln-phuongson', parentId: 'bg-ln-motcua', counters: 1, staff: 4 })]);
    const counters = await it_.get<RosterPage<RosterCounter>>('/roster/counters?unit=bg-ttpvhcc&q=tra%20ket%20qua');
    expect(counters.body.items.map((c) => c.id)).toEqual(['ttpvhcc-q09']);
  });

  it('shows a unit head only their own subtree, and refuses them another unit’s officer and units themselves', async () => {
    const staff = await head.get<RosterPage<RosterStaffMember>>('/roster/staff');
    expect(new Set(staff.body.items.map((s) => s.unitId))).toEqual(new Set(['bg-ln-motcua', 'bg-ln-phuongson']));
    expect((await head.get('/roster/staff?unit=bg-ttpvhcc')).status).toBe(403);
    const other = await head.request('PATCH', '/roster/staff/st-000101', { title: 'Giám đốc' });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('out_of_scope');
    const away = await head.request('PATCH', '/roster/staff/st-010201', { unitId: 'bg-ttpvhcc' });
    expect(away.status).toBe(403);
    expect((await head.post('/roster/units', { id: 'bg-x', name: 'X', level: 'commune', parentId: 'bg-ln-motcua' })).status).toBe(403);
    expect((await head.post('/roster/import/preview', { fileName: 'a.csv', contentBase64: '', deactivateMissing: false })).status).toBe(403);
    const own = await head.request('PATCH', '/roster/staff/st-020302', { title: 'Công chức Địa chính' });
    expect(own).toMatchObject({ status: 200, body: { changed: ['title'] } });
    const [unchanged] = (await it_.get<RosterPage<RosterStaffMember>>('/roster/staff?q=st-000101')).body.items;
    expect(unchanged?.title).toBe('Chuyên viên');
  });

  it('adds, edits, moves and deactivates, each change in the audit log with what it changed', async () => {
    const added = await it_.post<{ id: string }>('/roster/staff', { unitId: 'bg-ttpvhcc', fullName: 'Phan Thị Mới', title: 'Chuyên viên' });
    expect(added.status).toBe(201);
    const id = added.body.id;
    expect((await it_.request('PATCH', `/roster/staff/${id}`, { fullName: 'Phan Thị Mới Sửa', unitId: 'bg-ln-motcua' })).status).toBe(200);
    expect((await it_.request('PATCH', `/roster/staff/${id}`, { active: false })).status).toBe(200);
    const [member] = (await it_.get<RosterPage<RosterStaffMember>>(`/roster/staff?q=${id}&status=inactive`)).body.items;
    expect(member).toMatchObject({ fullName: 'Phan Thị Mới Sửa', unitId: 'bg-ln-motcua', active: false });
    const audit = await admin.get<{ items: { action: string; login: string; details: Record<string, unknown> }[] }>('/audit?action=roster_staff_changed');
    const mine = audit.body.items.filter((entry) => entry.details.staffId === id).reverse();
    expect(mine.map((entry) => entry.details.changes)).toEqual([
      { unitId: { from: undefined, to: 'bg-ttpvhcc' }, fullName: { from: undefined, to: 'Phan Thị Mới' }, title: { from: undefined, to: 'Chuyên viên' } },
      { fullName: { from: 'Phan Thị Mới', to: 'Phan Thị Mới Sửa' }, unitId: { from: 'bg-ttpvhcc', to: 'bg-ln-motcua' } },
      { active: { from: true, to: false } },
    ].map((changes) => JSON.parse(JSON.stringify(changes)) as unknown));
    expect(mine.every((entry) => entry.login === 'kythuat')).toBe(true);
  });

  it('keeps a kiosk’s counter where it is, and refuses bad input in the user’s language with nothing stored', async () => {
    await addKiosk(server.db, 'ln-q05', server.clock.now);
    const moved = await it_.request('PATCH', '/roster/counters/ln-q05', { unitId: 'bg-ttpvhcc' });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ error: 'counter_has_kiosks', message: expect.stringMatching(/Quầy “Quầy 5 – Trả kết quả” đang có kiosk/) });
    expect((await it_.request('PATCH', '/roster/units/bg-ln-motcua', { active: false })).body.error).toBe('unit_in_use');
    const loop = await it_.request('PATCH', '/roster/units/bg-ln-motcua', { parentId: 'bg-ln-phuongson' });
    expect(loop).toMatchObject({ status: 400, body: { error: 'parent_loop', field: 'parentId' } });
    const empty = await it_.post('/roster/staff', { unitId: 'bg-ttpvhcc', fullName: '   ', title: '' });
    expect(empty).toMatchObject({ status: 400, body: { field: 'fullName' } });
    const taken = await it_.post('/roster/staff', { id: 'st-000101', unitId: 'bg-ttpvhcc', fullName: 'Ai Đó', title: '' });
    expect(taken).toMatchObject({ status: 409, body: { error: 'record_exists' } });
  });

  it('imports a file after a preview, and refuses a confirmation once the roster changed', async () => {
    const csv = 'HỌ VÀ TÊN;SỐ THẺ;CƠ QUAN;CHỨC DANH\nLý Văn Sáng;BG-26-020301;Bộ phận Một cửa UBND xã Phượng Sơn;Công chức Tư pháp\nHà Thị Mới;;bg-ln-phuongson;Chuyên viên\n';
    const request = { fileName: 'phuong-son.csv', contentBase64: Buffer.from(csv).toString('base64'), deactivateMissing: false };
    const preview = await it_.post<{ plan: RosterPlan }>('/roster/import/preview', request);
    expect(preview.status).toBe(200);
    expect(preview.body.plan.counts.staff).toEqual({ add: 1, change: 1, unchanged: 0, refused: 0 });
    // The unit head changes an officer of the unit meanwhile: the plan previewed is no longer the one that would apply.
    expect((await head.request('PATCH', '/roster/staff/st-020301', { title: 'Công chức Hộ tịch' })).status).toBe(200);
    const stale = await it_.post('/roster/import/apply', { ...request, planId: preview.body.plan.planId });
    expect(stale).toMatchObject({ status: 409, body: { error: 'roster_plan_changed' } });
    const again = await it_.post<{ plan: RosterPlan }>('/roster/import/preview', request);
    const applied = await it_.post<RosterImportResult>('/roster/import/apply', { ...request, planId: again.body.plan.planId });
    expect(applied).toMatchObject({ status: 200, body: { applied: true } });
    const audit = await admin.get<{ items: { details: Record<string, unknown> }[] }>('/audit?action=roster_imported');
    expect(audit.body.items[0]?.details).toMatchObject({ file: 'phuong-son.csv', counts: { staff: { add: 1, change: 1 } } });

    const wrong = await it_.post('/roster/import/preview', { ...request, contentBase64: Buffer.from('Tên,Quê\nA,B\n').toString('base64') });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'roster_file', message: expect.stringMatching(/^Không nhập được tệp: dòng 1 \(tiêu đề\): thiếu cột/) } });
  });
});
