/**
 * `npm run badges -- --unit <unitId> [--staff <staffId> …] [--out sheet.pdf|sheet.png|sheet.html]`
 *
 * Prints a sheet of badges for one unit (or for the officers named, e.g. after a reissue) with
 * their current codes, which the provincial server derives (server/badges.ts; kiosks only ever
 * hold keyed hashes). It reads the server's database as the admin CLI does (DATABASE_URL or
 * DATA_DIR; a running PGlite server is asked on loopback). Eight badges per A4 page, each with
 * the QR, the name, the title and the code in plain text. PDF and PNG are rendered by Chromium
 * (CHROMIUM_PATH or --browser, default /usr/bin/chromium; Chrome or Edge on Windows); HTML needs
 * no browser and prints from any. The QR format is in docs/badges.md.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectAdmin } from '../server/admin-connection';
import { badgeCards, badgeSheetHtml } from '../server/badge-sheet';
import { escapeForTerminal } from '../server/terminal-text';

/** The sheet's making is the server's (the console prints the same sheets); re-exported for this script's users. */
export { badgeCards, badgeSheetHtml, type BadgeCard } from '../server/badge-sheet';

async function render(html: string, out: string, browserPath: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } }); // A4 at 96 dpi
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    if (extname(out).toLowerCase() === '.pdf') await page.pdf({ path: out, format: 'A4', printBackground: true, preferCSSPageSize: true });
    else await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      unit: { type: 'string' },
      staff: { type: 'string', multiple: true },
      out: { type: 'string' },
      browser: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.unit) {
    console.error('usage: npm run badges -- --unit <unitId> [--staff <staffId> …] [--out sheet.pdf|.png|.html] [--browser path]');
    process.exit(values.help ? 0 : 2);
  }
  const out = resolve(values.out ?? `badges-${values.unit}.pdf`);
  const format = extname(out).toLowerCase();
  if (!['.pdf', '.png', '.html'].includes(format)) {
    console.error('--out must end in .pdf, .png or .html');
    process.exit(2);
  }
  const { admin, close } = await connectAdmin();
  let sheet: Awaited<ReturnType<typeof admin.currentBadges>>;
  try {
    sheet = await admin.currentBadges(values.unit, values.staff ?? null);
  } finally {
    await close();
  }
  const { cards, skipped } = badgeCards(sheet.badges);
  if (cards.length === 0) {
    console.error(`no printable badge for ${values.unit}`);
    process.exit(1);
  }
  const html = await badgeSheetHtml(sheet.unitName, cards);
  if (format === '.html') writeFileSync(out, html, { mode: 0o600 });
  else {
    await render(html, out, values.browser!);
    chmodSync(out, 0o600);
  }
  console.log(escapeForTerminal(`${out}: ${cards.length} badge(s) for ${sheet.unitName}; the codes are secrets: print, hand out, then delete the file`));
  for (const line of skipped) console.log(escapeForTerminal(`  not printed: ${line}`));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
