/**
 * Where a wedge scan goes: on the rating flow's dossier step it is the citizen's receipt and goes
 * to the flow; everywhere else it is a badge and goes to staff login.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { callKiosk, installClock, launchChromium, runClockUntil, startWebKiosk, typeTimedKeys, type RunningKiosk } from './harness';

let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;

async function kioskState(): Promise<KioskState> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

beforeAll(async () => {
  kiosk = await startWebKiosk();
  // This kiosk serves the results desk (which asks for the receipt's dossier code).
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'));
  db.prepare("UPDATE settings SET value = '\"ttpvhcc-q09\"' WHERE key = 'counterId'").run();
  db.close();
  const login = await callKiosk<Result<unknown>>(kiosk, 'scanBadge', { code: 'BG-26-000102' });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The thank-you's time is run at once (runClockUntil); key events keep their real times.
  await installClock(page);
  await page.goto(kiosk.url);
  await page.getByTestId('officer').filter({ hasText: 'Trần Văn Đức' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('scan routing between badge login and the rating flow (headless Chromium)', () => {
  it('on the dossier step a scan is the citizen’s dossier code, not a login', async () => {
    await page.getByTestId('face-2').click();
    await page.getByTestId('open-dossier').click();
    await page.getByTestId('dossier-screen').waitFor();
    await typeTimedKeys(page, 'BG-26-000103', 10);
    await page.getByTestId('dossier-code').filter({ hasText: 'BG-26-000103' }).waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('staff-login-confirmation').count()).toBe(0);
    expect((await kioskState()).officer?.staffId).toBe('st-000102');
  });

  it('after the flow, the same kind of scan logs an officer in', async () => {
    await page.getByTestId('dossier-skip').click({ timeout: 5_000 });
    await page.getByTestId('done').click({ timeout: 5_000 });
    await page.getByTestId('thanks').waitFor({ timeout: 5_000 });
    await runClockUntil(page, '[data-testid="idle"]');
    await typeTimedKeys(page, 'BG-26-000103', 10);
    await page.getByTestId('staff-login-confirmation').filter({ hasText: 'Lê Thị Hương' }).waitFor({ timeout: 8_000 });
    expect((await kioskState()).officer?.staffId).toBe('st-000103');
  });
});
