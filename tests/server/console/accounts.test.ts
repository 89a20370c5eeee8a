import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, UnitNode } from '../../../shared/console/api';
import { backend } from '../helpers';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from './harness';

describe(`console accounts and scope (${backend})`, () => {
  let server: ConsoleTestServer;
  let admin: ConsoleClient;
  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('quan.tri', 'admin');
    admin = server.client();
    await admin.login('quan.tri');
  });
  afterAll(() => server?.close());

  it('an administrator makes a unit head, who then signs in with the unit as scope', async () => {
    const made = await admin.post<{ account: Account }>('/accounts', {
      login: 'Truong.LucNgan',
      displayName: 'Trưởng bộ phận Một cửa Lục Ngạn',
      role: 'unit_head',
      unitId: 'bg-ln-motcua',
      password: 'một mật khẩu đủ dài',
    });
    expect(made.status).toBe(201);
    expect(made.body.account).toMatchObject({ login: 'Truong.LucNgan', role: 'unit_head', unitId: 'bg-ln-motcua', unitName: 'Bộ phận Một cửa UBND huyện Lục Ngạn', disabled: false });
    const head = server.client();
    expect((await head.login('truong.lucngan', 'một mật khẩu đủ dài')).status).toBe(200);
    const units = await head.get<{ units: UnitNode[] }>('/units');
    expect(units.body.units.map((u) => u.id).sort()).toEqual(['bg-ln-motcua', 'bg-ln-phuongson']);
  });

  it('the province sees every unit', async () => {
    await server.addUser('so.noivu', 'province');
    const province = server.client();
    await province.login('so.noivu');
    const units = await province.get<{ units: UnitNode[] }>('/units');
    expect(units.body.units.map((u) => u.id).sort()).toEqual(['bg-ln-motcua', 'bg-ln-phuongson', 'bg-ttpvhcc']);
    expect(units.body.units.find((u) => u.id === 'bg-ln-phuongson')?.parentId).toBe('bg-ln-motcua');
  });

  it('only an administrator manages accounts', async () => {
    await server.addUser('it.staff', 'it');
    const it = server.client();
    await it.login('it.staff');
    expect((await it.get('/accounts')).status).toBe(403);
    const tryMake = await it.post('/accounts', { login: 'x.y', displayName: 'X', role: 'admin', password: 'mật khẩu đủ dài' });
    expect(tryMake.status).toBe(403);
    expect(tryMake.body).toEqual({ error: 'forbidden', message: 'Tài khoản của bạn không có quyền này.' });
    const list = await admin.get<{ accounts: Account[] }>('/accounts');
    expect(list.body.accounts.map((a) => a.login)).not.toContain('x.y');
  });

  it('refuses accounts that cannot be: a unit head without a unit, a unit that does not exist, a taken login, a short password', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ login: 'a.b', displayName: 'A', role: 'unit_head', password: 'mật khẩu đủ dài' }, 400, 'invalid_input', 'unitId'],
      [{ login: 'a.b', displayName: 'A', role: 'unit_head', unitId: 'bg-khong-co', password: 'mật khẩu đủ dài' }, 400, 'unknown_unit', 'unitId'],
      [{ login: 'a.b', displayName: 'A', role: 'it', unitId: 'bg-ttpvhcc', password: 'mật khẩu đủ dài' }, 400, 'invalid_input', 'unitId'],
      [{ login: 'a.b', displayName: 'A', role: 'it', maySeePersonalData: true, password: 'mật khẩu đủ dài' }, 400, 'invalid_input', 'maySeePersonalData'],
      [{ login: 'QUAN.TRI', displayName: 'A', role: 'it', password: 'mật khẩu đủ dài' }, 409, 'login_taken', 'login'],
      [{ login: 'a.b', displayName: 'A', role: 'it', password: 'ngắn' }, 400, 'invalid_input', 'password'],
      [{ login: "a'; DROP TABLE units; --", displayName: 'A', role: 'it', password: 'mật khẩu đủ dài' }, 400, 'invalid_input', 'login'],
      [{ login: 'a.b', displayName: 'A', role: 'root', password: 'mật khẩu đủ dài' }, 400, 'invalid_input', 'role'],
    ];
    for (const [body, status, error, field] of cases) {
      const answer = await admin.post('/accounts', body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body, JSON.stringify(body)).toMatchObject({ error, field });
    }
    const list = await admin.get<{ accounts: Account[] }>('/accounts');
    expect(list.body.accounts.map((a) => a.login)).not.toContain('a.b');
  });

  it('a disabled account is signed out at once and cannot sign in', async () => {
    await server.addUser('se.nghi', 'province');
    const user = server.client();
    await user.login('se.nghi');
    const { body } = await admin.get<{ accounts: Account[] }>('/accounts');
    const id = body.accounts.find((a) => a.login === 'se.nghi')!.id;
    const changed = await admin.request<{ account: Account }>('PATCH', `/accounts/${id}`, { disabled: true });
    expect(changed.body.account.disabled).toBe(true);
    expect((await user.get('/auth/session')).status).toBe(401);
    expect((await server.client().login('se.nghi')).status).toBe(401);
  });

  it('the last administrator cannot be disabled or demoted', async () => {
    const { body } = await admin.get<{ accounts: Account[] }>('/accounts');
    const id = body.accounts.find((a) => a.login === 'quan.tri')!.id;
    const answer = await admin.request('PATCH', `/accounts/${id}`, { role: 'it' });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toBe('last_admin');
    expect((await admin.request('PATCH', `/accounts/${id}`, { disabled: true })).status).toBe(409);
    expect((await admin.request('PATCH', '/accounts/not-a-uuid', { disabled: true })).status).toBe(400);
    expect((await admin.request('PATCH', '/accounts/0193c2a0-0000-7000-8000-000000000000', { disabled: true })).status).toBe(404);
  });

  it('every account change is audited without the password', async () => {
    const audit = await admin.get<{ items: { action: string; details: Record<string, unknown> }[] }>('/audit?action=account_created');
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e) => e.details.account)).toContain('Truong.LucNgan');
    expect(JSON.stringify(audit.body)).not.toContain('một mật khẩu đủ dài');
  });

  it('settings: everyone reads them, only an administrator changes them, within bounds', async () => {
    await server.addUser('doc.caidat', 'unit_head', { unitId: 'bg-ttpvhcc' });
    const head = server.client();
    await head.login('doc.caidat');
    expect((await head.get('/settings')).body).toEqual({ settings: { minRatingsForFigures: 5 } });
    expect((await head.request('PUT', '/settings', { minRatingsForFigures: 1 })).status).toBe(403);
    expect((await admin.request('PUT', '/settings', { minRatingsForFigures: 0 })).status).toBe(400);
    expect((await admin.request('PUT', '/settings', { somethingElse: 3 })).status).toBe(400);
    expect((await admin.request('PUT', '/settings', { minRatingsForFigures: 10 })).body).toEqual({ settings: { minRatingsForFigures: 10 } });
    expect((await head.get('/settings')).body).toEqual({ settings: { minRatingsForFigures: 10 } });
  });
});
