/**
 * The negative-share alert over a generated stream: a counter and its officer rated day after day,
 * the share of "Không hài lòng" rising over the threshold, staying above it, and recovering. The
 * alert fires once, stays quiet while it lasts, ends when the share is back below; it is shown in
 * the overview's list of the user's scope and e-mailed once to the unit head on a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INTEGRITY_SETTINGS, type SatisfactionAlert } from '../../../shared/console/integrity';
import { writeIntegritySettings } from '../../../server/integrity/integrity-settings';
import { evaluateSatisfactionAlerts, mailNewSatisfactionAlerts } from '../../../server/integrity/satisfaction-alerts';
import { SecretKeyRing } from '../../../server/secret-keys';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';
import { decodeHeader, headersOf, startSmtpServer, type TestSmtpServer } from '../mail/smtp';
import { addKiosk, ingest, makeRating, type TestKiosk } from '../reports/ratings';

const DAY = 86_400_000;
/** Monday 2 November 2026, 10:00 in Vietnam. */
const START = Date.UTC(2026, 10, 2, 3, 0, 0);
const HEAD = 'truong.ttpvhcc@bacgiang.gov.vn';
const TIMEOUTS = { connect: 5_000, greeting: 5_000, idle: 5_000 };

describe(`the alert on what citizens say fires once, stays quiet while it lasts and ends when the share recovers (${backend})`, { timeout: 240_000 }, () => {
  let server: ConsoleTestServer;
  let smtp: TestSmtpServer;
  let kiosk: TestKiosk;
  let head: ConsoleClient;
  let otherHead: ConsoleClient;
  /** Per day of the stream: how many of its ten ratings are "Không hài lòng", and the alerts open after it. */
  const history: { day: number; negatives: number; open: string[] }[] = [];

  async function openAlerts(): Promise<string[]> {
    const rows = await server.db.selectFrom('satisfaction_alerts').select(['kind', 'subject_kind', 'subject_id']).where('ended_at', 'is', null).orderBy('subject_kind').execute();
    return rows.map((r) => `${r.kind} ${r.subject_kind} ${r.subject_id}`);
  }

  beforeAll(async () => {
    server = await startConsoleServer();
    smtp = await startSmtpServer();
    kiosk = await addKiosk(server.db, 'ttpvhcc-q01', START);
    // This stream is about the share of "Không hài lòng"; the sudden-drop alert is kept out of it.
    await writeIntegritySettings(server.db, { ...DEFAULT_INTEGRITY_SETTINGS, dropPoints: 100 }, START);
    await server.addUser('quantri', 'admin');
    await server.addUser('truong.ttpvhcc', 'unit_head', { unitId: 'bg-ttpvhcc' });
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    const admin = server.client();
    await admin.login('quantri');
    expect((await admin.request('PUT', '/mail/relay', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, password: null, fromAddress: 'canhbao@bacgiang.gov.vn' })).status).toBe(200);
    head = server.client();
    await head.login('truong.ttpvhcc');
    expect((await head.request('PUT', '/monthly-reports/mine', { email: HEAD })).status).toBe(200);
    otherHead = server.client();
    await otherHead.login('truong.lucngan');
    expect((await otherHead.request('PUT', '/monthly-reports/mine', { email: 'truong.lucngan@bacgiang.gov.vn' })).status).toBe(200);

    // Ten ratings a day for 24 days: 1 unhappy a day, then 6 a day for ten days, then none.
    const negativesOn = (day: number) => (day < 7 ? 1 : day < 17 ? 6 : 0);
    for (let day = 0; day < 24; day++) {
      const at = START + day * DAY;
      server.clock.now = at;
      const ratings = Array.from({ length: 10 }, (_, i) => makeRating(kiosk, at - i * 60_000, { staffId: 'st-000101', score: i < negativesOn(day) ? 1 : 3 }));
      await ingest(server.db, kiosk, ratings, at);
      await evaluateSatisfactionAlerts(server.db, at);
      if (day === 8) expect(await mailNewSatisfactionAlerts(server.db, SecretKeyRing.development(), at, TIMEOUTS)).toEqual({ mailed: 1, error: null });
      history.push({ day, negatives: negativesOn(day), open: await openAlerts() });
    }
  }, 240_000);
  afterAll(async () => {
    await smtp?.close();
    await server?.close();
  });

  it('opens one negative-share alert for the counter and one for the officer when the 7-day share crosses 20 %, keeps them while it lasts, ends them when it recovers', async () => {
    const both = ['negative_share counter ttpvhcc-q01', 'negative_share staff st-000101'];
    // Seven days of 10 %: quiet. Day 7 brings the window's share to 12 of 70 (17 %): quiet; day 8 to 17 of 70 (24 %): open.
    expect(history.slice(0, 8).every((h) => h.open.length === 0)).toBe(true);
    expect(history[8]!.open).toEqual(both);
    expect(history.slice(8, 17).every((h) => JSON.stringify(h.open) === JSON.stringify(both))).toBe(true);
    const firstRecovered = history.findIndex((h, i) => i > 8 && h.open.length === 0);
    expect(firstRecovered).toBeGreaterThan(17);
    expect(history.slice(firstRecovered).every((h) => h.open.length === 0)).toBe(true);
    const all = await server.db.selectFrom('satisfaction_alerts').select(['kind', 'subject_id', 'started_at', 'ended_at']).orderBy('subject_id').execute();
    expect(all).toEqual([
      { kind: 'negative_share', subject_id: 'st-000101', started_at: START + 8 * DAY, ended_at: START + firstRecovered * DAY },
      { kind: 'negative_share', subject_id: 'ttpvhcc-q01', started_at: START + 8 * DAY, ended_at: START + firstRecovered * DAY },
    ].sort((a, b) => a.subject_id.localeCompare(b.subject_id)));
  });

  it('sends the unit head one e-mail naming the counter and the officer, and no one else; never again while it lasted', async () => {
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([HEAD]);
    expect(decodeHeader(headersOf(mail.raw).get('subject') ?? '')).toMatch(/2 cảnh báo về ý kiến người dân/);
    expect(await mailNewSatisfactionAlerts(server.db, SecretKeyRing.development(), server.clock.now, TIMEOUTS)).toEqual({ mailed: 0, error: null });
    expect(smtp.received).toHaveLength(1);
  });

  it('the overview lists the alerts of the user’s scope only', async () => {
    server.clock.now = START + 8 * DAY;
    await head.login('truong.ttpvhcc');
    await otherHead.login('truong.lucngan');
    const mine = await head.get<{ alerts: SatisfactionAlert[] }>('/integrity/alerts');
    expect(mine.status).toBe(200);
    expect(mine.body.alerts.map((a) => a.subjectName).sort()).toEqual(['Nguyễn Thị Thu Hà', 'Quầy 01 – Sở Tư pháp'].sort());
    const theirs = await otherHead.get<{ alerts: SatisfactionAlert[] }>('/integrity/alerts');
    expect(theirs.body.alerts).toEqual([]);
  });
});
