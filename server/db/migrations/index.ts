import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { initial } from './0001-initial';
import { enrolmentRequestId } from './0002-enrolment-request-id';
import { unitHierarchy } from './0003-unit-hierarchy';
import { consoleAccounts } from './0004-console-accounts';
import { consoleAudit } from './0005-console-audit';
import { reportPeriodsAndSettings } from './0006-report-periods-and-settings';
import { ratingRollups } from './0007-rating-rollups';
import { commentSearch } from './0008-comment-search';
import { kioskReleases } from './0009-kiosk-releases';
import { itRolesAndUncertainTimes } from './0011-it-roles-and-uncertain-times';
import { kioskPairingSettingsCommands } from './0016-kiosk-pairing-settings-commands';
import { fleetMonitoring } from './0017-fleet-monitoring';
import { monthlyReportMail } from './0020-monthly-report-mail';

/**
 * Migrations, in order, for PGlite and PostgreSQL alike (both are PostgreSQL), one file each.
 * Never edit one that has shipped: add the next. Kysely's Migrator records them and takes a lock;
 * each runs in its own transaction.
 */
export const SERVER_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-enrolment-request-id': enrolmentRequestId,
  '0003-unit-hierarchy': unitHierarchy,
  '0004-console-accounts': consoleAccounts,
  '0005-console-audit': consoleAudit,
  '0006-report-periods-and-settings': reportPeriodsAndSettings,
  '0007-rating-rollups': ratingRollups,
  '0008-comment-search': commentSearch,
  '0009-kiosk-releases': kioskReleases,
  '0011-it-roles-and-uncertain-times': itRolesAndUncertainTimes,
  '0016-kiosk-pairing-settings-commands': kioskPairingSettingsCommands,
  '0017-fleet-monitoring': fleetMonitoring,
  '0020-monthly-report-mail': monthlyReportMail,
};

export const MIGRATION_NAMES = Object.keys(SERVER_MIGRATIONS);

class InCodeMigrations implements MigrationProvider {
  async getMigrations() {
    return { ...SERVER_MIGRATIONS };
  }
}

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: new InCodeMigrations() });
}

async function check(run: Promise<Awaited<ReturnType<Migrator['migrateToLatest']>>>): Promise<void> {
  const { error, results } = await run;
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}

/** Brings the database up to the latest schema; throws (changing nothing of that step) on failure. */
export function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  return check(migrator(db).migrateToLatest());
}

/** Brings the database up to and including `name` (each migration's test starts from the one before). */
export function migrateTo(db: Kysely<unknown>, name: string): Promise<void> {
  if (!(name in SERVER_MIGRATIONS)) throw new Error(`no migration ${name}`);
  return check(migrator(db).migrateTo(name));
}
