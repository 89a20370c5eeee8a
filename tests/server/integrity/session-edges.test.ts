import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend } from '../helpers';
import { ChainedKiosk, startIntegrityServer, type IntegrityServer } from './integrity-harness';

const MINUTE = 60_000;

describe(`ratings at the edges of the officer's own session (${backend})`, () => {
  let integrity: IntegrityServer;
  beforeAll(async () => {
    integrity = await startIntegrityServer();
  });
  afterAll(() => integrity?.close());

  const flagsOf = async (deviceId: string) =>
    (
      await integrity.db
        .selectFrom('rating_flags')
        .leftJoin('rating_flag_ratings', 'rating_flag_ratings.flag_id', 'rating_flags.id')
        .select(['rating_flags.reason', 'rating_flags.subject', 'rating_flag_ratings.rating_id'])
        .where('rating_flags.device_id', '=', deviceId)
        .where('rating_flags.reason', 'in', ['near_login', 'near_logout'])
        .orderBy('rating_flags.reason')
        .execute()
    ).map((row) => [row.reason, row.subject, row.rating_id]);

  it('a rating seconds after the officer logs in and one seconds before they log out are flagged, each with its edge; one in the middle of the session is not', async () => {
    const { server } = integrity;
    const kiosk = await ChainedKiosk.enrol(server);
    const start = server.clock.now;
    const login = kiosk.login(); // made 90 s before the clock
    const atLogin = kiosk.rating({ createdAt: login.createdAt + 5_000 });
    const middle = kiosk.rating({ createdAt: login.createdAt + 10 * MINUTE });
    server.clock.now = start + 20 * MINUTE;
    const beforeLogout = kiosk.rating({ createdAt: server.clock.now - 93_000 });
    const logout = kiosk.logout(); // made 90 s before the clock: 3 s after the last rating
    expect((await kiosk.send([atLogin, middle, beforeLogout], [login, logout])).json.rejected).toEqual([]);
    await server.admin.runGamingChecks();
    expect(await flagsOf(kiosk.deviceId)).toEqual([
      ['near_login', `session:${login.sessionId}`, atLogin.id],
      ['near_logout', `session:${login.sessionId}`, beforeLogout.id],
    ]);
  });

  it('a logout that arrives after its session’s ratings were checked still finds the rating made just before it', async () => {
    const { server } = integrity;
    const kiosk = await ChainedKiosk.enrol(server);
    const login = kiosk.login();
    server.clock.now += 10 * MINUTE;
    const last = kiosk.rating({ createdAt: server.clock.now - 92_000 });
    expect((await kiosk.send([last], [login])).json.rejected).toEqual([]);
    await server.admin.runGamingChecks();
    expect(await flagsOf(kiosk.deviceId)).toEqual([]);
    const logout = kiosk.logout();
    server.clock.now += MINUTE;
    expect((await kiosk.send([], [logout])).json.rejected).toEqual([]);
    await server.admin.runGamingChecks();
    expect(await flagsOf(kiosk.deviceId)).toEqual([['near_logout', `session:${login.sessionId}`, last.id]]);
  });
});
