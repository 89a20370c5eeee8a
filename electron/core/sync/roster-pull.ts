import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { RosterProblem, RosterProblemReason } from '../../../shared/fleet';
import { hashBadgeCode } from '../../../shared/node/badge-hash';
import { StaffPinSchema, UnitBadgeCredentialsSchema, type ConfigResponse } from '../../../shared/protocol';
import { CounterSchema, knownRoles, StaffSchema, UnitSchema } from '../../../shared/roster';
import { EpochMs, RecordId } from '../../../shared/schema-helpers';
import { audit } from '../audit';
import { applyUnitBadgeCredentials } from '../badges';
import { findCounter, findUnit, upsertCounter, upsertStaff, upsertUnit } from '../roster';
import { currentSession, endSession } from '../sessions';
import { readSetting, updateKioskSettings, writeSetting } from '../settings';

/**
 * The roster answer as a kiosk reads it: row by row, so that one row this kiosk cannot take (two
 * officers sent the same badge, an officer of a unit it does not know, a row a newer server shaped
 * otherwise) is left out and reported, and the others apply. Only an answer that is not a roster at
 * all is refused as a whole.
 */
export const RosterEnvelopeSchema = z.object({
  units: z.array(z.unknown()).max(10_000),
  counters: z.array(z.unknown()).max(100_000),
  staff: z.array(z.unknown()).max(100_000),
  badges: z.unknown().optional(),
  staffRoles: z.record(z.string(), z.unknown()).optional(),
  staffPins: z.record(z.string(), z.unknown()).optional(),
  serverTime: EpochMs,
});
export type RosterEnvelope = z.output<typeof RosterEnvelopeSchema>;

export interface RosterChange {
  staff: number;
  deactivated: number;
  /** The officer logged in at this kiosk's counter was deactivated and logged out. */
  loggedOut: string | null;
  /** Rows left out, with why; the others were applied. */
  problems: RosterProblem[];
}

/** The id a row names, when it names a well-formed one (to report it, and not to deactivate its officer). */
function idOf(row: unknown): string | undefined {
  const id = (row as { id?: unknown } | null)?.id;
  return RecordId.safeParse(id).success ? (id as string) : undefined;
}

/** Officers whose badge another officer of the same answer was also sent: the badge names no one. */
function sharedBadgeHolders(holders: { staffId: string; hashes: (string | undefined)[] }[]): Set<string> {
  const byHash = new Map<string, Set<string>>();
  for (const { staffId, hashes } of holders) {
    for (const hash of hashes) {
      if (!hash) continue;
      byHash.set(hash, (byHash.get(hash) ?? new Set()).add(staffId));
    }
  }
  return new Set([...byHash.values()].filter((ids) => ids.size > 1).flatMap((ids) => [...ids]));
}

/**
 * Applies the roster the server sent, in one transaction, taking effect at once: staff of the
 * units it covers who are no longer listed are deactivated, and a deactivated officer who is
 * logged in at this kiosk is logged out (audited), so no rating is made in their name any more.
 * A server that knows badge scheme v2 sends its unit's keyed badge credentials: they replace the
 * unit's, and the unkeyed scheme v1 hashes it also sends for older kiosks are not kept.
 * Roles come from the answer's `staffRoles` (a server that sends none gives no one a role).
 *
 * A row that cannot be applied is left out, not the roster (a kiosk never goes dead over one bad
 * row): an officer left out stays as this kiosk had them, with the badge they had, and is not
 * deactivated; a new one is not added. What was left out is answered, for the heartbeat.
 */
export function applyServerRoster(db: Database, roster: RosterEnvelope, now: number): RosterChange {
  return db.transaction((): RosterChange => {
    const counterId = readSetting<string>(db, 'counterId');
    const session = counterId ? currentSession(db, counterId) : null;
    // The badge credentials of the officer on duty here, when a badge opened their session.
    // Any session of an officer whose badge is reissued ends, a PIN session too: a PIN may have
    // been set with the stolen badge (the server also clears a PIN set at a kiosk on reissue).
    const badgeBefore = session ? badgeCredentialsOf(db, session.staffId) : null;
    const problems: RosterProblem[] = [];
    const leftOut = (reason: RosterProblemReason, staffId?: string) => problems.push(staffId ? { staffId, reason } : { reason });
    // Each row in its own savepoint: one the database refuses leaves the others.
    const inSavepoint = db.transaction((apply: () => void) => apply());

    const units = roster.units.flatMap((row) => {
      const unit = UnitSchema.safeParse(row);
      if (!unit.success) leftOut('invalid_unit');
      return unit.success ? [unit.data] : [];
    });
    for (const unit of units) upsertUnit(db, unit);
    const knownUnit = (id: string) => findUnit(db, id) !== null;

    for (const row of roster.counters) {
      const counter = CounterSchema.safeParse(row);
      if (!counter.success) leftOut('invalid_counter');
      else if (!knownUnit(counter.data.unitId)) leftOut('counter_unknown_unit');
      else {
        try {
          inSavepoint(() => upsertCounter(db, counter.data));
        } catch {
          leftOut('not_applied');
        }
      }
    }

    const badges = roster.badges === undefined ? null : UnitBadgeCredentialsSchema.safeParse(roster.badges);
    if (badges && !badges.success) leftOut('invalid_badges');
    const credentials = badges?.success ? badges.data : null;
    const rolesOf = (id: string) => {
      const roles = roster.staffRoles?.[id];
      return knownRoles(Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : undefined);
    };
    const staff = roster.staff.flatMap((row) => {
      // With keyed credentials, the scheme v1 hashes meant for older kiosks are not kept (keyed
      // credentials this kiosk cannot read leave it reading the answer as a kiosk before them).
      const { badgeHash: _forOlderKiosks, ...withoutV1 } = (typeof row === 'object' && row !== null ? row : {}) as { badgeHash?: unknown };
      const member = StaffSchema.safeParse(credentials ? withoutV1 : row);
      if (!member.success) {
        leftOut('invalid_staff', idOf(row));
        return [];
      }
      return [{ ...member.data, roles: rolesOf(member.data.id) }];
    });
    const shared = credentials
      ? sharedBadgeHolders(credentials.staff.map((m) => ({ staffId: m.staffId, hashes: [m.badgeHash, m.oldBadgeHash] })))
      : sharedBadgeHolders(staff.map((m) => ({ staffId: m.id, hashes: [m.badgeHash ?? (m.badgeCode ? hashBadgeCode(m.badgeCode) : undefined)] })));
    const notApplied = new Set<string>();
    for (const member of staff) {
      if (shared.has(member.id)) {
        leftOut('duplicate_badge', member.id);
        notApplied.add(member.id);
      } else if (!knownUnit(member.unitId)) {
        leftOut('unknown_unit', member.id);
        notApplied.add(member.id);
      } else {
        try {
          inSavepoint(() => upsertStaff(db, member, now));
        } catch {
          leftOut('not_applied', member.id);
          notApplied.add(member.id);
        }
      }
    }
    // Credentials of officers the answer names but whose row did not parse stay as they were too.
    for (const id of roster.staff.map(idOf)) if (id && !staff.some((m) => m.id === id)) notApplied.add(id);
    if (credentials) {
      const keptOut = new Set([...notApplied, ...shared]);
      for (const staffId of applyUnitBadgeCredentials(db, credentials, now, keptOut)) leftOut('not_applied', staffId);
    }

    if (roster.staffPins) applyConsolePins(db, roster.staffPins, notApplied, leftOut, now);

    const listed = new Set(roster.staff.map(idOf).filter((id): id is string => id !== undefined));
    let deactivated = 0;
    const byUnit = db.prepare('SELECT id FROM staff WHERE unit_id = ? AND active = 1');
    const deactivate = db.prepare('UPDATE staff SET active = 0 WHERE id = ?');
    for (const unit of units) {
      for (const { id } of byUnit.all(unit.id) as { id: string }[]) {
        if (listed.has(id)) continue;
        deactivate.run(id);
        deactivated += 1;
      }
    }
    let loggedOut: string | null = null;
    if (counterId && session) {
      const officer = db.prepare('SELECT active FROM staff WHERE id = ?').get(session.staffId) as
        | { active: number }
        | undefined;
      const reason =
        !officer || officer.active !== 1
          ? listed.has(session.staffId) ? 'deactivated_by_roster' : 'roster_removed'
          : badgeBefore && badgeStopped(badgeBefore, badgeCredentialsOf(db, session.staffId))
            ? 'badge_reissued'
            : null;
      if (reason) {
        endSession(db, counterId, now, reason);
        loggedOut = session.staffId;
      }
    }
    const applied = roster.staff.length - new Set(problems.map((p) => p.staffId).filter(Boolean)).size;
    audit(db, now, 'system', 'roster_updated', {
      staff: roster.staff.length,
      deactivated,
      loggedOut,
      ...(problems.length > 0 ? { leftOut: problems.length, applied } : {}),
    });
    return { staff: roster.staff.length, deactivated, loggedOut, problems };
  }).immediate();
}

interface BadgeCredentials {
  key: string | null;
  current: string | null;
  old: string | null;
}

function badgeCredentialsOf(db: Database, staffId: string): BadgeCredentials {
  const row = db
    .prepare(
      `SELECT k.key, s.badge_hmac AS current, s.old_badge_hmac AS old
       FROM staff s LEFT JOIN badge_keys k ON k.unit_id = s.unit_id WHERE s.id = ?`,
    )
    .get(staffId) as BadgeCredentials | undefined;
  return row ?? { key: null, current: null, old: null };
}

/**
 * Whether the badge that opened a session may no longer log its officer in: they hold no badge
 * any more, or (under the same unit key, so that the hashes compare) a badge credential they held
 * is gone or changed — a reissue replaces the current badge and drops the old-format one. The
 * kiosk keeps no code, so it cannot tell which of the two was scanned: either going ends the session.
 */
function badgeStopped(before: BadgeCredentials, after: BadgeCredentials): boolean {
  if (after.current === null && after.old === null) return before.current !== null || before.old !== null;
  if (before.key !== after.key) return false;
  return (before.current !== null && after.current !== before.current) || (before.old !== null && after.old !== before.old);
}

/**
 * PINs set in the console (docs/badges.md "PINs"): each replaces this kiosk's PIN of the officer
 * unless a PIN was set or cleared here after it (the newer wins; the kiosk's own changes are in its
 * audit log, `pin_set` and `pin_cleared`). The hash is stored as it came: the PIN never travels.
 */
function applyConsolePins(db: Database, pins: Record<string, unknown>, notApplied: ReadonlySet<string>, leftOut: (reason: RosterProblemReason, staffId?: string) => void, now: number): void {
  const setHere = new Map(
    (db
      .prepare(
        `SELECT json_extract(details, '$.staffId') AS staffId, max(at) AS at FROM audit_log
         WHERE action IN ('pin_set', 'pin_cleared') GROUP BY 1`,
      )
      .all() as { staffId: string; at: number }[]).map((row) => [row.staffId, row.at]),
  );
  const current = db.prepare('SELECT pin_hash AS pinHash FROM staff WHERE id = ?');
  const store = db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?');
  for (const [staffId, value] of Object.entries(pins)) {
    const pin = StaffPinSchema.safeParse(value);
    if (!RecordId.safeParse(staffId).success || !pin.success) {
      leftOut('invalid_pin', RecordId.safeParse(staffId).success ? staffId : undefined);
      continue;
    }
    if (notApplied.has(staffId)) continue;
    const row = current.get(staffId) as { pinHash: string | null } | undefined;
    if (!row || row.pinHash === pin.data.hash || (setHere.get(staffId) ?? -Infinity) > pin.data.setAt) continue;
    store.run(pin.data.hash, staffId);
    audit(db, now, 'system', 'pin_from_console', { staffId, setAt: pin.data.setAt, cleared: pin.data.hash === null });
  }
}

/**
 * Applies the settings the server sent (validated: an invalid value changes nothing) and the
 * counter the server assigned to this kiosk, if the roster knows it.
 */
export function applyServerConfig(db: Database, config: ConfigResponse, now: number): { counterChanged: boolean } {
  return db.transaction(() => {
    updateKioskSettings(db, config.settings, now);
    const counterChanged = assignServerCounter(db, config.counterId ?? null, now);
    audit(db, now, 'system', 'config_updated', { keys: Object.keys(config.settings) });
    return { counterChanged };
  }).immediate();
}

/**
 * Takes the counter the server assigned when the roster knows it: at the config pull, and again
 * after a roster pull — a config read before the kiosk had its roster (the first pull after
 * enrolment, which asks the server's revision) named a counter the kiosk could not take yet, and
 * the config's ETag would not bring it again.
 */
export function assignServerCounter(db: Database, counterId: string | null, now: number): boolean {
  if (!counterId || readSetting<string>(db, 'counterId') === counterId || !findCounter(db, counterId)) return false;
  const previous = readSetting<string>(db, 'counterId') ?? null;
  if (previous) endSession(db, previous, now, 'counter_reassigned');
  writeSetting(db, 'counterId', counterId, now);
  audit(db, now, 'system', 'counter_assigned', { counterId, previous });
  return true;
}
