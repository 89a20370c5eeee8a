/**
 * HTML to PDF through Debian's Chromium (playwright-core drives it; no browser is ever
 * downloaded): the same browser the tests and `npm run badges` use. Chromium lays out Vietnamese
 * with HarfBuzz, takes the font's unicode-range subsets as one font, repeats table headers on
 * every page and numbers pages from CSS, and embeds the subset of the font it used.
 *
 * One browser prints every PDF, each in a context of its own, at most two at a time (a report's
 * PDF takes seconds of CPU on a two-core server), every step bounded in time. The browser is kept
 * for a short while after the last PDF — the monthly sends and a reviewer's downloads come in
 * runs, and its start and stop cost more than a second each on a busy server — then closed (its
 * process also ends with the server's). A browser that crashed or a PDF that ran out of time is
 * let go; the next PDF starts a new one.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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

/** How long the browser is kept after the last PDF. */
export const BROWSER_IDLE_MS = 30_000;

interface SharedBrowser {
  browser: Promise<Browser>;
  users: number;
  idle: NodeJS.Timeout | undefined;
}

let shared: SharedBrowser | null = null;

function forget(entry: SharedBrowser): void {
  if (shared === entry) shared = null;
  clearTimeout(entry.idle);
  void entry.browser.then((browser) => browser.close()).catch(() => undefined);
}

/** The running browser, or a new one; the caller holds it until `release`. */
async function acquire(timeout: number): Promise<SharedBrowser> {
  if (shared === null) {
    const entry: SharedBrowser = { browser: chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout }), users: 0, idle: undefined };
    shared = entry;
    entry.browser.then(
      (browser) => browser.on('disconnected', () => shared === entry && (shared = null)),
      () => shared === entry && (shared = null),
    );
  }
  const entry = shared;
  clearTimeout(entry.idle);
  entry.users += 1;
  try {
    const browser = await entry.browser;
    if (!browser.isConnected()) throw new Error('the browser closed');
    return entry;
  } catch (error) {
    entry.users -= 1;
    forget(entry);
    throw new PdfUnavailableError((error as Error).message.split('\n')[0]!.slice(0, 200));
  }
}

function release(entry: SharedBrowser): void {
  entry.users -= 1;
  if (entry.users > 0 || shared !== entry) return;
  entry.idle = setTimeout(() => entry.users === 0 && forget(entry), BROWSER_IDLE_MS);
  entry.idle.unref();
}

/** Prints a self-contained HTML document (no network: fonts and images inline) to an A4 PDF. */
export function printPdf(html: string, options: { timeoutMs?: number } = {}): Promise<Buffer> {
  const timeout = options.timeoutMs ?? PDF_TIMEOUT_MS;
  return slot(async () => {
    const deadline = Date.now() + timeout;
    const left = () => Math.max(1_000, deadline - Date.now());
    const entry = await acquire(left());
    const browser = await entry.browser;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new HttpError(504, 'pdf_timeout', `the PDF took longer than ${Math.round(timeout / 1000)} s`));
      }, left());
    });
    let context: BrowserContext | undefined;
    const render = async () => {
      context = await browser.newContext({ offline: true });
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
      await context?.close().catch(() => undefined);
      // A page that ran out of time may have left the browser busy: the next PDF gets a fresh one.
      if (timedOut) forget(entry);
      release(entry);
    }
  });
}
