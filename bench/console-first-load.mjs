// The console's first load to interactive in Chromium (target ≤ 1.5 s here), cold (a fresh
// browser context: no cache), against the seeded console of the end-to-end tests on 127.0.0.1:
//  - the sign-in page: from navigation to the sign-in form ready for typing;
//  - a signed-in user opening the province overview: to its figures shown, and to its chart drawn.
// RUNS times each (default 7); the median and the worst are printed with the machine's load.
//
//   node scripts/build.mjs console && node bench/console-first-load.mjs   (or: npm run bench -- console-first)
import { loadavg } from 'node:os';
import { register } from 'tsx/esm/api';

const RUNS = Number(process.env.RUNS ?? 7);
register();
const { launchChromium } = await import('../tests/e2e/harness.ts');
const { startConsoleSite, signIn } = await import('../tests/e2e/console/harness.ts');

const hardStop = setTimeout(() => {
  console.error('console first load: gave up after 4 minutes');
  process.exit(1);
}, 240_000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const line = (name, values) => `${name.padEnd(44)} median ${median(values).toFixed(0).padStart(5)} ms, worst ${Math.max(...values).toFixed(0).padStart(5)} ms (${values.length} runs)`;

const [browser, site] = await Promise.all([launchChromium(), startConsoleSite()]);
try {
  // A session to reuse: the cookie of one sign-in, put into each fresh context.
  const signedIn = await browser.newContext();
  const first = await signedIn.newPage();
  await signIn(first, site, 'so.noivu');
  const cookies = await signedIn.cookies();
  await signedIn.close();

  const signInPage = [];
  const figures = [];
  const chart = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    let started = performance.now();
    await page.goto(`${site.url}/`, { waitUntil: 'commit' });
    await page.locator('[data-testid="sign-in-login"]:enabled').waitFor({ timeout: 15_000 });
    signInPage.push(performance.now() - started);
    await context.close();

    const user = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await user.addCookies(cookies);
    const overview = await user.newPage();
    started = performance.now();
    await overview.goto(`${site.url}/reports/province?from=2026-01-01&to=2026-12-31&kind=year`, { waitUntil: 'commit' });
    await overview.getByTestId('total-ratings').waitFor({ timeout: 15_000 });
    figures.push(performance.now() - started);
    await overview.locator('[data-testid="trend-chart"] svg').waitFor({ timeout: 15_000 });
    chart.push(performance.now() - started);
    await user.close();
  }
  console.log(`console first load, cold (no cache), Chromium ${browser.version()}, ${site.seeded.ratings} ratings seeded`);
  console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are only meaningful on an idle machine)`);
  console.log(line('sign-in page ready for typing', signInPage));
  console.log(line('province overview: figures shown', figures));
  console.log(line('province overview: chart drawn', chart));
  const worstMedian = Math.max(median(signInPage), median(figures));
  console.log(`target interactive ≤ 1500 ms: ${worstMedian <= 1500 ? 'met' : 'NOT met'}`);
} finally {
  clearTimeout(hardStop);
  await browser.close();
  await site.close();
}
