/**
 * Staff sessions reach the server: a rating whose session the server never saw is flagged
 * `no_session`, one inside a session it knows is not; a session event for an officer of another
 * unit, or a flood of them, is rejected by id with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid';
import { backend } from '../helpers';
import { ChainedKiosk, startIntegrityServer, type IntegrityServer } from './integrity-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe(`staff sessions at ingest (${backend})`, () => {
  let integrity: IntegrityServer;
  beforeAll(async () => {
    integrity = await startIntegrityServer({ maxSessionEventsPerDevicePerDay: 6 });
  });
  afterAll(() => integrity?.close());

  const flagsOf = (deviceId: string) =>
    integrity.db.selectFrom('rating_flags').select(['reason', 'subject', 'staff_id', 'staff_session_id', 'rating_count', 'status']).where('device_id', '=', deviceId).execute();
  const coveredBy = async (deviceId: string) =>
    (
      await integrity.db
        .selectFrom('rating_flag_ratings')
        .innerJoin('rating_flags', 'rating_flags.id', 'rating_flag_ratings.flag_id')
        .select('rating_id')
        .where('rating_flags.device_id', '=', deviceId)
        .execute()
    ).map((r) => r.rating_id);

  it('ratings inside a session the server received are not flagged', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const ratings = [kiosk.rating(), kiosk.rating()];
    const logout = kiosk.logout();
    expect((await kiosk.send(ratings, [login, logout])).json.rejected).toEqual([]);
    expect(await flagsOf(kiosk.deviceId)).toEqual([]);
    const session = await integrity.db.selectFrom('session_events').select(['kind', 'staff_id', 'seq']).where('session_id', '=', login.sessionId).orderBy('seq').execute();
    expect(session).toEqual([
      { kind: 'login', staff_id: 'st-000101', seq: 1 },
      { kind: 'logout', staff_id: 'st-000101', seq: 4 },
    ]);
  });

  it('a rating whose session the server never saw is accepted and flagged no_session, one flag per session', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    kiosk.session = { id: uuidv7(integrity.server.clock.now - 600_000), staffId: 'st-000102' };
    const made = [kiosk.rating(), kiosk.rating()];
    expect((await kiosk.send(made)).json.accepted).toEqual(made.map((r) => r.id));
    const more = kiosk.rating();
    await kiosk.send([more]);
    expect(await flagsOf(kiosk.deviceId)).toEqual([
      { reason: 'no_session', subject: `session:${kiosk.session.id}`, staff_id: 'st-000102', staff_session_id: kiosk.session.id, rating_count: 3, status: 'open' },
    ]);
    expect((await coveredBy(kiosk.deviceId)).sort()).toEqual([...made, more].map((r) => r.id).sort());
  });

  it('a rating after its session’s logout, or for another officer than the session’s, is flagged too', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const inSession = kiosk.rating();
    const otherOfficer = kiosk.rating({ staffId: 'st-000103' });
    const session = kiosk.session!;
    const logout = kiosk.logout();
    kiosk.session = session;
    const afterLogout = kiosk.rating();
    await kiosk.send([inSession, otherOfficer, afterLogout], [login, logout]);
    expect((await coveredBy(kiosk.deviceId)).sort()).toEqual([otherOfficer.id, afterLogout.id].sort());
  });

  it('a session event for an officer of another unit is rejected by id, and nothing of it is stored', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const foreign = kiosk.login('st-010201');
    const answer = await kiosk.send([], [foreign]);
    expect(answer.json.rejected).toEqual([{ id: foreign.id, reason: 'staffId: st-010201 belongs to another unit' }]);
    expect(await integrity.db.selectFrom('session_events').select('id').where('device_id', '=', kiosk.deviceId).execute()).toEqual([]);
    expect(await integrity.db.selectFrom('chain_segments').select('first_seq').where('device_id', '=', kiosk.deviceId).execute()).toEqual([]);
  });

  it('a flood of session events is rejected by id beyond the cap, the first ones kept', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const events = Array.from({ length: 5 }).flatMap(() => [kiosk.login(), kiosk.logout()]);
    const answer = await kiosk.send([], events);
    expect(answer.json.accepted).toEqual(events.slice(0, 6).map((e) => e.id));
    expect((answer.json.rejected as { id: string; reason: string }[]).map((r) => r.id)).toEqual(events.slice(6).map((e) => e.id));
    expect((answer.json.rejected as { reason: string }[])[0]!.reason).toBe('sessionEvents: more than 6 session events from this device in 24 hours');
    // A resend of the kept ones is answered as duplicates, and stores nothing more.
    const again = await kiosk.send([], events.slice(0, 6));
    expect(again.json.duplicates).toEqual(events.slice(0, 6).map((e) => e.id));
    expect(await integrity.db.selectFrom('session_events').select('id').where('device_id', '=', kiosk.deviceId).execute()).toHaveLength(6);
  });

  it('the cap counts the device’s session events over the last 24 hours, across midnight and after', async () => {
    const clock = integrity.server.clock;
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const accepted = async (count: number) => {
      const events = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? kiosk.login() : kiosk.logout()));
      return ((await kiosk.send([], events)).json.accepted as string[]).length;
    };
    const day = Math.floor(clock.now / DAY) + 1;
    clock.now = day * DAY + 23 * HOUR; // 23:00 (the server counts by UTC day)
    expect(await accepted(4)).toBe(4);
    clock.now = (day + 1) * DAY + HOUR; // two hours later, the next day: 4 in the last 24 hours
    expect(await accepted(4)).toBe(2);
    // Its row counts them by day of arrival: the bound that spares ingest counting them while far under the cap.
    const days = () => integrity.db.selectFrom('devices').select(['session_events_day', 'session_events_on_day', 'session_events_day_before']).where('id', '=', kiosk.deviceId).executeTakeFirstOrThrow();
    expect(await days()).toEqual({ session_events_day: day + 1, session_events_on_day: 2, session_events_day_before: 4 });
    clock.now = (day + 1) * DAY + 23 * HOUR + 30 * 60_000; // the first four are now 24.5 hours old, two remain
    expect(await accepted(6)).toBe(4);
    clock.now = (day + 3) * DAY; // two days on, nothing recent
    expect(await accepted(6)).toBe(6);
    expect(await days()).toEqual({ session_events_day: day + 3, session_events_on_day: 6, session_events_day_before: 0 });
  });

  it('a session event sent again is answered by what is stored: the same a duplicate, another content a conflict, another device’s id rejected; nothing stored changes', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const rating = kiosk.rating();
    expect((await kiosk.send([rating], [login])).json.accepted).toEqual([rating.id, login.id]);
    // Its answer lost, the kiosk sends the batch again; then the login altered.
    expect((await kiosk.send([rating], [login])).json).toMatchObject({ accepted: [], duplicates: [rating.id, login.id], conflicts: [], rejected: [] });
    expect((await kiosk.send([], [{ ...login, reason: 'pin' }])).json).toMatchObject({ accepted: [], duplicates: [], conflicts: [login.id], rejected: [] });
    const other = await ChainedKiosk.enrol(integrity.server);
    expect((await other.send([], [{ ...other.login(), id: login.id }])).json).toMatchObject({ accepted: [], rejected: [{ id: login.id, reason: 'id: belongs to another device' }] });
    const stored = await integrity.db.selectFrom('session_events').select(['id', 'device_id', 'reason']).where('device_id', 'in', [kiosk.deviceId, other.deviceId]).execute();
    expect(stored).toEqual([{ id: login.id, device_id: kiosk.deviceId, reason: 'badge' }]);
    expect(await integrity.db.selectFrom('chain_segments').select('first_seq').where('device_id', '=', other.deviceId).execute()).toEqual([]);
  });

  it('a session event for a counter of another unit is rejected by id', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const elsewhere = kiosk.login('st-000101', 'ln-q05');
    const answer = await kiosk.send([], [elsewhere]);
    expect(answer.json.rejected).toEqual([{ id: elsewhere.id, reason: 'counterId: ln-q05 belongs to another unit' }]);
  });
});
