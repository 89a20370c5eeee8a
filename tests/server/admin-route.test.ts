import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backend, startTestServer, type TestServer } from './helpers';

/** The loopback admin route the CLI uses while a server holds PGlite's folder. */
describe(`admin route (${backend})`, () => {
  let server: TestServer;
  const token = 'a-long-random-token-for-this-test-only-0123456789';
  beforeAll(async () => {
    server = await startTestServer({ adminToken: token });
  });
  afterAll(() => server?.close());

  const call = (body: unknown, authorization?: string) =>
    fetch(`${server.url}/admin/v1/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  it('answers only the bearer of the token', async () => {
    expect((await call({ method: 'counts', args: [] })).status).toBe(403);
    expect((await call({ method: 'counts', args: [] }, 'Bearer wrong')).status).toBe(403);
    expect((await call({ method: 'counts', args: [] }, `Bearer ${token}x`)).status).toBe(403);
    const ok = await call({ method: 'counts', args: [] }, `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.json.result).toMatchObject({ units: 3 });
  });

  it('calls only the listed admin methods, and reports their errors as 4xx', async () => {
    const auth = `Bearer ${token}`;
    expect((await call({ method: 'importRoster', args: [{}] }, auth)).status).toBe(400);
    expect((await call({ method: 'constructor', args: [] }, auth)).status).toBe(400);
    const unknown = await call({ method: 'createEnrollmentCode', args: [{ unitId: 'nowhere' }] }, auth);
    expect(unknown).toMatchObject({ status: 404, json: { error: 'unknown_unit' } });
    const bad = await call({ method: 'importRosterFile', args: ['/nonexistent/roster.json'] }, auth);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_roster');
  });

  it('answers every malformed call with 400, before any query, and logs no SQL', async () => {
    const auth = `Bearer ${token}`;
    const malformed = [
      { method: 'createEnrollmentCode', args: [] },
      { method: 'createEnrollmentCode', args: [{ unitId: 'bg-ttpvhcc', counterId: { $ne: null } }] },
      { method: 'createEnrollmentCode', args: [{ unitId: ['bg-ttpvhcc'] }] },
      { method: 'createEnrollmentCode', args: [{ unitId: 'bg-ttpvhcc', days: '7' }] },
      { method: 'createEnrollmentCode', args: [{ unitId: 'bg-ttpvhcc', extra: 1 }] },
      { method: 'revokeDevice', args: [{ id: 'x' }] },
      { method: 'revokeDevice', args: [['x', 'y']] },
      { method: 'revokeDevice', args: [null] },
      { method: 'revokeDevice', args: [] },
      { method: 'importRosterFile', args: [42] },
      { method: 'importRosterFile', args: [{ path: '/etc/passwd' }] },
      { method: 'setConfig', args: [{ scope: '*' }, {}] },
      { method: 'setConfig', args: ['*'] },
      { method: 'setConfig', args: ['*', 'idleTimeoutMs=1'] },
      { method: 'listDevices', args: ['all'] },
      { method: 'counts', args: 'none' },
      { method: 'counts' },
      { method: 'reportTable', args: [{ from: 1, to: '2026-12-31', by: 'unit' }] },
      { method: 'reportTable', args: [{ from: '2026-01-01', to: '2026-12-31', by: 'unit; DROP TABLE ratings' }] },
      { method: 'rankingTable', args: ['staff'] },
      { method: 'addConsoleUser', args: [{ login: 'x', role: 'admin', password: 'mật khẩu đủ dài 2026', isAdmin: true }] },
      { method: 'evaluationReport', args: [{ unitId: null, from: '2026-01-01', to: '2026-12-31' }] },
      { method: 'rotateDeviceKey', args: ['now'] },
      { method: 'reissueBadge', args: [] },
      { method: 'reissueBadge', args: [{ staffId: 'st-000101' }] },
      { method: 'reissueBadge', args: ["st-000101' OR 1=1"] },
      { method: 'setOldBadgesUntil', args: [] },
      { method: 'setOldBadgesUntil', args: [20261231] },
      { method: 'setOldBadgesUntil', args: ['2026-12-31; DROP TABLE staff'] },
      { method: 'oldBadgesUntil', args: ['2026-12-31'] },
      { method: 'currentBadges', args: [] },
      { method: 'currentBadges', args: ['bg-ttpvhcc', 'st-000101'] },
      { method: 'currentBadges', args: ['bg-ttpvhcc', [{ $ne: null }]] },
    ];
    const logged: string[] = [];
    const spies = [
      vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void logged.push(parts.map(String).join(' '))),
      vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void logged.push(parts.map(String).join(' '))),
    ];
    try {
      for (const body of malformed) {
        const answer = await call(body, auth);
        expect({ body, status: answer.status, error: answer.json.error }).toEqual({ body, status: 400, error: 'invalid_body' });
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logged.join('\n')).not.toMatch(/select|insert|update|delete|from "|where/i);
    expect(logged).toEqual([]);
  });

  it('answers every method the command line asks of a running server, reports and accounts too', async () => {
    const auth = `Bearer ${token}`;
    const report = await call({ method: 'reportTable', args: [{ from: '2026-01-01', to: '2026-12-31', by: 'unit' }] }, auth);
    expect(report.status).toBe(200);
    expect((report.json.result as { header: string[] }).header.slice(0, 3)).toEqual(['key', 'name', 'ratings']);
    const account = await call({ method: 'addConsoleUser', args: [{ login: 'quantri.xa', role: 'admin', password: 'mật khẩu đủ dài 2026' }] }, auth);
    expect(account).toMatchObject({ status: 200, json: { result: { login: 'quantri.xa', role: 'admin' } } });
  });

  it('answers the badge commands of a running server: the old badges’ window, a reissue and the badge sheet', async () => {
    const auth = `Bearer ${token}`;
    expect(await call({ method: 'setOldBadgesUntil', args: ['31/12/2026'] }, auth)).toMatchObject({ status: 400, json: { error: 'invalid_day' } });
    expect(await call({ method: 'setOldBadgesUntil', args: ['2026-12-31'] }, auth)).toMatchObject({ status: 200, json: { result: '2026-12-31' } });
    expect(await call({ method: 'oldBadgesUntil', args: [] }, auth)).toMatchObject({ status: 200, json: { result: '2026-12-31' } });
    const reissued = await call({ method: 'reissueBadge', args: ['st-000101'] }, auth);
    expect(reissued).toMatchObject({ status: 200, json: { result: { staffId: 'st-000101', issue: 2 } } });
    const sheet = await call({ method: 'currentBadges', args: ['bg-ttpvhcc', ['st-000101']] }, auth);
    expect(sheet.status).toBe(200);
    expect((sheet.json.result as { badges: { code: string }[] }).badges.map((badge) => badge.code)).toEqual([(reissued.json.result as { code: string }).code]);
    expect((await call({ method: 'currentBadges', args: ['bg-ttpvhcc'] }, auth)).status).toBe(200);
  });

  it('does not exist without a token', async () => {
    const plain = await startTestServer();
    try {
      const response = await fetch(`${plain.url}/admin/v1/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
