import type { Database } from 'better-sqlite3';
import type { ConfigResponse, RosterResponse } from '../../../shared/protocol';
import { knownRoles } from '../../../shared/roster';
import { audit } from '../audit';
import { applyUnitBadgeCredentials } from '../badges';
import { findCounter, importRoster } from '../roster';
import { currentSession, endSession } from '../sessions';
import { readSetting, updateKioskSettings, writeSetting } from '../settings';

export interface RosterChange {
  staff: number;
  deactivated: number;
  /** The officer logged in at this kiosk's counter was deactivated and logged out. */
  loggedOut: string | null;
}

/**
 * Applies the roster the server sent, in one transaction, taking effect at once: staff of the
 * units it covers who are no longer listed are deactivated, and a deactivated officer who is
 * logged in at this kiosk is logged out (audited), so no rating is made in their name any more.
 * A server that knows badge scheme v2 sends its unit's keyed badge credentials: they replace the
 * unit's, and the unkeyed scheme v1 hashes it also sends for older kiosks are not kept.
 * Roles come from the answer's `staffRoles` (a server that sends none gives no one a role).
 */
export function applyServerRoster(db: Database, roster: RosterResponse, now: number): RosterChange {
  return db.transaction((): RosterChange => {
    const withRoles = roster.staff.map((member) => ({ ...member, roles: knownRoles(roster.staffRoles?.[member.id]) }));
    const staff = roster.badges ? withRoles.map(({ badgeHash: _forOlderKiosks, ...member }) => member) : withRoles;
    importRoster(db, { units: roster.units, counters: roster.counters, staff }, now);
    if (roster.badges) applyUnitBadgeCredentials(db, roster.badges, now);
    const listed = new Set(roster.staff.map((s) => s.id));
    let deactivated = 0;
    const byUnit = db.prepare('SELECT id FROM staff WHERE unit_id = ? AND active = 1');
    const deactivate = db.prepare('UPDATE staff SET active = 0 WHERE id = ?');
    for (const unit of roster.units) {
      for (const { id } of byUnit.all(unit.id) as { id: string }[]) {
        if (listed.has(id)) continue;
        deactivate.run(id);
        deactivated += 1;
      }
    }
    let loggedOut: string | null = null;
    const counterId = readSetting<string>(db, 'counterId');
    const session = counterId ? currentSession(db, counterId) : null;
    if (counterId && session) {
      const officer = db.prepare('SELECT active FROM staff WHERE id = ?').get(session.staffId) as
        | { active: number }
        | undefined;
      if (!officer || officer.active !== 1) {
        endSession(db, counterId, now, 'deactivated_by_roster');
        loggedOut = session.staffId;
      }
    }
    audit(db, now, 'system', 'roster_updated', { staff: roster.staff.length, deactivated, loggedOut });
    return { staff: roster.staff.length, deactivated, loggedOut };
  }).immediate();
}

/**
 * Applies the settings the server sent (validated: an invalid value changes nothing) and the
 * counter the server assigned to this kiosk, if the roster knows it.
 */
export function applyServerConfig(db: Database, config: ConfigResponse, now: number): { counterChanged: boolean } {
  return db.transaction(() => {
    updateKioskSettings(db, config.settings, now);
    let counterChanged = false;
    const counterId = config.counterId ?? null;
    if (counterId && readSetting<string>(db, 'counterId') !== counterId && findCounter(db, counterId)) {
      const previous = readSetting<string>(db, 'counterId') ?? null;
      if (previous) endSession(db, previous, now, 'counter_reassigned');
      writeSetting(db, 'counterId', counterId, now);
      audit(db, now, 'system', 'counter_assigned', { counterId, previous });
      counterChanged = true;
    }
    audit(db, now, 'system', 'config_updated', { keys: Object.keys(config.settings) });
    return { counterChanged };
  }).immediate();
}
