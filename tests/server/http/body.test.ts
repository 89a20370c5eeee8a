import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createServerInstance } from '../../../server/app';
import { parseWith, readJson } from '../../../server/http/body';
import { DEFAULT_LIMITS } from '../../../server/limits';

/** readJson and parseWith on a bare server instance: what a kiosk's body may and may not be. */
describe('request bodies', () => {
  const maxBodyBytes = 1_000;
  const app = createServerInstance({ now: () => 1_000, limits: { ...DEFAULT_LIMITS, maxBodyBytes } });
  const NoteSchema = z.strictObject({ note: z.string().max(20) });
  app.post('/echo', async (request) => ({ received: await readJson(request, maxBodyBytes) }));
  app.post('/note', async (request) => parseWith(NoteSchema, await readJson(request, maxBodyBytes)));
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  const post = (url: string, payload: Buffer | string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

  it('reads plain and gzipped JSON alike', async () => {
    const plain = await post('/echo', '{"a":"Nụ cười"}');
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toEqual({ received: { a: 'Nụ cười' } });
    const gzipped = await post('/echo', gzipSync('{"a":"Nụ cười"}'), { 'content-encoding': 'gzip' });
    expect(gzipped.json()).toEqual({ received: { a: 'Nụ cười' } });
  });

  it('refuses a small gzip that inflates past the cap with 413, stopping the inflation at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * maxBodyBytes, 0x20));
    expect(bomb.length).toBeLessThan(maxBodyBytes);
    const answer = await post('/echo', bomb, { 'content-encoding': 'gzip' });
    expect(answer.statusCode).toBe(413);
    expect(answer.json()).toMatchObject({ error: 'body_too_large', message: `the body exceeds ${maxBodyBytes} bytes once decompressed`, serverTime: 1_000 });
  });

  it('says what is wrong with a body it cannot read', async () => {
    expect((await post('/echo', 'not gzip', { 'content-encoding': 'gzip' })).json()).toMatchObject({ error: 'invalid_gzip' });
    const brotli = await post('/echo', '{}', { 'content-encoding': 'br' });
    expect([brotli.statusCode, brotli.json().error]).toEqual([415, 'unsupported_encoding']);
    expect((await post('/echo', Buffer.from([0x22, 0xff, 0x22]))).json()).toMatchObject({ error: 'invalid_json' });
    expect((await post('/echo', '{')).json()).toMatchObject({ error: 'invalid_json' });
    const none = await app.inject({ method: 'POST', url: '/echo' });
    expect([none.statusCode, none.json().error]).toEqual([400, 'missing_body']);
    const text = await post('/echo', 'hello', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
  });

  it('answers 400 invalid_body for input the schema refuses or that cannot be stored', async () => {
    expect((await post('/note', '{"note":"xin chào"}')).json()).toEqual({ note: 'xin chào' });
    const unknownKey = await post('/note', '{"note":"a","extra":1}');
    expect([unknownKey.statusCode, unknownKey.json().error]).toEqual([400, 'invalid_body']);
    const tooLong = await post('/note', JSON.stringify({ note: 'x'.repeat(21) }));
    expect(tooLong.json().message).toContain('note');
    const nul = await post('/note', JSON.stringify({ note: 'a\u0000b' }));
    expect(nul.json()).toMatchObject({ error: 'invalid_body', message: 'note: must not contain NUL or broken Unicode' });
  });
});
