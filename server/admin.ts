/**
 * The administrator's command line: `npm run admin -- <command>` (docs/server.md).
 *
 *   import-roster <file> [--apply] [--deactivate-missing]  .json, .csv or .xlsx: prints the plan; --apply applies it (docs/roster.md)
 *   staff --unit <id> [--format csv|json]                a unit's staff (badge: last 4 characters)
 *   staff-deactivate <staffId>, staff-activate <staffId>
 *   enrol-code --unit <id> [--counter <id>] [--days <n>] print a single-use enrolment code
 *   devices [--json]                                     kiosks: status (online, late, offline, closed, retired), heartbeat, backlog, alerts
 *   revoke <deviceId>                                    the device gets 401 from now on
 *   stats                                                counts of ratings, conflicts, devices, units, staff
 *   conflicts [--json]                                   ratings sent again with different content (kept aside)
 *   report --from D --to D [--unit ID] --by unit|counter|staff|criterion|month [--format csv] [--out FILE]
 *   ranking --from D --to D [--unit ID] --by staff|unit [--desk-role reception|results] [--min-ratings N] [--weight M] [--format csv] [--out FILE]
 *   evaluation-report --from D --to D [--unit ID] --format pdf|xlsx --out FILE   the evaluation report (docs/evaluation.md)
 *   add-user --login NAME --role province|unit_head|it|admin [--unit ID] [--name TEXT]   password on stdin
 *   seed-synthetic --ratings N [--years Y]               a made-up province for demos and benchmarks
 *   reissue-badge <staffId>                              a new badge code; the old one stops at the unit's kiosks
 *   old-badges-until [YYYY-MM-DD | none]                 the last day old-format badges log in (shows it without a value)
 *   rotate-device-key                                    seal every device secret and badge key with the current key
 *   new-device-key <file>                                write a new random key for secrets at rest
 *
 * Uses the same DATABASE_URL / DATA_DIR as the server. With PGlite, a running server owns the
 * data folder: the CLI then asks that server (loopback only, with the token it left in the folder).
 * The keys for device secrets come from the same variables as the server's (docs/server.md).
 */
import { runAdminCommand } from './admin-cli';
import { ownerOnlyFiles } from './data-dir';

// The CLI opens the data folder itself when no server runs: what it writes is the owner's only.
ownerOnlyFiles();
process.exitCode = await runAdminCommand(process.argv.slice(2));
