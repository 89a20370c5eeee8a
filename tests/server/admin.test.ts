/**
 * `npm run admin -- report`, `ranking`, `add-user` and `seed-synthetic` on the test backend's
 * database, checked against the ratings table and the console's own sign-in: as the processes they
 * are (server/admin.ts) where the process matters (standard input, exit codes, what a process
 * prints), the many report and ranking variants in this process (runAdminCommand): a process costs
 * seconds of start on a loaded machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERIA_KEYS } from '../../shared/criteria';
import { openDatabase, type OpenedDatabase } from '../../server/db/connect';
import { verifyPassword } from '../../server/console/passwords';
import { importRoster } from '../../server/roster';
import fixture from '../fixtures/roster.json';
import { runAdminHere } from './admin-command';
import { backend, freshPostgresDatabase } from './helpers';
import { addKiosk, answers, ingest, makeRating } from './reports/ratings';

const HOUR = 3_600_000;
const vietnamDay = (utcMs: number) => new Date(utcMs + 7 * HOUR).toISOString().slice(0, 10);

interface Row {
  unit_id: string;
  counter_id: string;
  staff_id: string | null;
  corrected_at: number;
  score: number;
  criteria: string;
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\r\n').map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

function expectedLine(rows: Row[]) {
  const very = rows.filter((r) => r.score === 3).length;
  const satisfied = rows.filter((r) => r.score === 2).length;
  const pct = rows.length >= 5 ? (Math.round(((very + satisfied) / rows.length) * 1000) / 10).toFixed(1) : '';
  return {
    ratings: String(rows.length),
    very_satisfied: String(very),
    satisfied: String(satisfied),
    not_satisfied: String(rows.filter((r) => r.score === 1).length),
    satisfaction_pct: pct,
  };
}

// Processes start slowly on a loaded 2-core machine: generous, still bounded, time limits.
describe(`admin command line: report, ranking, add-user, seed-synthetic (${backend})`, { timeout: 240_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let database: { url: string; drop(): Promise<void> } | null = null;
  let stored: Row[];

  const open = (): Promise<OpenedDatabase> => openDatabase(database ? { databaseUrl: database.url } : { dataDir: env.DATA_DIR });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-admin-'));
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    env = { ...rest, DATA_DIR: join(dir, 'data') };
    if (backend === 'postgres') {
      database = await freshPostgresDatabase();
      env.DATABASE_URL = database.url;
    }
    const opened = await open();
    try {
      await importRoster(opened.db, fixture);
      const now = Date.UTC(2026, 2, 5);
      let n = 0;
      for (const counter of fixture.counters) {
        const kiosk = await addKiosk(opened.db, counter.id, now);
        const staff = fixture.staff.filter((s) => s.unitId === counter.unitId && s.active);
        const ratings = [];
        // Every 7 hours from 25 January to 4 March: both sides of month ends, at every hour of the Vietnam day.
        for (let at = Date.UTC(2026, 0, 25); at < Date.UTC(2026, 2, 4); at += 7 * HOUR + n * 60_000, n++) {
          ratings.push(
            makeRating(kiosk, at, {
              staffId: n % 6 === 0 ? null : staff[n % staff.length]!.id,
              score: ([3, 3, 2, 1, 3, 2, 3] as const)[n % 7]!,
              criteria: answers(Object.fromEntries(CRITERIA_KEYS.map((key, i) => [key, [true, false, null][(n + i) % 3]!]))),
            }),
          );
        }
        for (let i = 0; i < ratings.length; i += 200) await ingest(opened.db, kiosk, ratings.slice(i, i + 200), now);
      }
      stored = await opened.db.selectFrom('ratings').select(['unit_id', 'counter_id', 'staff_id', 'corrected_at', 'score', 'criteria']).execute();
    } finally {
      await opened.close();
    }
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function admin(args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], { env: { ...env, ...extraEnv }, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(input ?? '');
    });
  }

  /** A command in this process (the many report and ranking variants; see admin-command.ts). */
  const command = (args: string[], input?: string) => runAdminHere(args, env, input);

  const february = (rows: Row[]) => rows.filter((r) => vietnamDay(r.corrected_at) >= '2026-02-01' && vietnamDay(r.corrected_at) <= '2026-02-28');

  it('prints one CSV line per unit of the province, each with its own ratings, as counted from the ratings table', async () => {
    const { code, stdout, stderr } = await admin(['report', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'unit', '--format', 'csv']);
    expect(code, stderr).toBe(0);
    expect(stdout.split('\r\n')[0]).toBe('key,name,ratings,very_satisfied,satisfied,not_satisfied,satisfaction_pct,parent_id');
    const lines = parseCsv(stdout);
    expect(lines.map((l) => l.key)).toEqual(['bg-ln-motcua', 'bg-ln-phuongson', 'bg-ttpvhcc']);
    for (const line of lines) expect(line, line.key).toMatchObject({ ...expectedLine(february(stored).filter((r) => r.unit_id === line.key)) });
    expect(lines.find((l) => l.key === 'bg-ln-phuongson')).toMatchObject({ name: 'Bộ phận Một cửa UBND xã Phượng Sơn', parent_id: 'bg-ln-motcua' });
  });

  it('--unit takes the units under it too; by counter, officer and month the rows add up to the same total', async () => {
    const district = february(stored).filter((r) => ['bg-ln-motcua', 'bg-ln-phuongson'].includes(r.unit_id));
    const counters = parseCsv((await command(['report', '--from', '2026-02-01', '--to', '2026-02-28', '--unit', 'bg-ln-motcua', '--by', 'counter'])).stdout);
    expect(counters.map((l) => l.key).sort()).toEqual(['ln-q01', 'ln-q05', 'ps-q01']);
    for (const line of counters) expect(line, line.key).toMatchObject(expectedLine(district.filter((r) => r.counter_id === line.key)));

    const staff = parseCsv((await command(['report', '--from', '2026-02-01', '--to', '2026-02-28', '--unit', 'bg-ln-motcua', '--by', 'staff'])).stdout);
    for (const line of staff) expect(line, line.key).toMatchObject(expectedLine(district.filter((r) => (r.staff_id ?? '') === line.key)));
    expect(staff.at(-1)).toMatchObject({ key: '', name: '(không có cán bộ đăng nhập)' });
    expect(staff.reduce((sum, l) => sum + Number(l.ratings), 0)).toBe(district.length);

    const months = parseCsv((await command(['report', '--from', '2026-01-31', '--to', '2026-03-01', '--unit', 'bg-ln-motcua', '--by', 'month'])).stdout);
    expect(months.map((l) => [l.key, l.name])).toEqual([['2026-01', 'Tháng 01/2026'], ['2026-02', 'Tháng 02/2026'], ['2026-03', 'Tháng 03/2026']]);
    const ofDistrict = stored.filter((r) => ['bg-ln-motcua', 'bg-ln-phuongson'].includes(r.unit_id));
    expect(months[0]).toMatchObject(expectedLine(ofDistrict.filter((r) => vietnamDay(r.corrected_at) === '2026-01-31')));
    expect(months[2]).toMatchObject(expectedLine(ofDistrict.filter((r) => vietnamDay(r.corrected_at) === '2026-03-01')));
  });

  it('by criterion: the eight behaviours with their Vietnamese names, yes among those who answered; --out writes a file Excel opens', async () => {
    const file = join(dir, 'hanh-vi.csv');
    const { code, stderr } = await command(['report', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'criterion', '--out', file]);
    expect(code, stderr).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(bytes.toString('utf8').slice(1));
    expect(lines.map((l) => l.key)).toEqual([...CRITERIA_KEYS]);
    expect(lines[0]!.name).toBe('Xin chào');
    expect(lines[7]!.name).toBe('Luôn giúp đỡ');
    for (const line of lines) {
      const given = february(stored).map((r) => (JSON.parse(r.criteria) as Record<string, boolean | null>)[line.key!]);
      const yes = given.filter((a) => a === true).length;
      const answered = yes + given.filter((a) => a === false).length;
      expect(line).toEqual({ key: line.key, name: line.name, answered: String(answered), yes: String(yes), yes_pct: (Math.round((yes / answered) * 1000) / 10).toFixed(1) });
    }
  });

  it('refuses absurd periods, unknown units and unknown groupings with a clear message', async () => {
    const cases: [string[], number, RegExp][] = [
      [['report', '--from', '2026-02-30', '--to', '2026-03-01', '--by', 'unit'], 1, /--from: not a date that exists/],
      [['report', '--from', '2026-03-01', '--to', '2026-02-01', '--by', 'unit'], 1, /ends before it starts/],
      [['report', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'unit', '--unit', 'no-such-unit'], 1, /no unit no-such-unit/],
      [['report', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'district'], 2, /--by must be one of unit, counter, staff, criterion, month/],
      [['report', '--from', '2026-02-01', '--by', 'unit'], 2, /needs --from, --to and --by/],
      [['report', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'unit', '--format', 'xlsx'], 2, /only csv/],
    ];
    for (const [args, exitCode, message] of cases) {
      const result = await command(args);
      expect(result.code, args.join(' ')).toBe(exitCode);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('ranking prints the fair ranking as CSV: rank, key, name, ratings, rate, score and Wilson interval; not enough ratings last, unranked', async () => {
    const { code, stdout, stderr } = await command(['ranking', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'staff', '--format', 'csv']);
    expect(code, stderr).toBe(0);
    expect(stdout.split('\r\n')[0]).toBe('rank,key,name,ratings,satisfaction_pct,score,ci_low_pct,ci_high_pct');
    // The test's own computation: every active officer of the province with their February ratings.
    const officers = fixture.staff.filter((s) => s.active).map((s) => {
      const rows = february(stored).filter((r) => r.staff_id === s.id);
      return { key: s.id, name: s.fullName, n: rows.length, k: rows.filter((r) => r.score >= 2).length };
    });
    const prior = officers.reduce((sum, o) => sum + o.k, 0) / officers.reduce((sum, o) => sum + o.n, 0);
    const counts = officers.filter((o) => o.n > 0).map((o) => o.n).sort((a, b) => a - b);
    const m = counts.length % 2 ? counts[(counts.length - 1) / 2]! : (counts[counts.length / 2 - 1]! + counts[counts.length / 2]!) / 2;
    const z = 1.959964;
    const wilson = (k: number, n: number) => {
      const p = k / n;
      const centre = p + (z * z) / (2 * n);
      const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
      return [(centre - half) / (1 + (z * z) / n), (centre + half) / (1 + (z * z) / n)].map((x) => (Math.round(x * 1000) / 10).toFixed(1));
    };
    const scored = officers.map((o) => ({ ...o, score: Math.round(((o.k + m * prior) / (o.n + m)) * 10_000) / 100 }));
    const ranked = scored.filter((o) => o.n >= 30).sort((a, b) => b.score - a.score || b.n - a.n || a.name.localeCompare(b.name, 'vi'));
    const apart = scored.filter((o) => o.n < 30).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'vi'));
    expect(ranked.length).toBeGreaterThan(3);
    expect(apart.length).toBeGreaterThan(3);
    const lines = parseCsv(stdout);
    expect(lines.map((l) => [l.rank, l.key])).toEqual([
      ...ranked.map((o) => [String(ranked.findIndex((x) => x.score === o.score) + 1), o.key]),
      ...apart.map((o) => ['', o.key]),
    ]);
    for (const o of [...ranked, ...apart]) {
      const line = lines.find((l) => l.key === o.key)!;
      const shown = o.n >= 5;
      expect(line, o.key).toEqual({
        rank: line.rank,
        key: o.key,
        name: o.name,
        ratings: String(o.n),
        satisfaction_pct: shown ? (Math.round((o.k / o.n) * 1000) / 10).toFixed(1) : '',
        score: shown ? o.score.toFixed(2) : '',
        ci_low_pct: shown ? wilson(o.k, o.n)[0] : '',
        ci_high_pct: shown ? wilson(o.k, o.n)[1] : '',
      });
    }
  });

  it('ranking by unit within a district, with the minimum and the weight given, a desk alone, and --out for Excel', async () => {
    const file = join(dir, 'xep-hang.csv');
    const result = await command(['ranking', '--from', '2026-02-01', '--to', '2026-02-28', '--unit', 'bg-ln-motcua', '--by', 'unit', '--min-ratings', '100', '--weight', '10', '--out', file]);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(bytes.toString('utf8').slice(1));
    const district = february(stored).filter((r) => ['bg-ln-motcua', 'bg-ln-phuongson'].includes(r.unit_id));
    const of = (unit: string) => district.filter((r) => r.unit_id === unit);
    const prior = district.filter((r) => r.score >= 2).length / district.length;
    const score = (rows: Row[]) => (Math.round(((rows.filter((r) => r.score >= 2).length + 10 * prior) / (rows.length + 10)) * 10_000) / 100).toFixed(2);
    // Lục Ngạn's own two counters have about 190 ratings, Phượng Sơn's one about 95: under 100, apart.
    expect(of('bg-ln-motcua').length).toBeGreaterThanOrEqual(100);
    expect(of('bg-ln-phuongson').length).toBeLessThan(100);
    expect(lines.map((l) => [l.rank, l.key, l.name, l.ratings, l.score])).toEqual([
      ['1', 'bg-ln-motcua', 'Bộ phận Một cửa UBND huyện Lục Ngạn', String(of('bg-ln-motcua').length), score(of('bg-ln-motcua'))],
      ['', 'bg-ln-phuongson', 'Bộ phận Một cửa UBND xã Phượng Sơn', String(of('bg-ln-phuongson').length), score(of('bg-ln-phuongson'))],
    ]);

    const results = parseCsv((await command(['ranking', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'unit', '--desk-role', 'results', '--min-ratings', '5'])).stdout);
    // Only Lục Ngạn's ln-q05 and the centre's ttpvhcc-q09 are results desks.
    expect(results.map((l) => [l.key, l.ratings]).sort()).toEqual(
      [
        ['bg-ln-motcua', String(february(stored).filter((r) => r.counter_id === 'ln-q05').length)],
        ['bg-ttpvhcc', String(february(stored).filter((r) => r.counter_id === 'ttpvhcc-q09').length)],
      ].sort(),
    );
  });

  it('ranking refuses a minimum of 0, a negative weight, unknown units and groupings with a clear message, and prints nothing', async () => {
    const period = ['--from', '2026-02-01', '--to', '2026-02-28'];
    const cases: [string[], number, RegExp][] = [
      [['ranking', ...period, '--by', 'staff', '--min-ratings', '0'], 1, /--min-ratings: .*whole number of at least 5/],
      [['ranking', ...period, '--by', 'staff', '--min-ratings', '2'], 1, /--min-ratings: .*at least 5/],
      [['ranking', ...period, '--by', 'staff', '--weight', '-1'], 1, /--weight: .*at least 0/],
      [['ranking', ...period, '--by', 'staff', '--weight', 'many'], 2, /--weight must be a number/],
      [['ranking', ...period, '--by', 'counter'], 2, /--by must be one of staff, unit/],
      [['ranking', ...period, '--by', 'staff', '--desk-role', 'both'], 2, /--desk-role must be reception or results/],
      [['ranking', ...period, '--by', 'staff', '--unit', 'no-such-unit'], 1, /no unit no-such-unit/],
      [['ranking', '--from', '2026-02-30', '--to', '2026-03-01', '--by', 'staff'], 1, /--from: not a date that exists/],
      [['ranking', '--from', '2026-02-01', '--by', 'staff'], 2, /needs --from, --to and --by/],
    ];
    for (const [args, exitCode, message] of cases) {
      const result = await command(args);
      expect(result.code, args.join(' ')).toBe(exitCode);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('add-user makes the first administrator with a password read from standard input, and refuses what cannot be', async () => {
    const made = await admin(['add-user', '--login', 'Quan.Tri', '--role', 'admin', '--name', 'Quản trị viên'], 'một mật khẩu rất dài\n');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/account Quan\.Tri made: admin/);
    expect(made.stdout + made.stderr).not.toContain('một mật khẩu rất dài');
    const head = await admin(['add-user', '--login', 'truong.lucngan', '--role', 'unit_head', '--unit', 'bg-ln-motcua'], 'mật khẩu của trưởng bộ phận');
    expect(head.code, head.stderr).toBe(0);

    const refused: [string[], string, RegExp][] = [
      [['add-user', '--login', 'ngan', '--role', 'admin'], 'ngắn\n', /password/],
      [['add-user', '--login', 'quan.tri', '--role', 'admin'], 'một mật khẩu khác đủ dài\n', /already taken/],
      [['add-user', '--login', 'khong.don.vi', '--role', 'unit_head'], 'một mật khẩu khác đủ dài\n', /unitId/],
      [['add-user', '--login', 'sai.don.vi', '--role', 'unit_head', '--unit', 'no-such-unit'], 'một mật khẩu khác đủ dài\n', /no unit no-such-unit/],
      [['add-user', '--login', 'x', '--role', 'root'], 'một mật khẩu khác đủ dài\n', /role/],
    ];
    for (const [args, input, message] of refused) {
      const result = await command(args, input);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }

    const opened = await open();
    try {
      const users = await opened.db.selectFrom('console_users').select(['login', 'role', 'unit_id', 'display_name', 'password_hash']).orderBy('login_key').execute();
      expect(users.map((u) => [u.login, u.role, u.unit_id, u.display_name])).toEqual([
        ['Quan.Tri', 'admin', null, 'Quản trị viên'],
        ['truong.lucngan', 'unit_head', 'bg-ln-motcua', 'truong.lucngan'],
      ]);
      expect(await verifyPassword('một mật khẩu rất dài', users[0]!.password_hash)).toBe(true);
      expect(await verifyPassword('mật khẩu của trưởng bộ phận', users[1]!.password_hash)).toBe(true);
      const audit = await opened.db.selectFrom('console_audit').select(['action', 'details']).orderBy('id').execute();
      expect(audit.filter((a) => a.action === 'account_created').map((a) => JSON.parse(a.details).account)).toEqual(['Quan.Tri', 'truong.lucngan']);
      expect(audit.filter((a) => a.action === 'export').length).toBeGreaterThanOrEqual(5);
      expect(audit.map((a) => a.details).join(' ')).not.toContain('mật khẩu');
    } finally {
      await opened.close();
    }
  });

  it('seed-synthetic writes a province of 200 units with the ratings asked for, and says how fast', async () => {
    // Its kiosks' secrets are sealed like any other: without a key it refuses before writing anything.
    const keyless = await admin(['seed-synthetic', '--ratings', '5000', '--years', '1']);
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/no key for device secrets at rest/);
    const seeded = await admin(['seed-synthetic', '--ratings', '5000', '--years', '1'], undefined, { DEVICE_SECRET_DEV_KEY: '1' });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/^seeded 200 units, 1000 counters, 3000 officers and 5000 ratings over 1 year\(s\): [\d,]+ ratings\/s/);
    expect(seeded.stderr).toMatch(/rebuilding the rollups/);
    const units = parseCsv((await command(['report', '--from', '2000-01-01', '--to', '2019-12-31', '--by', 'unit'])).stdout);
    expect(units).toHaveLength(203);
    const refused = await admin(['seed-synthetic', '--ratings', 'many']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--ratings/);
  });
});
