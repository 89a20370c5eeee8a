/**
 * `npm run badges -- --unit <unitId> [--roster roster.json] [--out sheet.pdf|sheet.png|sheet.html]`
 *
 * Prints a sheet of badge QR codes for one unit from the roster HR hands to IT staff (the file
 * with raw `badgeCode`s; kiosks only ever hold hashes). Eight badges per A4 page, each with the
 * QR, the name, the title and the code in plain text. PDF and PNG are rendered by Chromium
 * (CHROMIUM_PATH or --browser, default /usr/bin/chromium; Chrome or Edge on Windows); HTML needs
 * no browser and prints from any. The QR format is in docs/badges.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { normalizeBadgeCode } from '../shared/badge';
import { RosterSchema, type Roster } from '../shared/roster';
import { BADGE_CODE_PATTERN } from '../shared/staff-login';

export interface BadgeCard {
  staffId: string;
  fullName: string;
  title: string;
  code: string;
}

/** The badges to print for a unit: active staff with a badge code, in roster order. */
export function badgeCards(roster: Roster, unitId: string): { cards: BadgeCard[]; skipped: string[] } {
  const cards: BadgeCard[] = [];
  const skipped: string[] = [];
  for (const member of roster.staff.filter((s) => s.unitId === unitId)) {
    const code = member.badgeCode ? normalizeBadgeCode(member.badgeCode) : null;
    if (!member.active) skipped.push(`${member.id} (inactive)`);
    else if (!code) skipped.push(`${member.id} (no badgeCode in this roster file)`);
    else if (!BADGE_CODE_PATTERN.test(code)) skipped.push(`${member.id} (badge code not in the badge format)`);
    else cards.push({ staffId: member.id, fullName: member.fullName, title: member.title, code });
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
      roster: { type: 'string', default: 'assets/demo/roster.json' },
      out: { type: 'string' },
      browser: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.unit) {
    console.error('usage: npm run badges -- --unit <unitId> [--roster roster.json] [--out sheet.pdf|.png|.html] [--browser path]');
    process.exit(values.help ? 0 : 2);
  }
  const roster = RosterSchema.parse(JSON.parse(readFileSync(resolve(values.roster), 'utf8')));
  const unit = roster.units.find((u) => u.id === values.unit);
  if (!unit) {
    console.error(`no unit "${values.unit}" in ${values.roster}; units: ${roster.units.map((u) => u.id).join(', ')}`);
    process.exit(2);
  }
  const { cards, skipped } = badgeCards(roster, unit.id);
  if (cards.length === 0) {
    console.error(`no printable badge for ${unit.id}`);
    process.exit(1);
  }
  const out = resolve(values.out ?? `badges-${unit.id}.pdf`);
  const format = extname(out).toLowerCase();
  if (!['.pdf', '.png', '.html'].includes(format)) {
    console.error('--out must end in .pdf, .png or .html');
    process.exit(2);
  }
  const html = await badgeSheetHtml(unit.name, cards);
  if (format === '.html') writeFileSync(out, html);
  else await render(html, out, values.browser!);
  console.log(`${out}: ${cards.length} badge(s) for ${unit.name}`);
  for (const line of skipped) console.log(`  not printed: ${line}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
