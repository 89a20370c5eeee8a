/**
 * The printable sheet of badges (docs/badges.md "Badge sheets"): eight cards per A4 page, each
 * with the QR, the unit, the name, the title and the code in plain text, fonts inline so that it
 * prints with no network. `npm run badges` (scripts/badge-sheet.ts) and the console's badge
 * sheets (server/console/routes/badges.ts) make the same sheet from the codes the server derives.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import { BADGE_CODE_PATTERN } from '../shared/staff-login';
import type { IssuedBadge } from './badges';

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
  return badgeSheetGroupsHtml([{ unitName, cards }]);
}

/**
 * One sheet for several units (`npm run badges -- --roster <file>` without `--unit`): each unit
 * under its own heading, starting on a new page, so that each unit's pages can be handed to it.
 */
export async function badgeSheetGroupsHtml(groups: { unitName: string; cards: BadgeCard[] }[]): Promise<string> {
  const sections = await Promise.all(
    groups.map(async ({ unitName, cards }) => {
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
      return `<section class="unit-sheet">
<h1>Thẻ đăng nhập kiosk “Nụ cười” – ${escapeHtml(unitName)} (${cards.length})</h1>
<div class="grid">${cardHtml.join('\n')}</div>
</section>`;
    }),
  );
  const title = groups.length === 1 ? groups[0]!.unitName : `${groups.length} đơn vị`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Thẻ đăng nhập – ${escapeHtml(title)}</title>
<style>
${fontFaces()}
@page { size: A4; margin: 10mm; }
@media screen { body { padding: 10mm; } }
body { margin: 0; font-family: 'Be Vietnam Pro', sans-serif; color: #111; background: #fff; }
h1 { font-size: 13pt; margin: 0 0 4mm; }
.unit-sheet + .unit-sheet { break-before: page; }
@media screen { .unit-sheet + .unit-sheet { margin-top: 10mm; } }
.grid { display: grid; grid-template-columns: repeat(2, 92mm); grid-auto-rows: 64mm; gap: 4mm; }
.card { border: 0.3mm dashed #888; border-radius: 3mm; display: flex; align-items: center; gap: 3mm; padding: 3mm; break-inside: avoid; }
.qr svg { width: 40mm; height: 40mm; display: block; }
.unit { font-size: 7.5pt; color: #444; }
.name { font-size: 12pt; font-weight: 700; margin-top: 2mm; }
.title { font-size: 8.5pt; margin-top: 1mm; }
.code { font-family: monospace; font-size: 9pt; margin-top: 3mm; letter-spacing: 0.5pt; }
</style></head><body>
${sections.join('\n')}
</body></html>`;
}
