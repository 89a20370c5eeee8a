/**
 * `npm run badges -- --unit <unitId> [--staff <staffId> …] [--out sheet.pdf|sheet.png|sheet.html]`
 * `npm run badges -- --roster <HR file> [--unit <unit>] [--out …]`: the badge codes an HR file
 * carries (JSON, CSV, XLSX, read as the roster import reads them; server/roster-import/badge-sheet.ts),
 * with no server: see fromRosterFile below and docs/badges.md.
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
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeRosterProblem } from '../shared/roster-import';
import { searchKey } from '../shared/text';
import { connectAdmin } from '../server/admin-connection';
import { badgeCards, badgeSheetGroupsHtml, badgeSheetHtml } from '../server/badge-sheet';
import { describeSheetRow, NoStaffTableError, rosterFileBadges, UnknownSheetUnitError } from '../server/roster-import/badge-sheet';
import { RosterFileError } from '../server/roster-import/errors';
import { readRosterFile } from '../server/roster-import/read-file';
import { escapeForTerminal } from '../server/terminal-text';

/** The sheet's making is the server's (the console prints the same sheets); re-exported for this script's users. */
export { badgeCards, badgeSheetGroupsHtml, badgeSheetHtml, type BadgeCard } from '../server/badge-sheet';

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

const USAGE = [
  'usage: npm run badges -- --unit <unitId> [--staff <staffId> …] [--out sheet.pdf|.png|.html] [--browser path]',
  '       npm run badges -- --roster <file.json|.csv|.xlsx> [--unit <unit id or name>] [--out …] [--browser path]',
].join('\n');

/** Writes the sheet: HTML as it is, PDF or PNG through Chromium; readable by its owner only (the codes are secrets). */
async function writeSheet(html: string, out: string, browserPath: string): Promise<void> {
  if (extname(out).toLowerCase() === '.html') writeFileSync(out, html, { mode: 0o600 });
  else {
    await render(html, out, browserPath);
    chmodSync(out, 0o600);
  }
}

/** A file name's safe part: `badges-bg-ttpvhcc.pdf`, `badges-nhan-su-2026.pdf`. */
function fileSlug(text: string): string {
  return searchKey(text).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'sheet';
}

/** Vietnamese first, then English, each line safe for a terminal. */
function tell(vi: string, en: string, stream: 'log' | 'error' = 'error'): void {
  console[stream](escapeForTerminal(vi));
  console[stream](escapeForTerminal(`  ${en}`));
}

/**
 * `--roster <file>`: the badges an HR file carries (server/roster-import/badge-sheet.ts), one sheet
 * with a section per unit, or only `--unit`'s. Exit code 0 when every active row printed, 1 when
 * a row is refused or has no code (the sheet still holds the rest) or nothing is printed, 2 when
 * the file cannot be read (its type, its headers, no staff table) or `--unit` is not in it.
 */
async function fromRosterFile(path: string, unit: string | undefined, outOption: string | undefined, browserPath: string): Promise<number> {
  let file;
  try {
    file = await readRosterFile(basename(path), await readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new RosterFileError({ code: 'file_unreadable', params: { detail: error.code ?? 'error' } });
    }));
  } catch (error) {
    if (!(error instanceof RosterFileError)) throw error;
    tell(`${basename(path)}: ${describeRosterProblem(error.problem, 'vi')}`, `${basename(path)}: ${describeRosterProblem(error.problem, 'en')}`);
    return 2;
  }
  let badges;
  try {
    badges = rosterFileBadges(file, unit);
  } catch (error) {
    if (error instanceof NoStaffTableError) {
      tell(`${basename(path)}: tệp không có bảng cán bộ (cần các cột “Họ và tên” và “Đơn vị”).`, `${basename(path)}: the file has no staff table (columns “Họ và tên” and “Đơn vị” are needed).`);
      return 2;
    }
    if (error instanceof UnknownSheetUnitError) {
      const known = error.known.map((u) => (u.id === u.name ? u.id : `${u.id} (${u.name})`)).join(', ');
      tell(`Tệp không có cán bộ nào của đơn vị “${error.unit}”. Các đơn vị trong tệp: ${known}.`, `The file has no staff of unit “${error.unit}”. Units in the file: ${known}.`);
      return 2;
    }
    throw error;
  }
  const cards = badges.units.reduce((sum, u) => sum + u.cards.length, 0);
  const problems = badges.notPrinted.filter((row) => row.reason !== 'inactive');
  if (badges.notPrinted.length > 0) {
    console.error(escapeForTerminal(`Không in (${badges.notPrinted.length}) / not printed:`));
    for (const row of badges.notPrinted) {
      console.error(escapeForTerminal(`  ${describeSheetRow(row, 'vi')}`));
      console.error(escapeForTerminal(`    ${describeSheetRow(row, 'en')}`));
    }
  }
  if (cards === 0) {
    tell('Không có thẻ nào để in.', 'No badge to print.');
    return 1;
  }
  const out = resolve(outOption ?? `badges-${fileSlug(unit ?? basename(path, extname(path)))}.pdf`);
  await writeSheet(await badgeSheetGroupsHtml(badges.units.map((u) => ({ unitName: u.name, cards: u.cards }))), out, browserPath);
  const names = badges.units.map((u) => u.name).join(', ');
  tell(
    `${out}: ${cards} thẻ của ${names}. Tệp chứa mã thẻ (bí mật): in, phát thẻ, rồi xoá tệp.`,
    `${out}: ${cards} badge(s) for ${names}; the codes are secrets: print, hand out, then delete the file.`,
    'log',
  );
  if (badges.oldFormat > 0) {
    tell(
      `${badges.oldFormat} thẻ mang số thẻ kiểu cũ của tệp: kiosk chỉ nhận đến hết thời hạn chuyển đổi (npm run admin -- old-badges-until).`,
      `${badges.oldFormat} badge(s) carry the file’s old-format codes: kiosks take them only until the migration window ends (npm run admin -- old-badges-until).`,
      'log',
    );
  }
  if (badges.issued > 0) {
    tell(
      `${badges.issued} thẻ mang mã NC-… lấy từ tệp: nếu thẻ đã được cấp lại, mã này không còn dùng được — in từ máy chủ bằng --unit.`,
      `${badges.issued} badge(s) carry NC-… codes taken from the file: a badge reissued since no longer works — print from the server with --unit.`,
      'log',
    );
  }
  return problems.length > 0 ? 1 : 0;
}

/** The command with its arguments (as after `npm run badges --`): prints what it did and answers its exit code. */
export async function runBadgeSheet(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      staff: { type: 'string', multiple: true },
      roster: { type: 'string' },
      out: { type: 'string' },
      browser: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.unit && !values.roster) || (values.roster && values.staff)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.out !== undefined && !['.pdf', '.png', '.html'].includes(extname(values.out).toLowerCase())) {
    console.error('--out must end in .pdf, .png or .html');
    return 2;
  }
  if (values.roster) return fromRosterFile(values.roster, values.unit, values.out, values.browser!);
  const unitId = values.unit!;
  const out = resolve(values.out ?? `badges-${unitId}.pdf`);
  const { admin, close } = await connectAdmin();
  let sheet: Awaited<ReturnType<typeof admin.currentBadges>>;
  try {
    sheet = await admin.currentBadges(unitId, values.staff ?? null);
  } finally {
    await close();
  }
  const { cards, skipped } = badgeCards(sheet.badges);
  if (cards.length === 0) {
    console.error(`no printable badge for ${unitId}`);
    return 1;
  }
  await writeSheet(await badgeSheetHtml(sheet.unitName, cards), out, values.browser!);
  console.log(escapeForTerminal(`${out}: ${cards.length} badge(s) for ${sheet.unitName}; the codes are secrets: print, hand out, then delete the file`));
  for (const line of skipped) console.log(escapeForTerminal(`  not printed: ${line}`));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  runBadgeSheet(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
