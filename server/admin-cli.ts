/**
 * The administrator's commands (server/admin.ts is the process that runs them; the commands are
 * listed there and in USAGE below). Apart from the process so that a test can run many commands
 * in one process.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isReleaseCommand, RELEASE_USAGE, runReleaseCommand } from './admin/releases';
import { connectAdmin } from './admin-connection';
import { conflictLines, deviceTable, jsonListing } from './admin-output';
import { readPassword } from './cli-password';
import { HttpError, RosterImportError, StartupError } from './errors';
import { describeError } from './log-safe';
import { toCsv, UTF8_BOM } from './reports/csv';
import { RANKING_SUBJECTS, type RankingSubject } from '../shared/console/constants';
import { TABLE_GROUPINGS, type ReportTable, type TableGrouping } from './reports/table';
import { NO_KEY_MESSAGE, writeNewKeyFile } from './secret-keys';
import { escapeForTerminal, escapeLinesForTerminal } from './terminal-text';
import { seedSynthetic } from './synthetic/seed';
import { planText } from './roster-import/plan-text';

const USAGE = `usage: npm run admin -- <command>
  import-roster <file> [--dry-run | --apply] [--deactivate-missing]
                                                        roster as .json, .csv or .xlsx: prints the plan (rows to add,
                                                        change, unchanged, refused; staff missing from the file's units)
                                                        and stores nothing; --apply applies it when no row is refused;
                                                        --deactivate-missing also deactivates the missing staff
  staff --unit <id> [--format csv|json]                 a unit's staff: id, name, title, unit, active, badge (last 4)
  staff-deactivate <staffId> | staff-activate <staffId> an officer leaves (kiosks log them out) or comes back
  enrol-code --unit <id> [--counter <id>] [--days <n>]  print a single-use enrolment code
  devices [--json]                                      list kiosks with their status (online, late, offline) and alerts
  revoke <deviceId>                                     revoke a kiosk
  stats                                                 counts of ratings, conflicts, devices, units, staff
  conflicts [--json]                                    ratings sent again with different content (kept aside)
  rotate-device-key                                     seal every device secret and badge key with the current key
  new-device-key <file>                                 write a new random key for device secrets (mode 600)
${RELEASE_USAGE}
  report --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID] --by unit|counter|staff|criterion|month [--format csv] [--out FILE]
                                                        figures of a period as CSV (days inclusive, Vietnam time;
                                                        --unit includes the units under it)
  ranking --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID] --by staff|unit [--desk-role reception|results]
          [--min-ratings N] [--weight M] [--format csv] [--out FILE]
                                                        the fair ranking for rewards as CSV: rank, key, name, ratings,
                                                        satisfaction_pct, score, ci_low_pct, ci_high_pct (no rank: not
                                                        enough ratings); minimum and weight default to the province's
  evaluation-report --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID] --format pdf|xlsx --out FILE
                                                        the evaluation report of the province or a unit (with
                                                        the units under it) as PDF (needs Chromium) or Excel
  add-user --login NAME --role province|unit_head|it|admin [--unit ID] [--name TEXT]
                                                        a console account; the password is read from standard input
  seed-synthetic --ratings N [--years Y]                a made-up province of 200 units with N ratings over Y years
                                                        (default 1), straight into the database (stop a PGlite server first)
  reissue-badge <staffId>                               a new badge code; the old one stops at the unit's kiosks
  old-badges-until [YYYY-MM-DD | none]                  last day old-format badges log in (no value: show it)
environment: DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite, default ./.server-data);
  DEVICE_SECRET_KEY_FILE, DEVICE_SECRET_PREVIOUS_KEY_FILES as for the server`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

/** A number option; its bounds are the command's to check, with its own message. */
function numberOption(args: string[], name: string): number | undefined {
  const text = option(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${name} must be a number`);
  return value;
}

/** A table as CSV on standard output, or in a file with the byte order mark Excel needs. */
function writeTable(table: ReportTable, out: string | undefined): void {
  const csv = toCsv(table.header, table.rows);
  if (out) {
    writeFileSync(resolve(out), UTF8_BOM + csv);
    console.error(`${table.rows.length} rows written to ${resolve(out)}`);
  } else process.stdout.write(csv);
  // Beside the table, not in it: the rows still add up to the figures.
  for (const note of table.notes ?? []) console.error(note);
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'new-device-key') {
    const file = rest[0];
    if (!file) throw new UsageError('new-device-key needs a file to write');
    writeNewKeyFile(resolve(file));
    console.log(escapeForTerminal(`wrote a new key to ${resolve(file)} (mode 600); keep it outside DATA_DIR and in the backups of keys, not of data`));
    return 0;
  }
  const { admin, db, server, dataDir, keys, close } = await connectAdmin();
  try {
    if (isReleaseCommand(command)) return await runReleaseCommand(command, rest, server ? { server } : { db: db! }, admin);
    switch (command) {
      case 'import-roster': {
        const file = rest.find((arg) => !arg.startsWith('--'));
        if (!file) throw new UsageError('import-roster needs a file');
        const apply = rest.includes('--apply');
        if (apply && rest.includes('--dry-run')) throw new UsageError('import-roster takes --dry-run or --apply, not both');
        const result = await admin.importRosterFile(resolve(file), { apply, deactivateMissing: rest.includes('--deactivate-missing') });
        console.log(escapeLinesForTerminal(planText(result, { apply })));
        return apply && !result.applied ? 1 : 0;
      }
      case 'staff': {
        const unitId = option(rest, '--unit');
        if (!unitId) throw new UsageError('staff needs --unit <id>');
        const format = option(rest, '--format') ?? 'csv';
        if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
        const staff = await admin.listStaff(unitId);
        if (format === 'json') console.log(jsonListing(staff));
        else process.stdout.write(toCsv(['id', 'name', 'title', 'unit', 'active', 'badge'], staff.map((s) => [s.id, s.name, s.title, s.unit, s.active ? 'true' : 'false', s.badge])));
        return 0;
      }
      case 'staff-deactivate':
      case 'staff-activate': {
        const staffId = rest[0];
        if (!staffId) throw new UsageError(`${command} needs a staff id`);
        const member = await admin.setStaffActive(staffId, command === 'staff-activate');
        console.log(escapeForTerminal(`${member.id} ${member.name} (${member.unit}): ${member.active ? 'active' : 'inactive; the unit’s kiosks log them out at their next roster pull'}`));
        return 0;
      }
      case 'enrol-code':
      case 'enroll-code': {
        const unitId = option(rest, '--unit');
        if (!unitId) throw new UsageError('enrol-code needs --unit <id>');
        const counterId = option(rest, '--counter');
        const daysText = option(rest, '--days');
        const days = daysText === undefined ? 7 : Number(daysText);
        if (!Number.isFinite(days) || days <= 0) throw new UsageError('--days must be a positive number');
        const code = await admin.createEnrollmentCode({ unitId, counterId: counterId ?? null, days });
        console.log(code);
        console.error(escapeForTerminal(`single-use enrolment code for unit ${unitId}${counterId ? `, counter ${counterId}` : ''}, valid ${days} days`));
        return 0;
      }
      case 'devices': {
        const devices = await admin.listDevices();
        console.log(rest.includes('--json') ? jsonListing(devices) : deviceTable(devices, Date.now()));
        return 0;
      }
      case 'revoke': {
        const deviceId = rest[0];
        if (!deviceId) throw new UsageError('revoke needs a device id');
        if (!(await admin.revokeDevice(deviceId))) {
          console.error(escapeForTerminal(`no device ${deviceId}`));
          return 1;
        }
        console.log(escapeForTerminal(`revoked ${deviceId}`));
        return 0;
      }
      case 'stats': {
        const counts = await admin.counts();
        console.log(Object.entries(counts).map(([name, n]) => `${name}: ${n}`).join('\n'));
        return 0;
      }
      case 'conflicts': {
        const conflicts = await admin.listConflicts();
        console.log(rest.includes('--json') ? jsonListing(conflicts) : conflictLines(conflicts));
        return 0;
      }
      case 'rotate-device-key': {
        const rotation = await admin.rotateDeviceKey();
        console.log(
          `${rotation.resealed} of ${rotation.devices} device secrets sealed again, and ${rotation.badgeKeysResealed} badge keys; all are now sealed with key ${rotation.keyId}. ` +
            'The previous keys are no longer needed: restart the server without DEVICE_SECRET_PREVIOUS_KEY_FILES.',
        );
        return 0;
      }
      case 'report': {
        const from = option(rest, '--from');
        const to = option(rest, '--to');
        const by = option(rest, '--by');
        if (!from || !to || !by) throw new UsageError('report needs --from, --to and --by');
        if (!(TABLE_GROUPINGS as readonly string[]).includes(by)) throw new UsageError(`--by must be one of ${TABLE_GROUPINGS.join(', ')}`);
        const format = option(rest, '--format') ?? 'csv';
        if (format !== 'csv') throw new UsageError('--format: only csv is supported');
        writeTable(await admin.reportTable({ from, to, unitId: option(rest, '--unit') ?? null, by: by as TableGrouping }), option(rest, '--out'));
        return 0;
      }
      case 'ranking': {
        const from = option(rest, '--from');
        const to = option(rest, '--to');
        const by = option(rest, '--by');
        if (!from || !to || !by) throw new UsageError('ranking needs --from, --to and --by');
        if (!(RANKING_SUBJECTS as readonly string[]).includes(by)) throw new UsageError(`--by must be one of ${RANKING_SUBJECTS.join(', ')}`);
        const deskRole = option(rest, '--desk-role');
        if (deskRole !== undefined && deskRole !== 'reception' && deskRole !== 'results') throw new UsageError('--desk-role must be reception or results');
        const format = option(rest, '--format') ?? 'csv';
        if (format !== 'csv') throw new UsageError('--format: only csv is supported');
        const minRatings = numberOption(rest, '--min-ratings');
        const weight = numberOption(rest, '--weight');
        const table = await admin.rankingTable({
          from,
          to,
          unitId: option(rest, '--unit') ?? null,
          by: by as RankingSubject,
          deskRole: deskRole ?? null,
          ...(minRatings !== undefined ? { minRatings } : {}),
          ...(weight !== undefined ? { weight } : {}),
        });
        writeTable(table, option(rest, '--out'));
        return 0;
      }
      case 'evaluation-report': {
        const from = option(rest, '--from');
        const to = option(rest, '--to');
        const format = option(rest, '--format');
        const out = option(rest, '--out');
        if (!from || !to || !format || !out) throw new UsageError('evaluation-report needs --from, --to, --format and --out');
        if (format !== 'pdf' && format !== 'xlsx') throw new UsageError('--format must be pdf or xlsx');
        const file = await admin.evaluationReport({ unitId: option(rest, '--unit') ?? null, from, to, format });
        const bytes = Buffer.from(file.contentBase64, 'base64');
        writeFileSync(resolve(out), bytes);
        console.error(`${resolve(out)}: ${format.toUpperCase()}, ${bytes.length.toLocaleString('en')} bytes`);
        return 0;
      }
      case 'add-user': {
        const login = option(rest, '--login');
        const role = option(rest, '--role');
        if (!login || !role) throw new UsageError('add-user needs --login and --role');
        const password = await readPassword(`Mật khẩu cho ${login} / password for ${login}: `);
        const account = await admin.addConsoleUser({ login, role, unitId: option(rest, '--unit') ?? null, password, displayName: option(rest, '--name') ?? login });
        console.log(`account ${account.login} made: ${account.role}${account.unitId ? ` of ${account.unitId}` : ''}`);
        return 0;
      }
      case 'seed-synthetic': {
        const ratings = Number(option(rest, '--ratings'));
        const years = Number(option(rest, '--years') ?? 1);
        if (!Number.isInteger(ratings) || ratings < 1) throw new UsageError('seed-synthetic needs --ratings <a whole number>');
        // A bulk load belongs in the database, not in a request: PGlite's folder must be ours.
        if (!db) throw new HttpError(409, 'server_running', `a server is running on ${dataDir}: stop it first, seed-synthetic writes straight into the database`);
        // Its kiosks' (unknown) secrets are sealed like any other: with the key the server will start with.
        if (!keys) throw new StartupError(NO_KEY_MESSAGE);
        const summary = await seedSynthetic(db, { ratings, years, now: Date.now(), keys, progress: (line) => console.error(line) });
        console.log(
          `seeded ${summary.units} units, ${summary.counters} counters, ${summary.staff} officers and ${summary.ratings} ratings over ${years} year(s): ` +
            `${summary.ratingsPerSecond.toLocaleString('en')} ratings/s (${summary.insertSeconds.toFixed(1)} s), rollups and statistics ${summary.rollupSeconds.toFixed(1)} s`,
        );
        return 0;
      }
      case 'reissue-badge': {
        const staffId = rest[0];
        if (!staffId) throw new UsageError('reissue-badge needs a staff id');
        const badge = await admin.reissueBadge(staffId);
        console.log(badge.code);
        console.error(
          escapeLinesForTerminal(
            `badge issue ${badge.issue} for ${badge.fullName} (${badge.staffId}); the previous code stops at each kiosk of the unit at its next roster pull.\n` +
              `print it: npm run badges -- --unit <unit> --staff ${badge.staffId}`,
          ),
        );
        return 0;
      }
      case 'old-badges-until': {
        const value = rest[0];
        const until = value === undefined ? await admin.oldBadgesUntil() : await admin.setOldBadgesUntil(value === 'none' ? null : value);
        console.log(
          until === null
            ? 'old-format badges log in with no end set'
            : `old-format badges log in until ${until} (Vietnam time) and are refused from the day after`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await close();
  }
}

/**
 * Runs one command of the administrator's command line (`npm run admin -- <command>`, server/admin.ts)
 * with its output on this process's standard output and error; answers the exit code: 0 done, 1
 * refused or failed (with the reason on standard error), 2 a usage error (with the usage).
 */
export async function runAdminCommand(args: string[]): Promise<number> {
  try {
    return await main(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${escapeLinesForTerminal(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RosterImportError || error instanceof HttpError || error instanceof RangeError) {
      console.error(escapeLinesForTerminal(error.message));
      return 1;
    }
    // Not the message: a database's error carries the statement's parameters (names, badge codes).
    console.error(escapeLinesForTerminal(`failed: ${error instanceof StartupError ? error.message : describeError(error)}`));
    return 1;
  }
}
