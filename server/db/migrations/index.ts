import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { StartupError } from '../../errors';
import { describeError } from '../../log-safe';
import { initial } from './0001-initial';
import { enrolmentRequestId } from './0002-enrolment-request-id';
import { unitHierarchy } from './0003-unit-hierarchy';
import { consoleAccounts } from './0004-console-accounts';
import { consoleAudit } from './0005-console-audit';
import { reportPeriodsAndSettings } from './0006-report-periods-and-settings';
import { ratingRollups } from './0007-rating-rollups';
import { commentSearch } from './0008-comment-search';
import { kioskReleases } from './0009-kiosk-releases';
import { deviceSecretEncryption, type DeviceSecretMigrationContext } from './0010-device-secret-encryption';
import { itRolesAndUncertainTimes } from './0011-it-roles-and-uncertain-times';
import { badgesAndFailedLogins } from './0012-badges-and-failed-logins';
import { enrolmentReplayAddress } from './0013-enrolment-replay-address';
import { conflictCaps } from './0014-conflict-caps';
import { healthProbe } from './0015-health-probe';
import { kioskPairingSettingsCommands } from './0016-kiosk-pairing-settings-commands';
import { fleetMonitoring } from './0017-fleet-monitoring';
import { badgeCodeOwners } from './0018-badge-code-owners';
import { unitCounterActive } from './0019-unit-counter-active';
import { monthlyReportMail } from './0020-monthly-report-mail';
import { ratingFlags } from './0021-rating-flags';
import { recordChainAndBindings } from './0022-record-chain-and-bindings';
import { countedRatings } from './0024-counted-ratings';
import { satisfactionAlerts } from './0025-satisfaction-alerts';
import { rosterProblems } from './0026-roster-problems';
import { staffPins } from './0027-staff-pins';
import { sealedRelayPassword } from './0028-sealed-relay-password';
import { commentCountsIndex } from './0029-comment-counts-index';
import { ingestFactsOnDevices } from './0030-ingest-facts-on-devices';
import { kioskSetPins } from './0031-kiosk-set-pins';
import { sealedBadgeKeys, type BadgeKeyMigrationContext } from './0032-sealed-badge-keys';
import { sessionEventDays } from './0033-session-event-days';

/**
 * Migrations, in order, for PGlite and PostgreSQL alike (both are PostgreSQL), one file each.
 * Never edit one that has shipped: add the next. Kysely's Migrator records them and takes a lock;
 * each runs in its own transaction. 0010, 0028 and 0032 seal secrets, so they are given the server's keys.
 */
export function serverMigrations(context: MigrationContext = { keys: undefined }): Readonly<Record<string, Migration>> {
  return {
    '0001-initial': initial,
    '0002-enrolment-request-id': enrolmentRequestId,
    '0003-unit-hierarchy': unitHierarchy,
    '0004-console-accounts': consoleAccounts,
    '0005-console-audit': consoleAudit,
    '0006-report-periods-and-settings': reportPeriodsAndSettings,
    '0007-rating-rollups': ratingRollups,
    '0008-comment-search': commentSearch,
    '0009-kiosk-releases': kioskReleases,
    '0010-device-secret-encryption': deviceSecretEncryption(context),
    '0011-it-roles-and-uncertain-times': itRolesAndUncertainTimes,
    '0012-badges-and-failed-logins': badgesAndFailedLogins,
    '0013-enrolment-replay-address': enrolmentReplayAddress,
    '0014-conflict-caps': conflictCaps,
    '0015-health-probe': healthProbe,
    '0016-kiosk-pairing-settings-commands': kioskPairingSettingsCommands,
    '0017-fleet-monitoring': fleetMonitoring,
    '0018-badge-code-owners': badgeCodeOwners,
    '0019-unit-counter-active': unitCounterActive,
    '0020-monthly-report-mail': monthlyReportMail,
    '0021-rating-flags': ratingFlags,
    '0022-record-chain-and-bindings': recordChainAndBindings,
    '0024-counted-ratings': countedRatings,
    '0025-satisfaction-alerts': satisfactionAlerts,
    '0026-roster-problems': rosterProblems,
    '0027-staff-pins': staffPins,
    '0028-sealed-relay-password': sealedRelayPassword(context),
    '0029-comment-counts-index': commentCountsIndex,
    '0030-ingest-facts-on-devices': ingestFactsOnDevices,
    '0031-kiosk-set-pins': kioskSetPins,
    '0032-sealed-badge-keys': sealedBadgeKeys(context),
    '0033-session-event-days': sessionEventDays,
  };
}

/** What migrations are given: the server's keys for secrets at rest (absent: no plaintext may need them). */
export type MigrationContext = DeviceSecretMigrationContext & BadgeKeyMigrationContext;

export const MIGRATION_NAMES = Object.keys(serverMigrations());

class InCodeMigrations implements MigrationProvider {
  constructor(private readonly context: MigrationContext) {}
  async getMigrations() {
    return { ...serverMigrations(this.context) };
  }
}

function migrator(db: Kysely<unknown>, context: MigrationContext): Migrator {
  // Numbers are handed out to work in progress side by side (0010 and 0013–0015 landed after 0011
  // and 0020): a database that already ran a later one still gets an earlier one that was missing.
  return new Migrator({ db, provider: new InCodeMigrations(context), allowUnorderedMigrations: true });
}

async function check(run: Promise<Awaited<ReturnType<Migrator['migrateToLatest']>>>): Promise<void> {
  const { error, results } = await run;
  const failed = results?.find((r) => r.status === 'Error');
  // Described without the error's message: a migration that moves data may have it in its parameters.
  if (error instanceof StartupError) throw error;
  if (error || failed) throw new StartupError(`database migration ${failed?.migrationName ?? ''} failed: ${describeError(error)}`);
}

/** Brings the database up to the latest schema; throws (changing nothing of that step) on failure. */
export function migrateToLatest(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  return check(migrator(db, context).migrateToLatest());
}

/** Brings the database up to and including `name` (each migration's test starts from the one before). */
export function migrateTo(db: Kysely<unknown>, name: string, context: MigrationContext = { keys: undefined }): Promise<void> {
  if (!MIGRATION_NAMES.includes(name)) throw new Error(`no migration ${name}`);
  return check(migrator(db, context).migrateTo(name));
}
