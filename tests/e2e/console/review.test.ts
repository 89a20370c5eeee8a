/**
 * The review queue in Chromium: the province sees a flag with its evidence in words, confirms it, is told
 * how many ratings left the reports, and the unit's report page then says they were excluded and
 * why; the decision is in the audit log.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseFlag } from '../../../server/integrity/rating-flags';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;
let unitId = '';
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.4 })]);
  const ratings = await site.db.selectFrom('ratings').select(['id', 'unit_id', 'device_id', 'corrected_at']).where('counted', '=', true).orderBy('corrected_at', 'desc').limit(1).execute();
  unitId = ratings[0]!.unit_id;
  const sameUnit = await site.db.selectFrom('ratings').select(['id', 'corrected_at']).where('unit_id', '=', unitId).orderBy('corrected_at', 'desc').limit(3).execute();
  await raiseFlag(
    site.db,
    { reason: 'burst', subject: 'session:e2e', unitId, deviceId: ratings[0]!.device_id, ratings: sameUnit.map((r) => ({ id: r.id, at: r.corrected_at })), evidence: { ratings: 3, seconds: 8, from: sameUnit[2]!.corrected_at, to: sameUnit[0]!.corrected_at, burstSeconds: 20, burstMinRatings: 3 } },
    Date.now(),
  );
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };
const TWO_YEARS = 'from=2025-01-01&to=2026-11-20&kind=range';

describe('the review queue', () => {
  it('the province confirms a flag, is told three ratings left the reports, and the unit’s report says why', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', '/review');
      const row = page.getByTestId('review-row');
      await expect.poll(() => row.count(), WAIT).toBe(1);
      expect(await row.getAttribute('data-reason')).toBe('burst');
      expect(await row.innerText()).toContain('Đánh giá dồn dập trong một phiên');
      // Its evidence in words, its moments in Vietnam time: no English key, no epoch milliseconds.
      const evidence = await row.getByTestId('review-evidence').innerText();
      expect(evidence).toMatch(/Số đánh giá\s*3[\s\S]*Trong khoảng\s*8 giây[\s\S]*Từ\s*\d{2}\/\d{2}\/20\d{2} \d{2}:\d{2}/);
      expect(evidence).not.toMatch(/burstSeconds|\d{10,}/);
      await row.getByLabel('Ghi chú (không bắt buộc)').fill('tự đánh giá');
      await row.getByTestId('review-confirm').click();
      await expect.poll(() => page.getByTestId('review-outcome').innerText().catch(() => ''), WAIT).toBe('Đã lưu quyết định: 3 đánh giá bị loại khỏi báo cáo, 0 được tính lại.');
      await expect.poll(() => row.count(), WAIT).toBe(0);
      expect(problems()).toEqual([]);

      await page.goto(`${site.url}/reports/units/${unitId}?${TWO_YEARS}`);
      const excluded = page.getByTestId('integrity-excluded');
      await excluded.waitFor(WAIT);
      expect(await excluded.innerText()).toMatch(/Bị loại sau khi xem xét[\s\S]*Đánh giá dồn dập trong một phiên: 3[\s\S]*3/);
      const audit = await site.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'flag_reviewed').execute();
      expect(audit.map((a) => [a.login, JSON.parse(a.details).to])).toEqual([['so.noivu', 'confirmed']]);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });
});
