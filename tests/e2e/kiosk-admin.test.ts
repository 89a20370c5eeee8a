/**
 * The kiosk's admin screen, end to end: the real web host and renderer in headless Chromium, the
 * demo kiosk whose roster names one IT officer. What a citizen who finds the gesture gets
 * (nothing), what an IT officer's badge opens, and a wrong badge refused in Vietnamese.
 * The page runs on Playwright's clock, so the gesture's hold and the screen's timeouts are run
 * forward, not waited for.
 */
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import vi from '../../renderer/src/i18n/locales/vi.json';
import { hashPin } from '../../electron/core/staff-login/pin';
import type { KioskState } from '../../shared/contract';
import { ADMIN_ARMED_MS, ADMIN_LONG_PRESS_MS, ADMIN_SCREEN_IDLE_MS } from '../../shared/kiosk-admin';
import type { Result } from '../../shared/result';
import { callKiosk, installClock, launchChromium, runClockUntil, startWebKiosk, type RunningKiosk } from './harness';
import { scanWithWedge } from './wedge-scanner';

const IT_BADGE = 'BG-26-000106';
const COLLEAGUES_BADGE = 'BG-26-000102';
const IT_PIN = '135790';
const VIEWPORT = { width: 1366, height: 768 };

let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;

async function kioskState(): Promise<KioskState> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** A finger held on the top-right corner for the gesture's time, then lifted. */
async function holdTopRightCorner(): Promise<void> {
  await page.mouse.move(VIEWPORT.width - 12, 12);
  await page.mouse.down();
  await page.clock.runFor(ADMIN_LONG_PRESS_MS + 100);
  await page.mouse.up();
}

/** Everything a person can see or a screen reader can reach, as text. */
const whatShows = () => page.evaluate(() => document.body.innerText);

beforeAll(async () => {
  kiosk = await startWebKiosk();
  // The province's roster names an IT officer (roles travel with the signed roster).
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'));
  db.prepare(`UPDATE staff SET roles = '["it"]', pin_hash = ? WHERE id = 'st-000106'`).run(hashPin(IT_PIN));
  db.close();
  browser = await launchChromium();
});

beforeEach(async () => {
  // A context of its own: axe opens a page in it to finish its run.
  page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
  await installClock(page);
  await page.goto(kiosk.url);
  await page.getByTestId('officer').waitFor();
});

afterEach(async () => {
  await page.context().close();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('the kiosk’s admin screen (web host, headless Chromium)', () => {
  it('a citizen’s long press on the corner, or #admin in the address, opens nothing and hints at nothing', async () => {
    const before = await whatShows();
    await holdTopRightCorner();
    await page.evaluate(() => (window.location.hash = '#admin'));
    await page.clock.runFor(1_000);
    expect(await page.getByTestId('admin-screen').count()).toBe(0);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await whatShows()).toBe(before);
    // The language did not switch under the finger either (the switch sits in that corner).
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');

    // Once the gesture's short while is over, a badge is a badge again: no admin screen.
    await page.clock.runFor(ADMIN_ARMED_MS + 100);
    expect(await page.getByTestId('admin-screen').count()).toBe(0);
  });

  it('with an IT officer’s badge it opens: the status, the connection test in Vietnamese, axe clean, big targets; it closes', async () => {
    const onDuty = (await kioskState()).officer?.staffId;
    await holdTopRightCorner();
    await scanWithWedge(page, IT_BADGE);
    const screen = page.getByTestId('admin-screen');
    await screen.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('admin-opened-by').innerText()).toContain('Đặng Minh Khôi');
    expect(await screen.getAttribute('lang')).toBe('vi');
    // The IT officer's badge opened the screen; it logged nobody in or out at the counter.
    expect((await kioskState()).officer?.staffId).toBe(onDuty);

    await page.getByTestId('admin-status').waitFor();
    expect(await page.getByTestId('admin-status').innerText()).toContain(vi.admin.sync.phase.not_enrolled);
    await page.getByTestId('admin-test-connection').click();
    const result = page.getByTestId('admin-test-result');
    await result.waitFor({ timeout: 10_000 });
    expect(await result.innerText()).toBe(vi.admin.test.problem.no_server);

    const violations = (await new AxeBuilder({ page }).include('[data-testid="admin-screen"]').analyze()).violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('.admin-screen button')]
        .map((b) => ({ name: b.getAttribute('data-testid') ?? b.textContent, r: b.getBoundingClientRect() }))
        .filter(({ r }) => r.width < 63.5 || r.height < 63.5)
        .map(({ name, r }) => `${name} ${r.width}×${r.height}`),
    );
    expect(small).toEqual([]);

    await page.getByTestId('admin-close').click();
    await screen.waitFor({ state: 'detached' });
  });

  it('closes by itself when nobody touches it', async () => {
    await holdTopRightCorner();
    await scanWithWedge(page, IT_BADGE);
    await page.getByTestId('admin-screen').waitFor({ timeout: 10_000 });
    await runClockUntil(page, { done: async () => (await page.getByTestId('admin-screen').count()) === 0, what: 'the admin screen closed' }, ADMIN_SCREEN_IDLE_MS + 5_000, 5_000);
  });

  it('a colleague’s badge is refused in Vietnamese, and logs nobody in', async () => {
    const onDuty = (await kioskState()).officer?.staffId;
    await holdTopRightCorner();
    await scanWithWedge(page, COLLEAGUES_BADGE);
    const refusal = page.getByTestId('admin-refusal');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.innerText()).toBe(vi.admin.refusal.it_credential_refused);
    expect(await page.getByTestId('admin-screen').count()).toBe(0);
    expect((await kioskState()).officer?.staffId).toBe(onDuty);
  });

  it('an IT officer without their badge: the gesture made twice shows the PIN entry; a wrong PIN is refused in Vietnamese, the right one opens', async () => {
    await holdTopRightCorner();
    expect(await page.getByTestId('admin-pin-entry').count()).toBe(0);
    await holdTopRightCorner();
    const entry = page.getByTestId('admin-pin-entry');
    await entry.waitFor({ timeout: 5_000 });
    for (const key of ['s', 't', 'symbols', '-', '0', '0', '0', '1', '0', '6']) await entry.locator(`[data-key="${key}"]`).click();
    expect(await page.getByTestId('admin-pin-staff-id').innerText()).toBe('st-000106');
    await page.getByTestId('admin-pin-next').click();
    const typePin = async (pin: string) => {
      for (const digit of pin) await entry.getByTestId(`staff-pin-digit-${digit}`).click();
      await entry.getByTestId('staff-pin-ok').click();
    };
    await typePin('000000');
    const refusal = page.getByTestId('admin-pin-refusal');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.innerText()).toBe(vi.admin.refusal.it_credential_refused);
    expect(await page.getByTestId('admin-screen').count()).toBe(0);
    await typePin(IT_PIN);
    await page.getByTestId('admin-screen').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('admin-opened-by').innerText()).toContain('Đặng Minh Khôi');
  });

  it('follows #admin without a reload: set, the badge opens it; removed, it closes', async () => {
    await page.evaluate(() => (window.location.hash = '#admin'));
    await scanWithWedge(page, IT_BADGE);
    const screen = page.getByTestId('admin-screen');
    await screen.waitFor({ timeout: 10_000 });
    await page.evaluate(() => (window.location.hash = ''));
    await screen.waitFor({ state: 'detached' });
  });
});
