import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlySend } from '../../../shared/console/monthly-reports';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, runMonthlyReports } from '../../../server/mail/monthly-reports';
import fixture from '../../fixtures/roster.json';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';
import { addKiosk, ingest, makeRating } from '../reports/ratings';
import { decodeHeader, headersOf, partsOf, startSmtpServer, type TestSmtpServer } from './smtp';
import { SecretKeyRing } from '../../../server/secret-keys';

const HOUR = 3_600_000;
/** 09:00 in Vietnam on a day of November 2026 (the 1st is a Sunday). */
const november = (day: number) => Date.UTC(2026, 10, day, 2, 0, 0);
const TIMEOUTS = { connect: 2_000, greeting: 2_000, idle: 2_000 };
const HEAD = 'truong.lucngan@bacgiang.gov.vn';
const PROVINCE = 'so.noivu@bacgiang.gov.vn';

interface Site {
  server: ConsoleTestServer;
  smtp: TestSmtpServer;
  admin: ConsoleClient;
  head: ConsoleClient;
  province: ConsoleClient;
  /** One pass of the schedule at the site's clock; then every client signs in again. */
  run(): ReturnType<typeof runMonthlyReports>;
  close(): Promise<void>;
}

/** A console with October's ratings in Lục Ngạn, a relay on 127.0.0.1, and subscribers who signed up in October. */
async function startSite(): Promise<Site> {
  const server = await startConsoleServer();
  const smtp = await startSmtpServer();
  server.clock.now = Date.UTC(2026, 9, 15, 2, 0, 0);
  for (const counter of ['ln-q01', 'ps-q01']) {
    const kiosk = await addKiosk(server.db, counter, server.clock.now);
    const staff = fixture.staff.filter((s) => s.unitId === kiosk.unitId && s.active);
    const ratings = Array.from({ length: 30 }, (_, i) => makeRating(kiosk, Date.UTC(2026, 9, 1 + (i % 14), 3), { score: i % 7 === 0 ? 1 : 3, staffId: staff[i % staff.length]!.id }));
    await ingest(server.db, kiosk, ratings, server.clock.now);
  }
  await server.addUser('quantri', 'admin');
  await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
  await server.addUser('so.noivu', 'province');
  const [admin, head, province] = [server.client(), server.client(), server.client()];
  await admin.login('quantri');
  await head.login('truong.lucngan');
  await province.login('so.noivu');
  const relay = await admin.request('PUT', '/mail/relay', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, password: null, fromAddress: 'bao-cao@bacgiang.gov.vn' });
  expect(relay.status).toBe(200);
  expect((await head.request('PUT', '/monthly-reports/mine', { email: HEAD })).status).toBe(200);
  server.clock.now += 60_000;
  expect((await province.request('PUT', '/monthly-reports/mine', { email: PROVINCE })).status).toBe(200);
  return {
    server,
    smtp,
    admin,
    head,
    province,
    async run() {
      const summary = await runMonthlyReports(server.db, { now: () => server.clock.now, keys: SecretKeyRing.development(), timeouts: TIMEOUTS });
      // The clock moved on by days: sign in again, as people would.
      await Promise.all([admin.login('quantri'), head.login('truong.lucngan'), province.login('so.noivu')]);
      return summary;
    },
    async close() {
      await smtp.close();
      await server.close();
    },
  };
}

function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nucuoi-mail-')), 'attached.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe(`monthly reports by e-mail (${backend})`, { timeout: 240_000 }, () => {
  describe('on the first working day', () => {
    let site: Site;
    beforeAll(async () => {
      site = await startSite();
    });
    afterAll(() => site?.close());

    it('each subscriber gets last month’s report once, with the PDF attached, a Vietnamese subject and a summary; weekends and holidays wait', async () => {
      const { server, smtp, admin } = site;
      expect((await admin.request('PUT', '/mail/holidays', { holidays: [{ day: '2026-11-02', name: 'Nghỉ bù' }] })).status).toBe(200);
      server.clock.now = november(1); // Sunday
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });
      server.clock.now = november(2); // Monday, but a holiday this year
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);

      server.clock.now = november(3);
      expect(await site.run()).toMatchObject({ sent: 2, failed: 0 });
      server.clock.now = november(3) + HOUR;
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });
      server.clock.now = november(20);
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });

      expect(smtp.received.map((m) => m.to.join()).sort()).toEqual([PROVINCE, HEAD].sort());
      const mail = smtp.received.find((m) => m.to[0] === HEAD)!;
      const headers = headersOf(mail.raw);
      expect(decodeHeader(headers.get('subject')!)).toBe('Báo cáo đánh giá mức độ hài lòng tháng 10/2026 – Bộ phận Một cửa UBND huyện Lục Ngạn');
      expect(headers.get('from')).toBe('bao-cao@bacgiang.gov.vn');
      const parts = partsOf(mail.raw);
      const text = parts.find((p) => /text\/plain/i.test(p.headers.get('content-type') ?? ''))!.body.toString('utf8');
      expect(text).toContain('Kính gửi Tài khoản truong.lucngan,');
      expect(text).toContain('- Số đánh giá: 60 (tháng 09/2026: 0)');
      expect(text).toMatch(/- Tỷ lệ hài lòng: \d+,\d%/);
      const pdf = parts.find((p) => /application\/pdf/i.test(p.headers.get('content-type') ?? ''))!;
      expect(pdf.headers.get('content-type')).toContain('bao-cao-danh-gia_bg-ln-motcua_2026-10-01_2026-10-31.pdf');
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      const printed = pdfText(pdf.body);
      expect(printed).toContain('Kỳ báo cáo: Tháng 10/2026 (từ ngày 01/10/2026 đến ngày 31/10/2026)');
      expect(printed).toContain('Bộ phận Một cửa UBND xã Phượng Sơn');
      const provinceMail = smtp.received.find((m) => m.to[0] === PROVINCE)!;
      expect(decodeHeader(headersOf(provinceMail.raw).get('subject')!)).toBe('Báo cáo đánh giá mức độ hài lòng tháng 10/2026 – Toàn tỉnh');

      const mine = await site.head.get<{ sends: MonthlySend[] }>('/monthly-reports/mine');
      expect(mine.body.sends).toEqual([expect.objectContaining({ month: '2026-10', email: HEAD, status: 'sent', attempts: 1, sentAt: november(3) })]);
      const audited = await server.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'export').execute();
      expect(audited.filter((a) => JSON.parse(a.details).via === 'monthly e-mail')).toHaveLength(2);
    });

    it('an address that is not an address is refused when subscribing, and nothing changes', async () => {
      for (const email of ['not an address', 'truong.lucngan@', '@bacgiang.gov.vn', 'Trưởng <a@b.vn>', 'a@b.vn, c@d.vn', 'x'.repeat(250) + '@b.vn']) {
        const answer = await site.head.request('PUT', '/monthly-reports/mine', { email });
        expect(answer.status, email).toBe(400);
        expect(answer.body, email).toMatchObject({ error: 'invalid_input', field: 'email' });
      }
      const mine = await site.head.get<{ subscription: { email: string } }>('/monthly-reports/mine');
      expect(mine.body.subscription.email).toBe(HEAD);
      // Only the province and unit heads subscribe; only administrators see every send and set the relay.
      expect((await site.admin.request('PUT', '/monthly-reports/mine', { email: 'quan.tri@bacgiang.gov.vn' })).status).toBe(403);
      expect((await site.head.get('/monthly-reports/sends')).status).toBe(403);
      expect((await site.head.request('PUT', '/mail/relay', { host: '10.0.0.1', port: 25, security: 'none', username: null, fromAddress: 'a@b.vn' })).status).toBe(403);
      const badRelay = await site.admin.request('PUT', '/mail/relay', { host: 'smtp relay; rm -rf', port: 70000, security: 'ssl', username: null, fromAddress: 'nope' });
      expect(badRelay.status).toBe(400);
      const relay = await site.admin.get<{ relay: { host: string; passwordSet: boolean } }>('/mail/relay');
      expect(relay.body.relay).toMatchObject({ host: '127.0.0.1', passwordSet: false });
    });
  });

  describe('when the relay fails', () => {
    let site: Site;
    beforeAll(async () => {
      site = await startSite();
    });
    afterAll(() => site?.close());

    it('a refused send is retried with growing waits, shown in the console, and sent once the relay takes it', async () => {
      const { server, smtp, admin } = site;
      await server.db.deleteFrom('report_subscriptions').where('email', '=', PROVINCE).execute();
      smtp.behave('refuse');
      server.clock.now = november(2);
      expect(await site.run()).toMatchObject({ sent: 0, failed: 1 });
      const sends = async () => (await admin.get<{ sends: MonthlySend[] }>('/monthly-reports/sends')).body.sends;
      expect(await sends()).toEqual([
        expect.objectContaining({ login: 'truong.lucngan', month: '2026-10', status: 'failed', attempts: 1, nextAttemptAt: november(2) + RETRY_DELAYS_MS[0], lastError: expect.stringContaining('451') }),
      ]);
      const mine = await site.head.get<{ sends: MonthlySend[] }>('/monthly-reports/mine');
      expect(mine.body.sends[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('Temporary local problem') });

      server.clock.now = november(2) + RETRY_DELAYS_MS[0] - 1;
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });
      expect(smtp.attempts).toHaveLength(1);
      server.clock.now = november(2) + RETRY_DELAYS_MS[0];
      expect(await site.run()).toMatchObject({ failed: 1 });
      expect((await sends())[0]).toMatchObject({ attempts: 2, nextAttemptAt: server.clock.now + RETRY_DELAYS_MS[1] });

      smtp.behave('accept');
      server.clock.now += RETRY_DELAYS_MS[1];
      expect(await site.run()).toMatchObject({ sent: 1, failed: 0 });
      expect((await sends())[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
      expect(smtp.received).toHaveLength(1);
      server.clock.now += 24 * HOUR;
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
    });

    it('a relay that hangs is cut off by the time limit, retried, and gives up after a bounded number of tries until an administrator asks again', async () => {
      const { server, smtp, admin } = site;
      await server.db.deleteFrom('monthly_report_sends').execute();
      smtp.behave('hang');
      const before = smtp.attempts.length;
      server.clock.now = november(2);
      const started = performance.now();
      expect(await site.run()).toMatchObject({ sent: 0, failed: 1 });
      expect(performance.now() - started).toBeLessThan(60_000);
      const sends = async () => (await admin.get<{ sends: MonthlySend[] }>('/monthly-reports/sends')).body.sends;
      expect((await sends())[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/timeout|timed out/i) });
      expect(smtp.attempts.length).toBe(before + 1);

      smtp.behave('refuse');
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
        server.clock.now = (await sends())[0]!.nextAttemptAt!;
        expect(await site.run()).toMatchObject({ failed: 1 });
      }
      expect((await sends())[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
      server.clock.now += 7 * 24 * HOUR;
      expect(await site.run()).toMatchObject({ sent: 0, failed: 0 });
      expect(smtp.attempts.length).toBe(before + MAX_ATTEMPTS);

      smtp.behave('accept');
      const headId = (await server.db.selectFrom('console_users').select('id').where('login', '=', 'truong.lucngan').executeTakeFirstOrThrow()).id;
      expect((await admin.post(`/monthly-reports/sends/${headId}/2026-10/retry`)).status).toBe(204);
      expect((await admin.post(`/monthly-reports/sends/${headId}/2026-13/retry`)).status).toBe(400);
      expect(await site.run()).toMatchObject({ sent: 1 });
      expect(smtp.received.filter((m) => m.to[0] === HEAD)).toHaveLength(2); // the first test's month, then this one, once
      expect((await admin.post(`/monthly-reports/sends/${headId}/2026-10/retry`)).status).toBe(404);
    });
  });
});
