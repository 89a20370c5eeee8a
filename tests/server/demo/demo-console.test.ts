/**
 * `npm run server`'s demo (--demo-console): an empty server gets the demo province's ratings and
 * one console account per role; a database that already holds data is never touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/connect';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoConsole } from '../../../server/demo/demo-console';
import { SecretKeyRing } from '../../../server/secret-keys';
import { CONSOLE_API_PREFIX } from '../../../shared/console/api';
import { backend, pgliteCopy, startTestServer, type TestServer } from '../helpers';

describe(`the console's demo on a real server (${backend})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demoConsole: true });
  });
  afterAll(() => server?.close());

  it('seeds two years of ratings into an empty server, and every demo account signs in with the demo password', async () => {
    expect(server.demoSeeded?.ratings).toBeGreaterThan(2_000);
    for (const account of DEMO_ACCOUNTS) {
      const answer = await fetch(`${server.url}${CONSOLE_API_PREFIX}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: account.login, password: DEMO_PASSWORD }),
      });
      expect(answer.status, account.login).toBe(200);
    }
  });
});

describe('the console demo leaves a database with data alone', () => {
  it('seeds once; started again, or on a database that holds ratings, it adds nothing', async () => {
    const { db, close } = await openDatabase({ pglite: await pgliteCopy(true) });
    try {
      const now = Date.UTC(2026, 10, 21, 3, 0, 0);
      const keys = SecretKeyRing.development();
      const first = await seedDemoConsole(db, now, keys);
      expect(first?.ratings).toBeGreaterThan(2_000);
      expect(await seedDemoConsole(db, now + 86_400_000, keys)).toBeNull();
      await db.deleteFrom('console_sessions').execute();
      await db.deleteFrom('console_users').execute();
      expect(await seedDemoConsole(db, now, keys), 'ratings but no accounts: a real province').toBeNull();
      const ratings = await db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(ratings.n)).toBe(first!.ratings);
      expect(await db.selectFrom('console_users').select('id').execute()).toEqual([]);
    } finally {
      await close();
    }
  });
});
