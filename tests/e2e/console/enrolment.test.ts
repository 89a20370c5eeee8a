/**
 * Enrolment at scale in the console, in Chromium against a real server (issue 11): IT staff make
 * codes for the counters they tick, then download them as one ZIP of provisioning files — one per
 * kiosk, each holding the code shown on the sheet for its counter; an address with a path is
 * refused in Vietnamese first.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKeyPair } from '../../../shared/node/release-signing';
import { checkMachineProvisioning } from '../../../shared/provisioning';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;
let releaseKey: string;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.2 })]);
  releaseKey = generateReleaseKeyPair().publicKey;
  await site.releases.registerKey(releaseKey, false);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };

describe('enrolment codes in the console', () => {
  it('IT staff make codes for the counters ticked and download them as one provisioning file per kiosk', { timeout: 120_000 }, async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'kythuat', '/fleet/enrolment');
      const form = page.getByTestId('enrolment-form');
      await form.locator('select').selectOption('bg-ttpvhcc');
      await form.getByLabel(/Quầy 02 – Sở Tài nguyên và Môi trường/).uncheck();
      await form.getByRole('button', { name: 'Tạo mã' }).click();
      const cards = page.getByTestId('code-card');
      await expect.poll(() => cards.count(), WAIT).toBe(2);
      const shown = new Map<string, string>();
      for (const card of await cards.all()) shown.set(await card.locator('.code-counter').innerText(), await card.locator('.code').innerText());
      expect([...shown.keys()].sort()).toEqual(['Quầy 01 – Sở Tư pháp', 'Quầy 09 – Trả kết quả']);

      const exportForm = page.getByTestId('provisioning-export');
      const address = exportForm.getByLabel('Địa chỉ máy chủ mà kiosk kết nối');
      expect(await address.inputValue()).toBe(site.url);
      await address.fill(`${site.url}/console`);
      await exportForm.getByRole('button', { name: 'Tải tệp cài đặt cho từng kiosk (ZIP)' }).click();
      await expect.poll(() => exportForm.getByRole('alert').innerText(), WAIT).toMatch(/Địa chỉ máy chủ phải có dạng http\(s\):\/\//);

      await address.fill(site.url);
      const download = page.waitForEvent('download', WAIT);
      await exportForm.getByRole('button', { name: 'Tải tệp cài đặt cho từng kiosk (ZIP)' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('provisioning-bg-ttpvhcc.zip');
      await expect.poll(() => exportForm.getByRole('status').innerText(), WAIT).toBe('Đã tải provisioning-bg-ttpvhcc.zip: 2 tệp cài đặt.');

      const zip = await JSZip.loadAsync(readFileSync((await file.path())!));
      const names = Object.keys(zip.files).sort();
      expect(names).toEqual(['README.txt', 'bg-ttpvhcc_quay-01-so-tu-phap.json', 'bg-ttpvhcc_quay-09-tra-ket-qua.json']);
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const check = checkMachineProvisioning(await zip.file(name)!.async('string'), 0);
        if (!check.ok) throw new Error(`${name}: ${check.reason}`);
        const { provisioning } = check;
        expect(provisioning.serverUrl).toBe(site.url);
        expect(provisioning.updatePublicKey).toBe(releaseKey);
        // The file holds the very code the sheet shows for its counter.
        expect(provisioning.enrollmentCode).toBe(shown.get(provisioning.deviceName!));
      }
      expect(await zip.file('README.txt')!.async('string')).toContain('Quầy 09 – Trả kết quả');

      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });
});
