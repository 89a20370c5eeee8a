import { sql } from 'kysely';
import { CreateAccountRequestSchema, type Account } from '../shared/console/api';
import type { AlertKind, KioskStatus } from '../shared/console/fleet';
import type { RosterProblem } from '../shared/fleet';
import { RecordId } from '../shared/schema-helpers';
import { currentBadges, readOldBadgesUntil, reissueBadge, resealBadgeKeys, writeOldBadgesUntil, type IssuedBadge } from './badges';
import type { ServerDb } from './db/connect';
import { deviceSecretContext } from './db/migrations/0010-device-secret-encryption';
import { RELAY_PASSWORD_CONTEXT } from './db/migrations/0028-sealed-relay-password';
import { createAccount } from './console/accounts';
import { writeAudit } from './console/audit';
import { issueEnrollmentCode } from './enrolment-codes';
import { HttpError, StartupError } from './errors';
import { runGamingChecks } from './integrity/gaming-checks';
import { fleetKiosks } from './fleet/fleet-view';
import { saveKioskSettings } from './kiosk-config';
import { rankingTable, type RankingTableRequest } from './reports/ranking-table';
import { reportTable, type ReportTable, type ReportTableRequest } from './reports/table';
import { EVALUATION_FORMATS, type EvaluationFormat } from '../shared/console/evaluation';
import { auditEvaluationExport, COMMAND_LINE_USER, evaluationFile, namedPeriod } from './evaluation/export';
import { describeIssues, importRoster, type RosterImportSummary } from './roster';
import { importRosterFromFile, listUnitStaff, setStaffActive, type StaffListing } from './roster-import/admin';
import type { RosterImportResult } from '../shared/roster-import';
import { NO_KEY_MESSAGE, type SecretKeyRing } from './secret-keys';

export interface DeviceSummary {
  deviceId: string;
  name: string;
  unitId: string;
  counterId: string | null;
  appVersion: string;
  enrolledAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastHeartbeatAt: number | null;
  pendingCount: number | null;
  oldestPendingAgeMs: number | null;
  lastError: string | null;
  clockOffsetMs: number | null;
  /** Staff logins the kiosk refused in the 24 h before its last heartbeat; null when it does not say. */
  failedLogins: { badges: number; pins: number } | null;
  /** Judged now from its heartbeats within its unit's opening hours, as on the console's fleet page (docs/fleet.md). */
  status: KioskStatus;
  openAlerts: AlertKind[];
  /** Roster rows the kiosk reported it left out (staff id and reason code); [] once a roster applied whole. */
  rosterProblems: RosterProblem[];
  /** Conflicts this kiosk sent beyond the caps: answered and counted, not kept. */
  conflictsNotKept: number;
}

export interface StoredRating {
  id: string;
  deviceId: string;
  seq: number;
  unitId: string;
  counterId: string;
  staffId: string | null;
  score: number;
  comment: string | null;
  createdAt: number;
  clockOffsetMs: number | null;
  correctedAt: number;
  receivedAt: number;
  batchId: string;
  /** No correction made its time plausible: kept at receivedAt, counted apart by reports. */
  timeUncertain: boolean;
}

export interface StoredConflict {
  ratingId: string;
  deviceId: string;
  batchId: string;
  receivedAt: number;
  /** The rating as the kiosk sent it the second time (the stored one is unchanged). */
  content: unknown;
}

/** What a rotation of the key for secrets at rest did. */
export interface KeyRotation {
  /** The key every device secret is now sealed with. */
  keyId: string;
  /** Device secrets that were sealed with another key and are now sealed with this one. */
  resealed: number;
  /** The SMTP relay's password (migration 0028) was sealed with another key and now is with this one. */
  relayPasswordResealed: boolean;
  /** The badge signing key and units' badge keys (migration 0032) that were sealed with another key and now are with this one. */
  badgeKeysResealed: number;
  devices: number;
}

export interface ServerCounts {
  ratings: number;
  conflicts: number;
  /** Conflicts beyond the caps, over all devices: counted, not kept. */
  conflictsNotKept: number;
  devices: number;
  units: number;
  staff: number;
}

/** What administrators (the CLI) and tests do to a server's data. */
export interface AdminApi {
  /** A roster object (fixtures/roster.json's shape); invalid input stores nothing (RosterImportError). */
  importRoster(input: unknown): Promise<RosterImportSummary>;
  /**
   * A roster file (.json, or .csv/.xlsx as HR offices keep them) read by the server: its plan, and
   * with `apply` the plan applied in one transaction when no row is refused (docs/roster.md). A file
   * that cannot be read throws RosterImportError. Applying is audited.
   */
  importRosterFile(path: string, options?: { apply?: boolean; deactivateMissing?: boolean }): Promise<RosterImportResult>;
  /** A unit's staff for `npm run admin -- staff`: the badge as its last 4 characters only. */
  listStaff(unitId: string): Promise<StaffListing[]>;
  /** Deactivates (or with active=true reactivates) an officer; kiosks log them out at their next roster pull. Audited. */
  setStaffActive(staffId: string, active: boolean): Promise<StaffListing>;
  /** A single-use enrolment code bound to a unit (and a counter), valid `days` days (default 7). */
  createEnrollmentCode(input: { unitId: string; counterId?: string | null; days?: number }): Promise<string>;
  listDevices(): Promise<DeviceSummary[]>;
  /** Revoked devices get 401 on every call from now on. False when no such device. */
  revokeDevice(deviceId: string): Promise<boolean>;
  /** Kiosk settings served by /api/v1/config: scope '*' for every kiosk or a unit id. */
  setConfig(scope: string, settings: unknown): Promise<void>;
  /** The last day (YYYY-MM-DD, Vietnam) old-format badges log in; null: no end set. Answers what is now set. */
  setOldBadgesUntil(day: string | null): Promise<string | null>;
  oldBadgesUntil(): Promise<string | null>;
  /** A new badge for an officer: the old code (and any old-format one) stops at the unit's kiosks' next roster pull. */
  reissueBadge(staffId: string): Promise<IssuedBadge>;
  /** The current badges of a unit's staff, or of the officers named: for the badge sheet (npm run badges). */
  currentBadges(unitId: string, staffIds?: string[] | null): Promise<{ unitName: string; badges: IssuedBadge[] }>;
  ratingIds(): Promise<string[]>;
  listRatings(): Promise<StoredRating[]>;
  conflictIds(): Promise<string[]>;
  /** Different contents sent under stored ids, kept aside for an administrator. */
  listConflicts(): Promise<StoredConflict[]>;
  counts(): Promise<ServerCounts>;
  /**
   * Seals every device secret with the ring's current key (docs/server.md "Rotating the key"):
   * afterwards the previous keys are no longer needed.
   */
  rotateDeviceKey(): Promise<KeyRotation>;
  /** The command line's report: one row per unit, counter, officer, behaviour or month (server/reports/table.ts). Audited as an export. */
  reportTable(request: ReportTableRequest): Promise<ReportTable>;
  /** The command line's fair ranking of officers or units (server/reports/ranking-table.ts). Audited as an export. */
  rankingTable(request: RankingTableRequest): Promise<ReportTable>;
  /** A console account made from the command line (the first administrator is made this way). Audited. */
  addConsoleUser(input: NewConsoleUser): Promise<Account>;
  /** The evaluation report of the province (unitId null) or a unit for a period, as PDF or Excel (docs/evaluation.md). Audited as an export. */
  evaluationReport(request: { unitId: string | null; from: string; to: string; format: string }): Promise<{ fileName: string; contentBase64: string }>;
  /** Runs the periodic gaming checks now, round after round until they have read every rating received (docs/integrity.md). */
  runGamingChecks(): Promise<{ ratings: number; flags: number }>;
}

export interface NewConsoleUser {
  login: string;
  role: string;
  unitId?: string | null;
  password: string;
  /** Defaults to the login. */
  displayName?: string;
}

/**
 * The AdminApi methods the loopback admin route (`POST /admin/v1/call`) may run for the command
 * line while a server holds PGlite's folder. Test-only methods (ratingIds, listRatings…) are not.
 */
export const REMOTE_ADMIN_METHODS = [
  'importRosterFile',
  'listStaff',
  'setStaffActive',
  'createEnrollmentCode',
  'listDevices',
  'revokeDevice',
  'setConfig',
  'counts',
  'listConflicts',
  'reportTable',
  'rankingTable',
  'addConsoleUser',
  'setOldBadgesUntil',
  'oldBadgesUntil',
  'reissueBadge',
  'currentBadges',
  'evaluationReport',
  'rotateDeviceKey',
] as const satisfies readonly (keyof AdminApi)[];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `keys` may be null for the CLI without keys: everything works but what opens a sealed secret —
 * rotateDeviceKey, and what derives badge codes (the badge keys are sealed: migration 0032).
 */
export function createAdminApi(db: ServerDb, keys: SecretKeyRing | null, now: () => number): AdminApi {
  const ring = (): SecretKeyRing => {
    if (!keys) throw new StartupError(NO_KEY_MESSAGE);
    return keys;
  };
  return {
    importRoster: (input) => importRoster(db, input),

    importRosterFile: async (path, options = {}) => importRosterFromFile(db, ring, path, { apply: options.apply ?? false, deactivateMissing: options.deactivateMissing ?? false }, now()),
    listStaff: async (unitId) => listUnitStaff(db, ring(), unitId, now()),
    setStaffActive: async (staffId, active) => setStaffActive(db, ring(), staffId, active, now()),

    async createEnrollmentCode({ unitId, counterId = null, days = 7 }) {
      if (!RecordId.safeParse(unitId).success) throw new HttpError(400, 'invalid_unit', `invalid unit id ${unitId}`);
      if (!Number.isFinite(days) || days <= 0 || days > 365) throw new HttpError(400, 'invalid_days', 'days must be between 0 and 365');
      const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
      if (!unit) throw new HttpError(404, 'unknown_unit', `unknown unit ${unitId}`);
      if (counterId !== null) {
        const counter = await db.selectFrom('counters').select('unit_id').where('id', '=', counterId).executeTakeFirst();
        if (!counter) throw new HttpError(404, 'unknown_counter', `unknown counter ${counterId}`);
        if (counter.unit_id !== unitId) throw new HttpError(400, 'counter_of_other_unit', `counter ${counterId} belongs to unit ${counter.unit_id}`);
      }
      const at = now();
      return (await issueEnrollmentCode(db, { unitId, counterId, expiresAt: at + days * DAY_MS }, at)).code;
    },

    async listDevices() {
      const [rows, judged] = await Promise.all([
        db.selectFrom('devices').selectAll().orderBy('unit_id').orderBy('enrolled_at').execute(),
        fleetKiosks(db, now()),
      ]);
      const fleet = new Map(judged.map((kiosk) => [kiosk.deviceId, kiosk]));
      return rows.map((d) => ({
        deviceId: d.id,
        name: d.name,
        unitId: d.unit_id,
        counterId: d.counter_id,
        appVersion: d.app_version,
        enrolledAt: d.enrolled_at,
        revokedAt: d.revoked_at,
        lastSeenAt: d.last_seen_at,
        lastHeartbeatAt: d.last_heartbeat_at,
        pendingCount: d.pending_count,
        oldestPendingAgeMs: d.oldest_pending_age_ms,
        lastError: d.last_error,
        clockOffsetMs: d.clock_offset_ms,
        failedLogins: d.failed_badge_logins === null || d.failed_pin_logins === null ? null : { badges: d.failed_badge_logins, pins: d.failed_pin_logins },
        status: fleet.get(d.id)?.status ?? (d.revoked_at !== null ? 'retired' : 'offline'),
        openAlerts: fleet.get(d.id)?.openAlerts ?? [],
        rosterProblems: fleet.get(d.id)?.rosterProblems ?? [],
        conflictsNotKept: d.conflicts_not_kept,
      }));
    },

    async revokeDevice(deviceId) {
      const result = await db
        .updateTable('devices')
        .set({ revoked_at: now() })
        .where('id', '=', deviceId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows ?? 0) > 0) return true;
      return (await db.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst()) !== undefined;
    },

    setConfig: (scope, settings) => saveKioskSettings(db, scope, settings, now()),
    setOldBadgesUntil: (day) => writeOldBadgesUntil(db, day, now()),
    oldBadgesUntil: () => readOldBadgesUntil(db),
    reissueBadge: async (staffId) => reissueBadge(db, ring(), staffId, now()),
    currentBadges: async (unitId, staffIds = null) => currentBadges(db, ring(), unitId, staffIds, now()),

    async ratingIds() {
      return (await db.selectFrom('ratings').select('id').orderBy('id').execute()).map((r) => r.id);
    },

    async listRatings() {
      const rows = await db.selectFrom('ratings').selectAll().orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id,
        deviceId: r.device_id,
        seq: r.seq,
        unitId: r.unit_id,
        counterId: r.counter_id,
        staffId: r.staff_id,
        score: r.score,
        comment: r.comment,
        createdAt: r.created_at,
        clockOffsetMs: r.clock_offset_ms,
        correctedAt: r.corrected_at,
        receivedAt: r.received_at,
        batchId: r.batch_id,
        timeUncertain: r.time_uncertain,
      }));
    },

    async conflictIds() {
      return (await db.selectFrom('rating_conflicts').select('rating_id').orderBy('serial').execute()).map((r) => r.rating_id);
    },

    async listConflicts() {
      const rows = await db.selectFrom('rating_conflicts').selectAll().orderBy('serial').execute();
      return rows.map((r) => ({ ratingId: r.rating_id, deviceId: r.device_id, batchId: r.batch_id, receivedAt: r.received_at, content: JSON.parse(r.content) as unknown }));
    },

    async counts() {
      const count = sql<number>`count(*)::int`.as('n');
      const [ratings, conflicts, notKept, devices, units, staff] = await Promise.all([
        db.selectFrom('ratings').select(count).executeTakeFirstOrThrow(),
        db.selectFrom('rating_conflicts').select(count).executeTakeFirstOrThrow(),
        db.selectFrom('devices').select(sql<number>`coalesce(sum(conflicts_not_kept), 0)::int`.as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('devices').select(count).executeTakeFirstOrThrow(),
        db.selectFrom('units').select(count).executeTakeFirstOrThrow(),
        db.selectFrom('staff').select(count).executeTakeFirstOrThrow(),
      ]);
      return { ratings: ratings.n, conflicts: conflicts.n, conflictsNotKept: notKept.n, devices: devices.n, units: units.n, staff: staff.n };
    },

    async rotateDeviceKey() {
      const keys = ring();
      const resealed = await db.transaction().execute(async (trx) => {
        const stale = await trx.selectFrom('devices').select(['id', 'sealed_secret', 'secret_key_id']).where('secret_key_id', '!=', keys.currentId).forUpdate().execute();
        for (const row of stale) {
          const context = deviceSecretContext(row.id);
          const { keyId, sealed } = keys.seal(keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, context), context);
          await trx.updateTable('devices').set({ sealed_secret: sealed, secret_key_id: keyId }).where('id', '=', row.id).execute();
        }
        // The SMTP relay's password is sealed with the same keys (migration 0028).
        const relay = await trx.selectFrom('mail_relay').select(['sealed_password', 'password_key_id']).where('password_key_id', '!=', keys.currentId).forUpdate().executeTakeFirst();
        if (relay?.sealed_password && relay.password_key_id) {
          const { keyId, sealed } = keys.seal(keys.open({ keyId: relay.password_key_id, sealed: relay.sealed_password }, RELAY_PASSWORD_CONTEXT), RELAY_PASSWORD_CONTEXT);
          await trx.updateTable('mail_relay').set({ sealed_password: sealed, password_key_id: keyId }).execute();
        }
        // The badge signing key and the units' badge keys too (migration 0032).
        const badgeKeys = await resealBadgeKeys(trx, keys);
        return { devices: stale.length, relayPassword: Boolean(relay?.sealed_password), badgeKeys };
      });
      // No old row version keeps a value sealed with the old key.
      if (resealed.devices > 0) await sql`VACUUM FULL devices`.execute(db);
      if (resealed.relayPassword) await sql`VACUUM FULL mail_relay`.execute(db);
      if (resealed.badgeKeys > 0) {
        await sql`VACUUM FULL badge_signing_key`.execute(db);
        await sql`VACUUM FULL unit_badge_keys`.execute(db);
      }
      const devices = await db.selectFrom('devices').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      return { keyId: keys.currentId, resealed: resealed.devices, relayPasswordResealed: resealed.relayPassword, badgeKeysResealed: resealed.badgeKeys, devices: devices.n };
    },

    async reportTable(request) {
      const table = await reportTable(db, request);
      const { from, to, unitId = null, by } = request;
      await writeAudit(db, { actor: null, action: 'export', details: { via: 'command line', report: by, period: { from, to }, unitId, rows: table.rows.length }, address: null, at: now() });
      return table;
    },

    async rankingTable(request) {
      const table = await rankingTable(db, request);
      const { from, to, unitId = null, by, deskRole = null, minRatings, weight } = request;
      await writeAudit(db, {
        actor: null,
        action: 'export',
        details: { via: 'command line', ranking: by, period: { from, to }, unitId, deskRole, ...(minRatings !== undefined ? { minRatings } : {}), ...(weight !== undefined ? { weight } : {}), rows: table.rows.length },
        address: null,
        at: now(),
      });
      return table;
    },

    async runGamingChecks() {
      const total = { ratings: 0, flags: 0 };
      for (;;) {
        const round = await runGamingChecks(db, now());
        total.ratings += round.ratings;
        total.flags += round.flags;
        if (round.ratings === 0) return total;
      }
    },

    async evaluationReport({ unitId, from, to, format }) {
      if (!(EVALUATION_FORMATS as readonly string[]).includes(format)) throw new HttpError(400, 'invalid_format', `--format must be one of ${EVALUATION_FORMATS.join(', ')}`);
      if (unitId !== null && !(await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst())) {
        throw new HttpError(404, 'unknown_unit', `there is no unit ${unitId}`);
      }
      const request = { unitId, period: await namedPeriod(db, from, to), format: format as EvaluationFormat, now: now() };
      const file = await evaluationFile(db, COMMAND_LINE_USER, request);
      await auditEvaluationExport(db, { actor: null, via: 'command line', request, bytes: file.bytes.length, address: null });
      return { fileName: file.fileName, contentBase64: file.bytes.toString('base64') };
    },

    async addConsoleUser(input) {
      const parsed = CreateAccountRequestSchema.safeParse({ ...input, displayName: input.displayName ?? input.login });
      if (!parsed.success) throw new HttpError(400, 'invalid_account', describeIssues(parsed.error).join('; '));
      const at = now();
      const account = await createAccount(db, parsed.data, at);
      await writeAudit(db, {
        actor: null,
        action: 'account_created',
        details: { via: 'command line', account: account.login, role: account.role, unitId: account.unitId },
        address: null,
        at,
      });
      return account;
    },
  };
}
