/**
 * End-to-end harness: the real web host (built) as a child process on 127.0.0.1 with its own
 * data folder, and Debian's Chromium driven by playwright-core. Never downloads a browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** This file's folder (the package is ESM: no __dirname outside vitest). */
const HERE = dirname(fileURLToPath(import.meta.url));

export const ROOT = resolve(HERE, '../..');
export const WEB_HOST_ENTRY = join(ROOT, 'dist/web-host/main.js');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function requireBuild(): void {
  if (!existsSync(WEB_HOST_ENTRY)) {
    throw new Error(`${WEB_HOST_ENTRY} is missing: run \`npm run build\` first (npm test does it)`);
  }
}

export interface RunningKiosk {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Output so far, for diagnosing a failed test. */
  output: () => string;
  /** Stops the host: SIGTERM for a clean stop, SIGKILL to simulate a crash or power cut. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export function tempDataDir(prefix = 'kiosk-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts `node dist/web-host/main.js` on a free port and resolves once it prints its URL. */
export async function startWebKiosk(
  options: { dataDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<RunningKiosk> {
  requireBuild();
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, [WEB_HOST_ENTRY], {
    cwd: ROOT,
    env: { ...process.env, KIOSK_PORT: String(options.port ?? 0), KIOSK_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in 15 s:\n${output}`)), 15_000);
    const onData = () => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with code ${code} before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    dataDir,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/** Calls a KioskApi method on a running web host, as the renderer's adapter does. */
export async function callKiosk<T = unknown>(kiosk: { url: string }, method: string, payload?: unknown): Promise<T> {
  const response = await fetch(`${kiosk.url}api/kiosk/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: payload === undefined ? '' : JSON.stringify(payload),
  });
  return (await response.json()) as T;
}

/**
 * Installs Playwright's clock in the page, before it loads (for runClockUntil), keeping events'
 * own times: the clock would otherwise stamp each event with the moment a handler first reads it,
 * so a loaded machine could bunch a person's keys into a scanner's burst, or spread a burst out.
 */
export async function installClock(page: Page): Promise<void> {
  const context = page.context();
  await context.addInitScript(() => {
    const own = Object.getOwnPropertyDescriptor(Event.prototype, 'timeStamp');
    if (own) Object.defineProperty(window, '__eventTimeStamp', { value: own });
  });
  await page.clock.install();
  await context.addInitScript(() => {
    const own = (window as unknown as { __eventTimeStamp?: PropertyDescriptor }).__eventTimeStamp;
    if (own) Object.defineProperty(Event.prototype, 'timeStamp', own);
  });
}

const ENTER = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' };

/**
 * Types `text` (then Enter) with the keys' event times exactly `gapMs` apart as the page sees
 * them: each key is sent on time when the machine allows, and its time is handed to Chromium
 * (DevTools protocol) rather than taken when it arrives, so a loaded machine cannot stretch a
 * scanner's burst into a person's typing. 10 ms is a keyboard-wedge scanner; 90 ms is a person.
 */
export async function typeTimedKeys(page: Page, text: string, gapMs: number, { enter = true } = {}): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    const keys: { key: string; text: string; code?: string; windowsVirtualKeyCode?: number }[] = [...text].map((char) => ({ key: char, text: char }));
    if (enter) keys.push(ENTER);
    const start = Date.now();
    for (const [index, key] of keys.entries()) {
      const at = start + index * gapMs;
      if (at > Date.now()) await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
      await session.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, timestamp: at / 1000 });
      const { text: _typed, ...up } = key;
      await session.send('Input.dispatchKeyEvent', { type: 'keyUp', ...up, timestamp: (at + 1) / 1000 });
    }
  } finally {
    await session.detach();
  }
}

/**
 * Runs the page's clock forward, a step at a time, until `selector` shows (or `done` holds): the
 * kiosk's own timers (the thank-you's few seconds, the idle timeout, staff notices) then fire at
 * once instead of being waited for, and the test still sees what the citizen would. The page needs
 * Playwright's clock, installed before it loaded (`installClock`); time also flows by
 * itself as usual. Fails when nothing changed after `maxMs` of the page's time.
 */
export async function runClockUntil(
  page: Page,
  until: string | { done: () => Promise<boolean>; what: string },
  maxMs = 20_000,
  stepMs = 500,
): Promise<void> {
  const { done, what } = typeof until === 'string' ? { done: () => page.locator(until).first().isVisible(), what: `${until} shown` } : until;
  for (let ran = 0; !(await done()); ran += stepMs) {
    if (ran >= maxMs) throw new Error(`not ${what} within ${maxMs} ms of the page's time`);
    await page.clock.fastForward(stepMs);
    // One frame, for what the timers changed to be on screen.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
}
