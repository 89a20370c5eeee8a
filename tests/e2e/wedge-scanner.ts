import type { Locator, Page } from 'playwright-core';
import { typeTimedKeys } from './harness';

/** Types like a keyboard-wedge scanner: one key every 10 ms, then Enter. */
export async function scanWithWedge(page: Page, code: string): Promise<void> {
  await typeTimedKeys(page, code, 10);
}

/**
 * Scans and waits for `expected` to show. On a loaded machine the input can stall for longer
 * than any scanner would; the kiosk then says the scan was unreadable, and, as a person would,
 * the test scans once more.
 */
export async function scanAndWaitFor(page: Page, code: string, expected: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await scanWithWedge(page, code);
    const unreadable = page.getByTestId('staff-refusal').filter({ hasText: 'Không đọc được mã vừa quét' });
    await Promise.race([expected.waitFor({ timeout: 8_000 }), unreadable.waitFor({ timeout: 8_000 })]);
    if (await expected.isVisible()) return;
    if (attempt === 2) throw new Error(`scan of ${code} unreadable twice`);
    await unreadable.click();
  }
}
