/**
 * HTML to PDF through Debian's Chromium (playwright-core drives it; no browser is ever
 * downloaded): the same browser the tests and `npm run badges` use. Chromium lays out Vietnamese
 * with HarfBuzz, takes the font's unicode-range subsets as one font, repeats table headers on
 * every page and numbers pages from CSS, and embeds the subset of the font it used.
 *
 * Each PDF is printed by its own short-lived browser, at most two at a time (a report's PDF
 * takes a second or two of CPU on a two-core server), every step bounded in time.
 */
import { chromium } from 'playwright-core';
import { HttpError } from '../errors';

/** The browser: CHROMIUM_PATH, or Debian's /usr/bin/chromium (apt-get install chromium). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Longest a PDF may take, from starting the browser to the last byte. */
export const PDF_TIMEOUT_MS = 60_000;
const MAX_PRINTING = 2;

let printing = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (printing >= MAX_PRINTING) await new Promise<void>((resolve) => waiting.push(resolve));
  printing += 1;
  try {
    return await work();
  } finally {
    printing -= 1;
    waiting.shift()?.();
  }
}

/** Chromium could not be started: the server lacks it (503, the console says so in the user's language). */
export class PdfUnavailableError extends HttpError {
  constructor(detail: string) {
    super(503, 'pdf_unavailable', `the PDF could not be made: Chromium did not start (${detail}); install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
}

/** Prints a self-contained HTML document (no network: fonts and images inline) to an A4 PDF. */
export function printPdf(html: string, options: { timeoutMs?: number } = {}): Promise<Buffer> {
  const timeout = options.timeoutMs ?? PDF_TIMEOUT_MS;
  return slot(async () => {
    const deadline = Date.now() + timeout;
    const left = () => Math.max(1_000, deadline - Date.now());
    let browser;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: left() });
    } catch (error) {
      throw new PdfUnavailableError((error as Error).message.split('\n')[0]!.slice(0, 200));
    }
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new HttpError(504, 'pdf_timeout', `the PDF took longer than ${Math.round(timeout / 1000)} s`)), left());
    });
    const render = async () => {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      page.setDefaultTimeout(left());
      await page.setContent(html, { waitUntil: 'load' });
      // Fonts are data URLs: they are decoded once text asks for them, before printing.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    };
    try {
      return await Promise.race([render(), expired]);
    } finally {
      clearTimeout(timer);
      await browser.close().catch(() => undefined);
    }
  });
}
