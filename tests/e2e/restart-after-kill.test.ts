import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { callKiosk, launchChromium, startWebKiosk, tempDataDir, type RunningKiosk } from './harness';

let browser: Browser;
const hosts: RunningKiosk[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const host of hosts) await host.stop('SIGKILL');
});

async function state(kiosk: RunningKiosk): Promise<KioskState> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('a thanked rating survives the host being killed', () => {
  it('tap a face in Chromium, SIGKILL the web host, start it again: the rating is there once', async () => {
    const dataDir = tempDataDir();
    const first = await startWebKiosk({ dataDir });
    hosts.push(first);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(first.url);
    await page.getByRole('button', { name: /Rất hài lòng/ }).first().click();
    // The thank-you appears only after the core committed the rating.
    await page.getByText(/cảm ơn/i).first().waitFor({ timeout: 10_000 });
    const before = await state(first);
    expect(before.stats.storedRatings).toBe(1);
    const thankedId = before.stats.lastRating!.id;

    await first.stop('SIGKILL');
    await page.close();

    const second = await startWebKiosk({ dataDir });
    hosts.push(second);
    const after = await state(second);
    expect(after.stats.storedRatings).toBe(1);
    expect(after.stats.lastRating?.id).toBe(thankedId);
    expect(after.storage).toMatchObject({ ok: true, movedAside: [] });

    // And on disk, as an auditor would read it: score 3 for the officer on duty.
    const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
    expect(db.prepare('SELECT score, staff_id AS staffId FROM ratings WHERE id = ?').get(thankedId)).toEqual({
      score: 3,
      staffId: 'st-000101',
    });
    db.close();

    // The restarted kiosk still takes ratings in the browser.
    const page2 = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page2.goto(second.url);
    await page2.getByRole('button', { name: /Không hài lòng/ }).first().waitFor();
    await page2.close();
  }, 60_000);
});
