import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

describe('the IT staff sync panel (renderer/src/admin)', () => {
  it('is shown only on the #admin route, with the enrolment form', async () => {
    const calls: string[] = [];
    const api = new Proxy({}, { get: (_t, method: string) => async () => (calls.push(method), { ok: false, error: { code: 'internal', message: 'x' } }) });
    (globalThis as unknown as { window: unknown }).window = { location: { hash: '#admin' }, kiosk: api };
    const { AdminOr, isAdminRoute } = await import('../../renderer/src/admin/SyncAdmin');
    expect(isAdminRoute()).toBe(true);
    const html = renderToStaticMarkup(<AdminOr app={<p>citizen screen</p>} />);
    expect(html).toContain('Đồng bộ với máy chủ tỉnh');
    expect(html).toContain('Mã đăng ký');
    expect(html).not.toContain('citizen screen');
    (globalThis as unknown as { window: { location: { hash: string } } }).window.location.hash = '';
    expect(renderToStaticMarkup(<AdminOr app={<p>citizen screen</p>} />)).toBe('<p>citizen screen</p>');
  });
});
