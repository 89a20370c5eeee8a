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
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { BADGE_CODE_PATTERN } from '../shared/staff-login';
import { connectAdmin } from '../server/admin-connection';
import { escapeForTerminal } from '../server/terminal-text';
import type { IssuedBadge } from '../server/badges';

export interface BadgeCard {
  staffId: string;
  fullName: string;
  title: string;
  code: string;
}

/** The badges to print: active staff, in the order given; whom it left out, and why. */
export function badgeCards(badges: IssuedBadge[]): { cards: BadgeCard[]; skipped: string[] } {
  const cards: BadgeCard[] = [];
  const skipped: string[] = [];
  for (const badge of badges) {
    if (!badge.active) skipped.push(`${badge.staffId} (inactive)`);
    else if (!BADGE_CODE_PATTERN.test(badge.code)) skipped.push(`${badge.staffId} (badge code not in the badge format)`);
    else cards.push({ staffId: badge.staffId, fullName: badge.fullName, title: badge.title, code: badge.code });
  }
  return { cards, skipped };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function fontFaces(): string {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@fontsource/be-vietnam-pro/package.json')), 'files');
  return ['latin', 'vietnamese']
    .flatMap((subset) =>
      [400, 700].map((weight) => {
        const data = readFileSync(join(dir, `be-vietnam-pro-${subset}-${weight}-normal.woff2`)).toString('base64');
        return `@font-face{font-family:'Be Vietnam Pro';font-weight:${weight};src:url(data:font/woff2;base64,${data}) format('woff2');}`;
      }),
    )
    .join('\n');
}

/** The printable sheet: A4 pages of 2 × 4 badge cards (85.6 × 54 mm is a badge; these are cut-out cards). */
export async function badgeSheetHtml(unitName: string, cards: BadgeCard[]): Promise<string> {
  const cardHtml = await Promise.all(
    cards.map(async (card) => {
      // Upper-case letters, digits and - . / fit QR's alphanumeric mode: a small, robust code.
      const svg = await QRCode.toString(card.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      return `<div class="card"><div class="qr">${svg}</div><div class="who">
        <div class="unit">${escapeHtml(unitName)}</div>
        <div class="name">${escapeHtml(card.fullName)}</div>
        <div class="title">${escapeHtml(card.title)}</div>
        <div class="code">${escapeHtml(card.code)}</div></div></div>`;
    }),
  );
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Thẻ đăng nhập – ${escapeHtml(unitName)}</title>
<style>
${fontFaces()}
@page { size: A4; margin: 10mm; }
@media screen { body { padding: 10mm; } }
body { margin: 0; font-family: 'Be Vietnam Pro', sans-serif; color: #111; background: #fff; }
h1 { font-size: 13pt; margin: 0 0 4mm; }
.grid { display: grid; grid-template-columns: repeat(2, 92mm); grid-auto-rows: 64mm; gap: 4mm; }
.card { border: 0.3mm dashed #888; border-radius: 3mm; display: flex; align-items: center; gap: 3mm; padding: 3mm; break-inside: avoid; }
.qr svg { width: 40mm; height: 40mm; display: block; }
.unit { font-size: 7.5pt; color: #444; }
.name { font-size: 12pt; font-weight: 700; margin-top: 2mm; }
.title { font-size: 8.5pt; margin-top: 1mm; }
.code { font-family: monospace; font-size: 9pt; margin-top: 3mm; letter-spacing: 0.5pt; }
</style></head><body>
<h1>Thẻ đăng nhập kiosk “Nụ cười” – ${escapeHtml(unitName)} (${cards.length})</h1>
<div class="grid">${cardHtml.join('\n')}</div>
</body></html>`;
}

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
