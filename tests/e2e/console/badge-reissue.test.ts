/**
 * A reissued badge end to end (issue 11, "Verified by"): the real server (protocol and console), a
 * real kiosk web host enrolled with it, the built console and the kiosk's screen in Chromium. IT
 * staff reissue an officer's badge on the Staff badges page and send the kiosk "fetch roster and
 * settings again"; at the kiosk the old badge, scanned with a keyboard-wedge reader, is refused
 * with the kiosk's own message, and the new one logs the officer in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/app';
import type { KioskState } from '../../../shared/contract';
import type { SyncStatus } from '../../../shared/sync-status';
import { callKiosk, launchChromium, startWebKiosk, type RunningKiosk } from '../harness';
import { scanAndWaitFor } from '../wedge-scanner';
import { CONSOLE_DIST, openConsolePage, PASSWORD, requireConsoleBuild, signIn } from './harness';

let browser: Browser;
let server: RunningServer;
let kiosk: RunningKiosk;
let kioskPage: Page;

const UNIT = 'bg-ttpvhcc';
const COUNTER = 'ttpvhcc-q01';
const OFFICER = { staffId: 'st-000104', fullName: 'Phạm Quốc Huy' };
const COLLEAGUE = { staffId: 'st-000101', fullName: 'Nguyễn Thị Thu Hà' };

/** Waits for a condition, up to a bound; never a fixed sleep. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}\n${kiosk.output().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const syncStatus = async () => (await callKiosk<{ ok: true; value: SyncStatus }>(kiosk, 'getSyncStatus')).value;
const kioskState = async () => (await callKiosk<{ ok: true; value: KioskState }>(kiosk, 'getKioskState')).value;
const currentCode = async (staffId: string) => (await server.admin.currentBadges(UNIT, [staffId])).badges[0]!.code;

/** A scan at the kiosk that logs `fullName` in: the confirmation names them; closed again, as staff do. */
async function logsIn(code: string, fullName: string): Promise<void> {
  const confirmation = kioskPage.getByTestId('staff-login-confirmation').filter({ hasText: fullName });
  await scanAndWaitFor(kioskPage, code, confirmation).catch(async (error: Error) => {
    throw new Error(`${error.message}\nscreen: ${await kioskPage.locator('body').innerText()}\nstate: ${JSON.stringify(await kioskState()).slice(0, 1500)}`);
  });
  await kioskPage.getByTestId('staff-confirmation-close').click({ timeout: 5_000 });
}

beforeAll(async () => {
  requireConsoleBuild();
  browser = await launchChromium();
  server = await startServer({ demo: true, consoleDir: CONSOLE_DIST });
  await server.admin.addConsoleUser({ login: 'kythuat', role: 'it', password: PASSWORD, displayName: 'Đỗ Minh Tuấn' });
  // Kiosks that report every 30 s (the shortest heartbeat the settings allow), so that a command
  // is picked up within seconds of the test, not minutes.
  await server.admin.setConfig('*', { heartbeatIntervalMs: 30_000, syncIntervalMs: 5_000 });
  const enrollmentCode = await server.admin.createEnrollmentCode({ unitId: UNIT, counterId: COUNTER });
  kiosk = await startWebKiosk({ env: { KIOSK_SERVER_URL: server.url, KIOSK_ENROLMENT_CODE: enrollmentCode, KIOSK_DEMO: '0' } });
  // Enrolled, with its counter and the server's roster.
  await eventually(syncStatus, (s) => s.enrolled && s.counter.id === COUNTER && s.versions.roster !== null, 'the kiosk enrolling and pulling its roster', 60_000);
  kioskPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await kioskPage.goto(kiosk.url);
  // The kiosk's screen knows its counter: nobody on duty yet.
  await kioskPage.getByTestId('not-serving').getByText('Hiện chưa có cán bộ làm việc tại quầy này.').waitFor({ timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await kiosk?.stop();
  await browser?.close();
  await server?.close();
});

describe('a badge reissued in the console is refused at the kiosk', () => {
  it('IT staff reissue a badge and send “fetch roster again”: the old badge is refused at the kiosk, the new one logs the officer in', async () => {
    // The badge the officer wears works at the kiosk; then a colleague takes the counter.
    const oldCode = await currentCode(OFFICER.staffId);
    await logsIn(oldCode, OFFICER.fullName);
    await logsIn(await currentCode(COLLEAGUE.staffId), COLLEAGUE.fullName);
    const rosterBefore = (await syncStatus()).versions.roster;

    const { page, close, problems } = await openConsolePage(browser);
    try {
      // The badge is lost: IT staff reissue it on the Staff badges page, after the confirm.
      await signIn(page, server, 'kythuat', '/badges');
      await page.getByTestId('badges-unit').selectOption(UNIT);
      await page.getByTestId('badges-table').waitFor();
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId(`reissue-${OFFICER.staffId}`).click();
      const newCode = await eventually(() => page.getByTestId('reissued-code').innerText(), (code) => /^NC(-[0-9A-Z]{4}){5}$/.test(code), 'the new code shown', 15_000);
      expect(newCode).not.toBe(oldCode);

      // The kiosk is told to fetch its roster again, from its page on the fleet.
      await page.goto(`${server.url}/fleet`);
      await page.getByTestId('fleet-row').getByRole('link').click();
      await page.getByTestId('command-repull').click();
      await page.getByText('Đã gửi lệnh “Tải lại danh sách và cài đặt” tới 1 kiosk').waitFor();
      // Picked up with the kiosk's next heartbeat (30 s at most), carried out, reported at once.
      await eventually(
        async () => {
          await page.reload();
          await page.getByTestId('commands-table').waitFor();
          return page.locator('[data-testid="command-row"][data-kind="repull"]').getAttribute('data-state');
        },
        (state) => state === 'done',
        'the kiosk carrying out "fetch roster and settings again"',
        90_000,
      );
      expect((await syncStatus()).versions.roster).not.toBe(rosterBefore);
      expect(problems()).toEqual([]);

      // At the kiosk: the old badge is refused with the kiosk's message; nobody is logged out by it.
      const refusal = kioskPage.getByTestId('staff-refusal').filter({ hasText: 'Thẻ này không có trong danh sách cán bộ của đơn vị.' });
      await scanAndWaitFor(kioskPage, oldCode, refusal);
      expect((await kioskState()).officer?.staffId).toBe(COLLEAGUE.staffId);
      await refusal.click(); // dismissed

      // The new badge logs the officer in.
      await logsIn(newCode, OFFICER.fullName);
      expect((await kioskState()).officer).toMatchObject({ staffId: OFFICER.staffId, fullName: OFFICER.fullName });
    } finally {
      await close();
    }
  }, 240_000);
});
