import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../server/console/accounts';
import { openDatabase } from '../../../server/db/connect';
import { subscribe } from '../../../server/mail/monthly-reports';
import { writeRelay } from '../../../server/mail/relay';
import { importRoster } from '../../../server/roster';
import fixture from '../../fixtures/roster.json';
import { addKiosk, ingest, makeRating } from '../reports/ratings';
import { startSmtpServer } from './smtp';
import { SecretKeyRing } from '../../../server/secret-keys';

const FIRST = 'truong.lucngan@bacgiang.gov.vn';
const SECOND = 'truong.phuongson@bacgiang.gov.vn';
const MONDAY = Date.UTC(2026, 10, 2, 2, 0, 0);

/** Starts the schedule's process; `waitFor` waits, bounded, until its output passes a test. */
function startSchedule(dataDir: string, now: number): { child: ChildProcess; output: () => string; waitFor(test: (output: string) => boolean, ms: number): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/mail/schedule-process.ts'], { env: { ...process.env, DATA_DIR: dataDir, NOW: String(now) }, stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return {
    child,
    output: () => output,
    waitFor: (test, ms) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (test(output)) {
            clearInterval(timer);
            resolve();
          } else if (Date.now() - started > ms || child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`gave up waiting after ${Date.now() - started} ms: ${output.slice(-2000)}`));
          }
        }, 100);
      }),
  };
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve)));

// PGlite in a folder that a killed process left behind: this is the embedded server's own case.
describe('monthly reports across a crash (pglite on disk)', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nucuoi-mail-restart-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a server killed in the middle of the month’s sends sends no second copy after its restart, and shows what it cannot know', async () => {
    const smtp = await startSmtpServer();
    try {
      const setupAt = Date.UTC(2026, 9, 15, 2, 0, 0);
      const opened = await openDatabase({ dataDir: dir });
      await importRoster(opened.db, fixture);
      const kiosk = await addKiosk(opened.db, 'ln-q01', setupAt);
      await ingest(opened.db, kiosk, Array.from({ length: 12 }, (_, i) => makeRating(kiosk, Date.UTC(2026, 9, 1 + i, 3))), setupAt);
      await writeRelay(opened.db, SecretKeyRing.development(), { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, password: null, fromAddress: 'bao-cao@bacgiang.gov.vn' }, setupAt);
      for (const [login, unitId, email, at] of [
        ['truong.lucngan', 'bg-ln-motcua', FIRST, setupAt],
        ['truong.phuongson', 'bg-ln-phuongson', SECOND, setupAt + 1],
      ] as const) {
        const account = await createAccount(opened.db, { login, displayName: login, role: 'unit_head', unitId, password: 'mật khẩu đủ dài 2026', maySeePersonalData: false }, at);
        await subscribe(opened.db, account.id, email, at);
      }
      await opened.close();

      // The first subscriber's report is accepted; the relay then hangs on the second one's data.
      smtp.behave('hang', SECOND);
      const first = startSchedule(dir, MONDAY);
      children.push(first.child);
      await first.waitFor(() => smtp.received.length === 1 && smtp.attempts.some((to) => to.includes(SECOND)), 120_000);
      first.child.kill('SIGKILL');
      await exited(first.child);

      // Back twenty minutes later, the relay healthy: a few passes of the schedule.
      smtp.behave('accept');
      const second = startSchedule(dir, MONDAY + 20 * 60_000);
      children.push(second.child);
      await second.waitFor((output) => output.split('\n').filter((line) => line.startsWith('{')).length >= 3, 120_000);
      second.child.kill('SIGTERM');
      await exited(second.child);
      expect(second.output()).toContain('"markedUncertain":1');

      expect(smtp.received.map((m) => m.to.join())).toEqual([FIRST]);
      const reopened = await openDatabase({ dataDir: dir });
      try {
        const sends = await reopened.db.selectFrom('monthly_report_sends').select(['email', 'month', 'status', 'attempts', 'last_error']).orderBy('email').execute();
        expect(sends).toEqual([
          { email: FIRST, month: '2026-10', status: 'sent', attempts: 1, last_error: null },
          { email: SECOND, month: '2026-10', status: 'uncertain', attempts: 1, last_error: expect.stringContaining('not resent by itself') },
        ]);
      } finally {
        await reopened.close();
      }
    } finally {
      await smtp.close();
    }
  });
});
