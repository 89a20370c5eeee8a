/**
 * Badge QR scanning with the kiosk's camera, end to end: Chromium's fake camera plays generated
 * footage of a badge QR (clean, tilted 20°, out of focus, low contrast), the renderer decodes it
 * with the real zxing-wasm decoder served by the app itself, and the officer is logged in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { badgeFrame, writeY4m, type FrameLook } from './camera-frames';
import { callKiosk, installClock, launchChromium, runClockUntil, startWebKiosk, type RunningKiosk } from './harness';

let kiosk: RunningKiosk;
/**
 * The camera's footage: Chromium reads this file again each time the camera is opened, so one
 * browser plays each badge in turn (a test writes its badge before opening the camera).
 */
const footage = join(mkdtempSync(join(tmpdir(), 'kiosk-camera-')), 'camera.y4m');
let badgeBrowser: Browser;

beforeAll(async () => {
  kiosk = await startWebKiosk();
  writeY4m(footage, badgeFrame(cases[0]!.badge)); // Chromium wants the file at launch
  badgeBrowser = await launchChromium({
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${footage}`],
  });
});
afterAll(async () => {
  await badgeBrowser?.close();
  await kiosk?.stop();
});

async function officer(): Promise<KioskState['officer']> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value.officer;
}

/** The discreet staff gesture: a finger held on the top-left corner (the hold's time is run at once). */
async function openStaffScreen(page: Page): Promise<void> {
  await page.mouse.move(20, 20);
  await page.mouse.down();
  await runClockUntil(page, '[data-testid="staff-screen"]', 5_000);
  await page.mouse.up();
}

/** A page on the kiosk with Playwright's clock (runClockUntil), showing the officer on duty. */
async function openKiosk(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await installClock(page);
  await page.goto(kiosk.url);
  await page.getByTestId('officer').waitFor();
  return page;
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
      const page = await openKiosk(browser);
      await openStaffScreen(page);
      const decoderFetched = page.waitForResponse((response) => response.url().endsWith('.wasm'), { timeout: 20_000 });
      await page.getByTestId('staff-camera-button').click();
      await page.getByTestId('staff-camera').waitFor();
      await decoderFetched;
      // The decoder takes five frames a second: let a second and a half of the picture go through it.
      const video = page.locator('[data-testid="staff-camera"] video');
      const since = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
      await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 10_000 }).toBeGreaterThan(since + 1.5);
      expect(await page.getByTestId('staff-login-confirmation').count()).toBe(0);
      expect(await officer()).toEqual(before);
    } finally {
      await browser.close();
    }
  }, 60_000);

  for (const testCase of cases) {
    it(`logs in with ${testCase.name}`, async () => {
      writeY4m(footage, badgeFrame(testCase.badge, testCase.look));
      const page = await openKiosk(badgeBrowser);
      try {
        const wasmRequests: string[] = [];
        page.on('request', (request) => {
          if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
        });
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
        await page.context().close();
      }
    }, 60_000);
  }
});
