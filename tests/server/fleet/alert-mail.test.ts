import { afterEach, describe, expect, it } from 'vitest';
import type { FleetAlertSettingsView, FleetOverview } from '../../../shared/console/fleet';
import { ConsoleClient, PASSWORD } from '../console/harness';
import { enroll, startTestServer, type TestServer } from '../helpers';
import { decodeHeader, headersOf, startSmtpServer, type TestSmtpServer } from '../mail/smtp';

/** Monday 2026-11-23, 09:00 in Vietnam: the unit is open. */
const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);
const RECIPIENTS = ['kythuat@bacgiang.gov.vn', 'trucban@bacgiang.gov.vn'];
const beat = (extra: Record<string, unknown> = {}) => ({ appVersion: '0.2.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0, ...extra });

/** The body of a plain-text message (quoted-printable decoded). */
function bodyOf(raw: string): string {
  const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n').replace(/=\r?\n/g, '');
  return Buffer.from(body.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

describe('fleet alerts by e-mail', { timeout: 240_000 }, () => {
  let server: TestServer;
  let smtp: TestSmtpServer;
  afterEach(async () => {
    await smtp?.close();
    await server?.close();
  });

  it('settings out of range are refused naming the field; each new alert is mailed once to the recipients, in vi and en; a relay that refuses is recorded', async () => {
    // The alert watch every 250 ms: its rounds mail what opened since the last.
    server = await startTestServer({ fleetWatchMs: 250 });
    server.clock.now = MONDAY_9AM;
    smtp = await startSmtpServer();
    await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD });
    await server.admin.addConsoleUser({ login: 'quantri', role: 'admin', password: PASSWORD });
    const it = new ConsoleClient(server.url);
    const admin = new ConsoleClient(server.url);
    await it.login('kythuat');
    await admin.login('quantri');

    expect((await it.get<FleetAlertSettingsView>('/fleet/alert-settings')).body).toEqual({
      settings: { graceMinutes: 2, offlineAlertMinutes: 30, backlogAlertMinutes: 60, diskAlertMb: 500, alertEmails: [] },
      relaySet: false,
    });
    const wanted = { graceMinutes: 2, offlineAlertMinutes: 30, backlogAlertMinutes: 60, diskAlertMb: 500, alertEmails: RECIPIENTS };
    const refused = await it.request('PUT', '/fleet/alert-settings', { ...wanted, diskAlertMb: 10 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/diskAlertMb/);
    expect((await it.request('PUT', '/fleet/alert-settings', { ...wanted, alertEmails: ['not an address'] })).status).toBe(400);
    expect((await it.get<FleetAlertSettingsView>('/fleet/alert-settings')).body.settings.alertEmails).toEqual([]);

    const relay = await admin.request('PUT', '/mail/relay', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, password: null, fromAddress: 'canhbao@bacgiang.gov.vn' });
    expect(relay.status).toBe(200);
    const saved = await it.request('PUT', '/fleet/alert-settings', wanted);
    expect(saved).toMatchObject({ status: 200, body: { settings: wanted, relaySet: true } });

    const kiosk = await enroll(server);
    expect((await kiosk.send('POST', '/heartbeat', beat())).status).toBe(200);
    // 40 minutes of silence in opening hours: offline, and an alert after 30.
    server.clock.now += 40 * 60_000;
    await expect.poll(() => smtp.received.length, { timeout: 60_000, interval: 200 }).toBe(1);
    const first = smtp.received[0]!;
    expect(first.to.sort()).toEqual([...RECIPIENTS].sort());
    expect(decodeHeader(headersOf(first.raw).get('subject')!)).toBe('[Nụ cười] 1 cảnh báo kiosk mới / 1 new kiosk alert(s)');
    const text = bodyOf(first.raw);
    expect(text).toContain('Kiosk quầy 01 (Trung tâm Phục vụ hành chính công tỉnh Bắc Giang): Mất kết nối trong giờ làm việc');
    expect(text).toContain('Offline during opening hours');
    await it.login('kythuat');
    const alerts = async () => (await it.get<FleetOverview>('/fleet')).body.alerts;
    expect((await alerts())[0]).toMatchObject({ kind: 'offline', mailedAt: expect.any(Number), mailError: null });

    // It comes back with its disk almost full: the offline alert ends, the disk alert is the only one mailed next.
    await kiosk.send('POST', '/heartbeat', beat({ freeDiskBytes: 100_000_000 }));
    await expect.poll(() => smtp.received.length, { timeout: 60_000, interval: 200 }).toBe(2);
    const second = bodyOf(smtp.received[1]!.raw);
    expect(second).toContain('Ổ đĩa sắp đầy');
    expect(second).not.toContain('Mất kết nối');

    // The relay refuses: the error is kept with the alert, for the console, and it is not sent again.
    smtp.behave('refuse');
    await kiosk.send('POST', '/heartbeat', beat({ freeDiskBytes: 100_000_000, clockOffsetMs: 5 * 60_000 }));
    await expect.poll(async () => (await alerts()).find((alert) => alert.kind === 'clock')?.mailError ?? null, { timeout: 60_000, interval: 250 }).toMatch(/451/);
    expect(smtp.received).toHaveLength(2);
  });
});
