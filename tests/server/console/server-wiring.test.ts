import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API_PREFIX } from '../../../shared/console/api';
import { backend, enroll, startTestServer, type TestServer } from '../helpers';

describe(`the provincial server serves the console's API beside the kiosks' protocol (${backend})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('answers the console in the user’s language, and asks no device signature of it', async () => {
    const answer = await fetch(`${server.url}${CONSOLE_API_PREFIX}/auth/session`);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: 'unauthenticated', message: 'Vui lòng đăng nhập.' });
    const english = await fetch(`${server.url}${CONSOLE_API_PREFIX}/nowhere`, { headers: { 'accept-language': 'en' } });
    expect(english.status).toBe(404);
    expect(await english.json()).toEqual({ error: 'not_found', message: 'Not found.' });
  });

  it('a console sign-in body is parsed as JSON while the kiosks’ signed routes still work', async () => {
    const login = await fetch(`${server.url}${CONSOLE_API_PREFIX}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'nobody', password: 'wrong password' }),
    });
    expect(login.status).toBe(401);
    const kiosk = await enroll(server);
    const roster = await kiosk.send('GET', '/roster');
    expect(roster.status).toBe(200);
  });
});
