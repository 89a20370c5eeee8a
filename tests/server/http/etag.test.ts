import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerInstance } from '../../../server/app';
import { sendWithEtag } from '../../../server/http/etag';
import { DEFAULT_LIMITS } from '../../../server/limits';

/** Roster and config pulls: a kiosk that already has the content gets 304 and no body. */
describe('content with an ETag', () => {
  const clock = { now: 5_000 };
  let content: object = { staff: ['Nguyễn Thị Thu Hà'] };
  const app = createServerInstance({ now: () => clock.now, limits: DEFAULT_LIMITS });
  app.get('/roster', async (request, reply) => sendWithEtag(request, reply, content, clock.now));
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  const pull = (ifNoneMatch?: string) => app.inject({ method: 'GET', url: '/roster', headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} });

  it('sends the content with serverTime and an ETag that does not change with the time', async () => {
    const first = await pull();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ staff: ['Nguyễn Thị Thu Hà'], serverTime: 5_000 });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    clock.now += 60_000;
    const later = await pull();
    expect(later.headers.etag).toBe(etag);
    expect(later.json().serverTime).toBe(65_000);
  });

  it('answers 304 without a body when the kiosk already has it, with the ETag and serverTime headers', async () => {
    const etag = (await pull()).headers.etag as string;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const answer = await pull(header);
      expect(answer.statusCode).toBe(304);
      expect(answer.body).toBe('');
      expect(answer.headers.etag).toBe(etag);
      expect(answer.headers['x-server-time']).toBe(String(clock.now));
    }
  });

  it('sends the content again when it changed or the kiosk has another version', async () => {
    const old = (await pull()).headers.etag as string;
    expect((await pull('"something-else"')).statusCode).toBe(200);
    content = { staff: ['Nguyễn Thị Thu Hà', 'Trần Văn Đức'] };
    const changed = await pull(old);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(old);
    expect(changed.json().staff).toHaveLength(2);
  });
});
