/* global window, document, MutationObserver, requestAnimationFrame -- code run in the page by page.evaluate */
// Tap-to-next-screen latency of the citizen's flow in Chromium: from the tap's input event to the
// next screen painted, over 200 taps (target p95 ≤ 50 ms). Two kinds of taps are reported apart
// and together: a face (the rating is stored durably — HTTP to the web host, SQLite commit with
// synchronous=FULL — before the next screen shows) and navigation taps within the flow.
//
//   node scripts/build.mjs && node bench/renderer-tap-latency.mjs      (or: npm run bench -- renderer-tap)
//   TAPS=400 node bench/renderer-tap-latency.mjs
import { loadavg } from 'node:os';
import { register } from 'tsx/esm/api';

const TAPS = Number(process.env.TAPS ?? 200);
register();
const { launchChromium } = await import('../tests/e2e/harness.ts');
const { startRatingKiosk } = await import('../tests/e2e/rating-flow-kiosk.ts');

const kiosk = await startRatingKiosk({ settings: { cooldownMs: 0, maxRatingsPerSessionPerMinute: 60 } });
const browser = await launchChromium();
const hardStop = setTimeout(() => {
  console.error('tap latency: gave up after 5 minutes');
  process.exit(1);
}, 300_000);

/** In the page: time from each click's event to the first paint after the screen changed. */
function installProbe() {
  window.__latencies = [];
  const root = document.querySelector('.kiosk');
  document.addEventListener(
    'click',
    (event) => {
      const start = event.timeStamp;
      const before = root.dataset.screen;
      const observer = new MutationObserver(() => {
        if (root.dataset.screen === before) return;
        observer.disconnect();
        // After the frame that shows the new screen has been painted.
        requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - start), 0));
      });
      observer.observe(root, { attributes: true, attributeFilter: ['data-screen'] });
    },
    true,
  );
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (name, values) =>
  `${name.padEnd(22)} n=${String(values.length).padStart(3)}  p50 ${percentile(values, 50).toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms  max ${Math.max(...values).toFixed(1)} ms`;

try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const faceTaps = [];
  const navTaps = [];
  let taps = 0;
  const tap = async (selector, into) => {
    const count = await page.evaluate(() => window.__latencies.length);
    await page.click(selector);
    await page.waitForFunction((n) => window.__latencies.length > n, count);
    into.push(await page.evaluate(() => window.__latencies.at(-1)));
    taps += 1;
  };
  while (taps < TAPS) {
    // A new citizen: a fresh page load (not measured), then one face and navigation taps.
    await page.goto(kiosk.url);
    await page.waitForSelector('[data-testid="idle"]');
    await page.evaluate(installProbe);
    await tap(`[data-testid="face-${1 + (taps % 3)}"]`, faceTaps);
    for (let i = 0; i < 4 && taps < TAPS; i++) {
      await tap('[data-testid="open-comment"]', navTaps);
      if (taps < TAPS) await tap('[data-testid="comment-done"]', navTaps);
    }
  }
  const all = [...faceTaps, ...navTaps];
  console.log(`tap-to-next-screen latency, Chromium ${browser.version()}, 1366×768, ${TAPS} taps`);
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are only meaningful on an idle machine)`);
  console.log(summary('face → details (save)', faceTaps));
  console.log(summary('navigation taps', navTaps));
  console.log(summary('all taps', all));
  const p95 = percentile(all, 95);
  console.log(`target p95 ≤ 50 ms: ${p95 <= 50 ? 'met' : 'NOT met'}`);
} finally {
  clearTimeout(hardStop);
  await browser.close();
  await kiosk.stop();
}
