/**
 * Badge QR scanning with the kiosk's camera, end to end: Chromium's fake camera plays generated
 * footage of a badge QR (clean, tilted 20°, out of focus, low contrast), the renderer decodes it
 * with the real zxing-wasm decoder served by the app itself, and the officer is logged in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { badgeFrame, writeY4m, type FrameLook } from './camera-frames';
import { callKiosk, launchChromium, startWebKiosk, type RunningKiosk } from './harness';

let kiosk: RunningKiosk;
const footageDir = mkdtempSync(join(tmpdir(), 'kiosk-camera-'));

beforeAll(async () => {
  kiosk = await startWebKiosk();
});
afterAll(async () => {
  await kiosk?.stop();
});

async function officer(): Promise<KioskState['officer']> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value.officer;
}

/** The discreet staff gesture: a finger held on the top-left corner. */
async function openStaffScreen(page: Page): Promise<void> {
  await page.mouse.move(20, 20);
  await page.mouse.down();
  await page.getByTestId('staff-screen').waitFor({ timeout: 5_000 });
  await page.mouse.up();
}

const cases: { name: string; look: FrameLook; badge: string; staffId: string; fullName: string }[] = [
  { name: 'a clean badge QR', look: {}, badge: 'BG-26-000102', staffId: 'st-000102', fullName: 'Trần Văn Đức' },
  { name: 'a badge QR rotated by 20°', look: { rotateDeg: 20 }, badge: 'BG-26-000103', staffId: 'st-000103', fullName: 'Lê Thị Hương' },
  { name: 'a blurred badge QR', look: { blurPx: 3 }, badge: 'BG-26-000104', staffId: 'st-000104', fullName: 'Phạm Quốc Huy' },
  { name: 'a low-contrast badge QR', look: { dark: 105, light: 150 }, badge: 'BG-26-000105', staffId: 'st-000105', fullName: 'Ngô Thị Ngọc Ánh' },
];

describe('camera badge scanning through the real decoder (fake camera in headless Chromium)', () => {
  it('a camera picture without a badge logs nobody in', async () => {
    const before = await officer();
    const browser = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(kiosk.url);
      await page.getByTestId('officer').waitFor();
      await openStaffScreen(page);
      await page.getByTestId('staff-camera-button').click();
      await page.getByTestId('staff-camera').waitFor();
      await page.waitForTimeout(3_000);
      expect(await page.getByTestId('staff-login-confirmation').count()).toBe(0);
      expect(await officer()).toEqual(before);
    } finally {
      await browser.close();
    }
  }, 60_000);

  for (const testCase of cases) {
    it(`logs in with ${testCase.name}`, async () => {
      const footage = join(footageDir, `${testCase.staffId}.y4m`);
      writeY4m(footage, badgeFrame(testCase.badge, testCase.look));
      const browser = await launchChromium({
        args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${footage}`],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const wasmRequests: string[] = [];
        page.on('request', (request) => {
          if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
        });
        await page.goto(kiosk.url);
        await page.getByTestId('officer').waitFor();
        await openStaffScreen(page);
        await page.getByTestId('staff-camera-button').click();
        const confirmation = page.getByTestId('staff-login-confirmation');
        await confirmation.waitFor({ timeout: 20_000 });
        expect(await confirmation.innerText()).toContain(testCase.fullName);
        expect(await officer()).toMatchObject({ staffId: testCase.staffId });
        // The decoder's WebAssembly came from the kiosk itself, never from a CDN.
        expect(wasmRequests.length).toBeGreaterThan(0);
        for (const url of wasmRequests) expect(url.startsWith(kiosk.url)).toBe(true);
      } finally {
        await browser.close();
      }
    }, 60_000);
  }
});
