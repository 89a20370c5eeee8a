/**
 * The fleet end to end: the real server (protocol and console, with a movable clock), a real kiosk
 * web host that pairs with it, and the built console in Chromium, as IT staff use them.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import type { SyncStatus } from '../../../shared/sync-status';
import type { KioskState } from '../../../shared/contract';
import { callKiosk, launchChromium, startWebKiosk, type RunningKiosk } from '../harness';
import { CONSOLE_DIST, openConsolePage, PASSWORD, requireConsoleBuild, signIn } from './harness';

let browser: Browser;
let server: RunningServer;
let kiosk: RunningKiosk;
const clock = { shift: 0 };

/** Waits for a condition, up to a bound; never a fixed sleep. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const syncStatus = async () => (await callKiosk<{ ok: true; value: SyncStatus }>(kiosk, 'getSyncStatus')).value;
const kioskState = async () => (await callKiosk<{ ok: true; value: KioskState }>(kiosk, 'getKioskState')).value;

beforeAll(async () => {
  requireConsoleBuild();
  browser = await launchChromium();
  server = await startServer({ demo: true, consoleDir: CONSOLE_DIST, now: () => Date.now() + clock.shift, fleetWatchMs: 1_000 });
  await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
  // Open every day and all day (the test runs at any hour), and kiosks that report often.
  await server.admin.setConfig('*', { openingHours: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' }], heartbeatIntervalMs: 30_000, syncIntervalMs: 5_000 });
  kiosk = await startWebKiosk({ env: { KIOSK_SERVER_URL: server.url, KIOSK_DEMO: '0' } });
}, 60_000);

afterAll(async () => {
  await kiosk?.stop();
  await browser?.close();
  await server?.close();
});

describe('IT staff run the fleet from the console', () => {
  it('approve a pairing: the kiosk takes its counter; a setting changed applies at the kiosk; "sync now" ends done', async () => {
    const waiting = await eventually(syncStatus, (s) => s.pairing?.code != null, 'the kiosk showing a pairing code', 30_000);
    const { page, close, problems } = await openConsolePage(browser);
    try {
      // The QR on the kiosk opens the fleet page with the code filled in.
      await signIn(page, server, 'kythuat', new URL(waiting.pairing!.approveUrl!).pathname + new URL(waiting.pairing!.approveUrl!).search);
      const form = page.getByTestId('pairing-form');
      await expect.poll(() => form.getByLabel('Mã ghép nối').inputValue()).toBe(waiting.pairing!.code);
      await form.getByLabel('Đơn vị').selectOption('bg-ttpvhcc');
      await form.getByLabel('Quầy').selectOption('ttpvhcc-q02');
      await form.getByRole('button', { name: 'Duyệt ghép nối' }).click();
      await page.getByText(`Đã duyệt mã ${waiting.pairing!.code}`).waitFor();
      const state = await eventually(kioskState, (s) => s.counter?.id === 'ttpvhcc-q02', 'the kiosk taking its counter', 40_000);
      expect(state.counter?.name).toBe('Quầy 02 – Sở Tài nguyên và Môi trường');

      await page.reload();
      const row = page.getByTestId('fleet-row');
      await expect.poll(() => row.count()).toBe(1);
      await row.getByRole('link').click();
      await page.getByTestId('kiosk-facts').waitFor();
      expect(await page.getByTestId('kiosk-status').textContent()).toBe('Đang hoạt động');

      const settings = page.getByTestId('kiosk-settings-form');
      // Values in force in the user's language: yes/no, seconds with their unit.
      const spoken = await settings.getByLabel('Đọc lời hướng dẫn').getAttribute('aria-describedby');
      expect(await page.locator(`[id="${spoken!.split(' ')[0]}"]`).textContent()).toMatch(/^Đang áp dụng: (Có|Không) \(theo /);
      expect(await settings.textContent()).not.toMatch(/Đang áp dụng: (yes|no|true|false)\b/);

      // Out of range: refused, every field named by its label beside it, limits in seconds, nothing stored.
      await settings.locator('[data-setting="idleTimeoutMs"]').fill('99999');
      await settings.locator('[data-setting="openingHours"]').fill('1-5 25:00-17:30');
      await settings.getByRole('button', { name: 'Lưu cài đặt' }).click();
      const fieldErrors = settings.getByTestId('setting-error');
      await expect.poll(() => fieldErrors.allTextContents()).toEqual([
        'Thời gian chờ trở về màn hình đầu: phải nhỏ hơn hoặc bằng 600 giây.',
        'Giờ làm việc của đơn vị (mục thứ 1): giờ phải có dạng HH:MM, từ 00:00 đến 23:59.',
      ]);
      expect(await settings.getByTestId('settings-error').textContent()).toBe('Không có gì được lưu: sửa các ô báo lỗi (Thời gian chờ trở về màn hình đầu, Giờ làm việc của đơn vị).');
      expect(await settings.getByLabel('Thời gian chờ trở về màn hình đầu (giây)').getAttribute('aria-invalid')).toBe('true');
      await settings.locator('[data-setting="openingHours"]').fill('');
      await settings.locator('[data-setting="idleTimeoutMs"]').fill('45');
      await settings.getByRole('button', { name: 'Lưu cài đặt' }).click();
      await page.getByText('Đã lưu. Kiosk áp dụng ở lần báo cáo tiếp theo.').waitFor();
      await eventually(kioskState, (s) => s.settings.idleTimeoutMs === 45_000, 'the kiosk applying the setting', 60_000);

      await page.getByTestId('command-sync_now').click();
      await page.getByText('Đã gửi lệnh “Đồng bộ ngay” tới 1 kiosk').waitFor();
      await eventually(
        async () => {
          await page.reload();
          await page.getByTestId('commands-table').waitFor();
          return page.locator('[data-testid="command-row"][data-kind="sync_now"]').getAttribute('data-state');
        },
        (state) => state === 'done',
        '"sync now" ending done',
        60_000,
      );
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  }, 240_000);

  it('a stopped kiosk turns late, then offline with an alert (the server’s clock moved forward); an alert threshold out of range is named; a retired kiosk takes no command', async () => {
    await kiosk.stop();
    const [device] = await server.admin.listDevices();
    const lastHeard = device!.lastHeartbeatAt ?? device!.enrolledAt;
    /** Moves the server's clock to `minutes` of silence since the kiosk's last heartbeat. */
    const silentFor = (minutes: number) => (clock.shift = lastHeard + minutes * 60_000 - Date.now());
    const { page, close, problems } = await openConsolePage(browser);
    try {
      // Heartbeats every 30 s and 2 minutes of grace: late after 2.5 minutes, offline after 3.5, an alert after 30.
      silentFor(3);
      await signIn(page, server, 'kythuat', '/fleet');
      await expect.poll(() => page.getByTestId('fleet-row').getAttribute('data-status')).toBe('late');
      silentFor(40);
      await signIn(page, server, 'kythuat', '/fleet');
      await expect.poll(() => page.getByTestId('fleet-row').getAttribute('data-status')).toBe('offline');
      const alert = page.locator('[data-testid="fleet-alert"][data-kind="offline"]');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Mất kết nối trong giờ làm việc');
      expect(await page.locator('[data-status="offline"] .status-count-number').textContent()).toBe('1');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

      // The alert thresholds: one out of range is refused and named, nothing stored.
      await page.goto(`${server.url}/fleet/settings`);
      const alertForm = page.getByTestId('alert-settings-form');
      await alertForm.locator('[data-setting="diskAlertMb"]').fill('10');
      await alertForm.getByRole('button', { name: 'Lưu cài đặt cảnh báo' }).click();
      await expect.poll(() => alertForm.getByTestId('alert-settings-error').textContent()).toMatch(/diskAlertMb/);
      const settingsAxe = await new AxeBuilder({ page }).analyze();
      expect(settingsAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await page.goto(`${server.url}/fleet`);

      // Retired from the console: its commands are refused, nothing is queued.
      await page.getByTestId('fleet-row').getByRole('link').click();
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Ngừng sử dụng kiosk' }).click();
      await page.getByText('Kiosk đã ngừng sử dụng.').waitFor();
      expect(await page.getByTestId('command-sync_now').count()).toBe(0);
      const deviceId = page.url().split('/').pop()!;
      const refused = await page.evaluate(async (id) => {
        const session = await (await fetch('/api/console/v1/auth/session')).json();
        const answer = await fetch('/api/console/v1/fleet/commands', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ deviceIds: [id], kind: 'sync_now' }),
        });
        return { status: answer.status, body: await answer.json() };
      }, deviceId);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/đã ngừng sử dụng: không thể gửi lệnh/);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});
