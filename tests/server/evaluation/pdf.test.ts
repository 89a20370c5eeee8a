import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PdfUnavailableError, printPdf } from '../../../server/evaluation/pdf';

const PAGE = '<!doctype html><html><body><h1>Báo cáo đánh giá</h1></body></html>';
const isPdf = (bytes: Buffer) => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

describe('printing PDFs through Chromium', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('PDFs made one after another are printed by the browser already running, not one browser each', async () => {
    const launch = vi.spyOn(chromium, 'launch');
    const first = await printPdf(PAGE);
    const [second, third] = await Promise.all([printPdf(PAGE), printPdf(PAGE)]);
    expect([first, second, third].every(isPdf)).toBe(true);
    expect(launch.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('a page that never finishes is cut off by the time limit, and the next PDF is printed by a fresh browser', async () => {
    const hang = '<!doctype html><html><body><script>for (;;) {}</script></body></html>';
    await expect(printPdf(hang, { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'pdf_timeout' });
    const launch = vi.spyOn(chromium, 'launch');
    expect(isPdf(await printPdf(PAGE))).toBe(true);
    expect(launch).toHaveBeenCalledTimes(1);
  });

  it('a server without the browser says so, and prints again once it is there', async () => {
    // Let the running browser go first: the next PDF must start one.
    await expect(printPdf('<!doctype html><script>for (;;) {}</script>', { timeoutMs: 1_500 })).rejects.toMatchObject({ code: 'pdf_timeout' });
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent/chromium');
    await expect(printPdf(PAGE)).rejects.toBeInstanceOf(PdfUnavailableError);
    vi.unstubAllEnvs();
    expect(isPdf(await printPdf(PAGE))).toBe(true);
  });
});
