// `npm run screenshots`: every screen of the citizen's flow at 1366×768, 1920×1080 and portrait
// 1080×1920, in Vietnamese (and the idle screen in English too), and IT staff's admin screen
// (docs/kiosk-admin.md), into docs/screenshots/.
// Uses the built kiosk (run `node scripts/build.mjs` first; the npm script does) and Debian's
// Chromium through the e2e harness. Run with tsx: the harness and setup helpers are TypeScript.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { launchChromium, startWebKiosk, typeTimedKeys } = await import('../tests/e2e/harness.ts');
const { startServer } = await import('../server/app.ts');
const { default: Database } = await import('better-sqlite3');
const { configureKiosk, startRatingKiosk, tapKeys, RESULTS_DESK } = await import('../tests/e2e/rating-flow-kiosk.ts');

const SIZES = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1080x1920', width: 1080, height: 1920 },
];
const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });

const browser = await launchChromium();
// The results desk of a district: the longest officer title of the roster, and the dossier step.
const kiosk = await startRatingKiosk({ ...RESULTS_DESK, settings: { cooldownMs: 0 } });
const shots = [];
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
    const shot = async (name) => {
      await page.evaluate(() => globalThis.document.fonts.ready);
      const file = join(out, `${name}-${size.name}.png`);
      await page.screenshot({ path: file });
      shots.push(file);
    };
    configureKiosk(kiosk.dataDir, RESULTS_DESK);
    await page.goto(kiosk.url);
    await page.waitForSelector('[data-testid="idle"]');
    await shot('01-idle');
    // The longest title of the roster (Lục Ngạn's land-registry counter).
    configureKiosk(kiosk.dataDir, { counterId: 'ln-q01', staffId: 'st-010202' });
    await page.reload();
    await page.waitForSelector('[data-testid="idle"]');
    await shot('01-idle-longest-title');
    configureKiosk(kiosk.dataDir, RESULTS_DESK);
    await page.reload();
    await page.waitForSelector('[data-testid="idle"]');
    await page.click('[data-testid="language-switch"]');
    await shot('02-idle-en');
    await page.click('[data-testid="language-switch"]');

    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="details"]');
    await page.click('[data-testid="criterion-greet-yes"]');
    await page.click('[data-testid="criterion-listen-no"]');
    await shot('03-details');
    await page.click('[data-testid="language-switch"]');
    await shot('03-details-en');
    await page.click('[data-testid="language-switch"]');

    await page.click('[data-testid="open-comment"]');
    await tapKeys(page, 'Cans booj nhieetj tinhf, giair thichs rox rafng. Raats haif long');
    await shot('04-comment');
    await page.click('[data-testid="comment-done"]');

    await page.click('[data-testid="open-dossier"]');
    for (const key of 'AB') await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="dossier-save"]');
    await page.waitForSelector('[data-testid="dossier-notice"]');
    await shot('05-dossier-not-a-code');
    await page.click('[data-key="clear"]');
    await page.click('[data-key="0"]');
    for (const key of '00.26.05.H31-250114-0042') await page.click(`[data-key="${key}"]`);
    await shot('05-dossier');
    await page.click('[data-testid="dossier-save"]');
    await page.waitForSelector('[data-testid="details"]');

    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="thanks"]');
    await shot('06-thanks');
    await page.waitForSelector('[data-testid="idle"]', { timeout: 10_000 });

    await page.click('[data-testid="face-1"]');
    await page.waitForSelector('[data-testid="details"]');
    await shot('07-details-not-satisfied');
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="idle"]', { timeout: 10_000 });

    // A save failure: the host answers as a kiosk whose disk is full.
    await page.route('**/api/kiosk/submitRating', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'storage_unavailable', message: 'disk full' } }),
      }),
    );
    await page.click('[data-testid="face-2"]');
    await page.waitForSelector('[data-testid="save-error"]');
    await shot('08-save-error');
    await page.unroute('**/api/kiosk/submitRating');
    await page.click('[data-testid="back"]');

    // A refusal by the per-session cap: the host answers as the core does, with retryAfterMs.
    await page.route('**/api/kiosk/submitRating', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'rate_limited', message: 'cap', retryAfterMs: 41_500 } }),
      }),
    );
    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="retry-after"]');
    await shot('08-refused-rate-limited');
    await page.unroute('**/api/kiosk/submitRating');
    await page.click('[data-testid="back"]');

    // The idle countdown over the comment screen (a short idle timeout, so as not to wait 20 s).
    configureKiosk(kiosk.dataDir, { ...RESULTS_DESK, settings: { idleTimeoutMs: 8_000 } });
    await page.reload();
    await page.waitForSelector('[data-testid="idle"]');
    await page.click('[data-testid="face-3"]');
    await page.click('[data-testid="open-comment"]');
    await tapKeys(page, 'Cans booj raats nhieetj tinhf');
    await page.waitForSelector('[data-testid="idle-countdown"]', { timeout: 10_000 });
    await shot('10-idle-countdown');
    await page.click('[data-testid="still-here"]');
    await page.click('[data-testid="comment-done"]');
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="idle"]', { timeout: 10_000 });
    configureKiosk(kiosk.dataDir, { ...RESULTS_DESK, settings: { idleTimeoutMs: 30_000 } });

    configureKiosk(kiosk.dataDir, { ...RESULTS_DESK, staffId: null });
    await page.reload();
    await page.waitForSelector('[data-testid="not-serving"]');
    await shot('09-not-serving');
    await page.close();
  }

  // IT staff's admin screen. A kiosk at first start pairing with a real server: the screen opens
  // by itself with the code and its QR. Then the demo kiosk, opened with an IT officer's badge.
  const server = await startServer({ demo: true });
  const pairingKiosk = await startWebKiosk({ env: { KIOSK_SERVER_URL: server.url, KIOSK_DEMO: '0' } });
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'));
  db.prepare(`UPDATE staff SET roles = '["it"]' WHERE id = 'st-000106'`).run();
  db.close();
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      const shot = async (name) => {
        await page.evaluate(() => globalThis.document.fonts.ready);
        const file = join(out, `${name}-${size.name}.png`);
        await page.screenshot({ path: file });
        shots.push(file);
      };
      await page.goto(pairingKiosk.url);
      await page.waitForSelector('[data-testid="admin-pairing-code"]', { timeout: 30_000 });
      await shot('11-admin-pairing');

      configureKiosk(kiosk.dataDir, RESULTS_DESK);
      await page.goto(kiosk.url);
      await page.waitForSelector('[data-testid="idle"]');
      // The gesture: a finger held on the top-right corner, then the IT officer's badge scanned.
      await page.mouse.move(size.width - 12, 12);
      await page.mouse.down();
      await page.waitForTimeout(3_300);
      await page.mouse.up();
      await typeTimedKeys(page, 'BG-26-000106', 10);
      await page.waitForSelector('[data-testid="admin-screen"]');
      await page.click('[data-testid="admin-test-connection"]');
      await page.waitForSelector('[data-testid="admin-test-result"]');
      await shot('12-admin-status');
      await page.click('[data-testid="admin-server-url"]');
      await page.locator('[data-testid="admin-setup-submit"]').scrollIntoViewIfNeeded();
      await shot('13-admin-keyboard');
      await page.click('[data-testid="admin-close"]');

      // A colleague's badge after the gesture: refused, in Vietnamese.
      await page.mouse.move(size.width - 12, 12);
      await page.mouse.down();
      await page.waitForTimeout(3_300);
      await page.mouse.up();
      await typeTimedKeys(page, 'BG-26-000102', 10);
      await page.waitForSelector('[data-testid="admin-refusal"]');
      await shot('14-admin-refused');
      await page.close();
    }
  } finally {
    await pairingKiosk.stop();
    await server.close();
  }
} finally {
  await browser.close();
  await kiosk.stop();
}
console.log(`screenshots: ${shots.length} files in docs/screenshots/`);
