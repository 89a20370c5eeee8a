import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../shared/console/api';
import { SESSION_IDLE_MS } from '../../../server/console/sessions';
import { backend } from '../helpers';
import { PASSWORD, startConsoleServer, type ConsoleTestServer } from './harness';

describe(`console sign-in and sessions (${backend})`, () => {
  let server: ConsoleTestServer;
  beforeAll(async () => {
    server = await startConsoleServer();
    await server.addUser('so.noivu', 'province');
    await server.addUser('ha.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('locked.out', 'it');
  });
  afterAll(() => server?.close());

  it('signs in with login and password, and the cookie is HttpOnly and SameSite=Strict', async () => {
    const client = server.client();
    const answer = await client.login('So.NoiVu');
    expect(answer.status).toBe(200);
    expect(answer.body.user).toMatchObject({ login: 'so.noivu', role: 'province', unitId: null, maySeePersonalData: false });
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure'); // plain HTTP here; HTTPS servers set it
    const session = await client.get('/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user: { login: 'so.noivu' }, csrfToken: answer.body.csrfToken });
  });

  it('a wrong password and an unknown login get the same answer, in Vietnamese by default', async () => {
    const wrong = await server.client().login('so.noivu', 'sai mật khẩu rồi');
    const unknown = await server.client().login('khong.co.ai', 'sai mật khẩu rồi');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: 'wrong_credentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    const english = server.client();
    english.language = 'en-GB,en;q=0.9';
    expect((await english.login('so.noivu', 'wrong password!')).body.message).toBe('Wrong login or password.');
  });

  it('five wrong passwords lock the account, even against the right one, and the lock runs out', async () => {
    for (let i = 0; i < 5; i++) expect((await server.client().login('locked.out', `sai lần ${i} nhé`)).status).toBe(401);
    const locked = await server.client().login('locked.out');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('account_locked');
    expect(locked.body.message).toContain('1 phút');
    server.clock.now += 61_000;
    expect((await server.client().login('locked.out')).status).toBe(200);
  });

  it('guessing from one address is slowed down across accounts', async () => {
    server.clock.now += 10 * 60_000; // the earlier tests' failures from this address are forgotten
    const client = server.client();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await client.login(`nguoi${i}`, 'đoán mật khẩu')).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses).toContain(429);
    const last = await client.login('so.noivu');
    expect(last.status).toBe(429);
    expect(last.body.error).toBe('too_many_attempts');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    server.clock.now += 10 * 60_000; // the address's bucket refills
  });

  it('a session expires after 30 minutes without a request, and says so', async () => {
    const client = server.client();
    await client.login('so.noivu');
    server.clock.now += SESSION_IDLE_MS - 1_000;
    expect((await client.get('/auth/session')).status).toBe(200);
    server.clock.now += SESSION_IDLE_MS + 1_000;
    const expired = await client.get('/auth/session');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('session_expired');
    expect((await client.get('/auth/session')).body.error).toBe('unauthenticated');
  });

  it('a state-changing request without the CSRF token, or from another site, is refused and changes nothing', async () => {
    const client = server.client();
    await client.login('so.noivu');
    const token = client.csrfToken;
    client.csrfToken = null;
    const missing = await client.post('/periods', { name: 'Kỳ thử', from: '2026-01-01', to: '2026-06-30' });
    expect(missing.status).toBe(403);
    expect(missing.body.error).toBe('csrf_invalid');
    client.csrfToken = 'x'.repeat(43);
    expect((await client.post('/periods', { name: 'Kỳ thử', from: '2026-01-01', to: '2026-06-30' })).status).toBe(403);
    client.csrfToken = token;
    const foreign = await client.request('POST', '/periods', { name: 'Kỳ thử', from: '2026-01-01', to: '2026-06-30' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const periods = await client.get<{ campaigns: { name: string }[] }>('/periods');
    expect(periods.body.campaigns.map((c) => c.name)).not.toContain('Kỳ thử');
    expect((await client.post('/periods', { name: 'Kỳ thử', from: '2026-01-01', to: '2026-06-30' })).status).toBe(201);
  });

  it('signing out ends the session on the server, not only in the browser', async () => {
    const client = server.client();
    await client.login('ha.lucngan');
    const cookie = client.cookie;
    expect((await client.post('/auth/logout')).status).toBe(204);
    expect(client.cookie).toBeNull();
    client.cookie = cookie; // a copy of the old cookie
    expect((await client.get('/auth/session')).status).toBe(401);
  });

  it('changing one’s password needs the current one and ends one’s other sessions', async () => {
    await server.addUser('doi.matkhau', 'it');
    const laptop = server.client();
    const phone = server.client();
    await laptop.login('doi.matkhau');
    await phone.login('doi.matkhau');
    const wrong = await laptop.post('/auth/password', { currentPassword: 'không đúng đâu', newPassword: 'mật khẩu mới dài hơn' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'wrong_password', field: 'currentPassword' });
    expect((await laptop.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'ngắn' })).status).toBe(400);
    expect((await laptop.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'mật khẩu mới dài hơn' })).status).toBe(204);
    expect((await laptop.get('/auth/session')).status).toBe(200);
    expect((await phone.get('/auth/session')).status).toBe(401);
    expect((await server.client().login('doi.matkhau', 'mật khẩu mới dài hơn')).status).toBe(200);
  });

  it('sign-ins and failures are in the audit log with the address, never the password', async () => {
    const rows = await server.db.selectFrom('console_audit').selectAll().where('action', 'in', ['login', 'login_failed']).execute();
    expect(rows.some((r) => r.action === 'login' && r.login === 'so.noivu' && r.address === '127.0.0.1')).toBe(true);
    expect(rows.some((r) => r.action === 'login_failed' && JSON.parse(r.details).login === 'khong.co.ai')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    expect(JSON.stringify(rows)).not.toContain('sai mật khẩu');
  });

  it('malformed sign-ins get a clear 4xx, never a 5xx', async () => {
    const client = server.client();
    for (const body of ['{', '[]', '{"login":1}', JSON.stringify({ login: 'a', password: 'x'.repeat(300) }), JSON.stringify({ login: '', password: '' })]) {
      const answer = await client.request('POST', '/auth/login', body);
      expect(answer.status, body).toBe(400);
      expect(answer.body.error).toBe('invalid_input');
      expect(answer.body.message).toMatch(/^Dữ liệu không hợp lệ/);
    }
    const notJson = await client.request('POST', '/auth/login', 'login=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(notJson.status).toBe(415);
  });
});
