import type { Database } from 'better-sqlite3';
import { normalizeBadgeCode } from '../../../shared/badge';
import { BADGE_CODE_PATTERN } from '../../../shared/staff-login';
import { hasControlCharacters } from '../../../shared/text';
import { findBadgeHolder, isExpiredOldBadge, type BadgeHolder } from '../badges';

export type BadgeLookup =
  | { holder: BadgeHolder }
  | { refused: 'not_a_badge' | 'unknown_badge' }
  /** An old-format badge whose migration window has ended: its holder is known, for the audit log. */
  | { refused: 'old_badge'; staffId: string };

/**
 * Whose badge a scan is: the one lookup of badge codes, for logging in at the counter, for proving
 * a staff action and for an IT officer's credential alike, so that an IT officer's badge is a keyed
 * badge like any other and an old-format one stops at the end of its window everywhere at once.
 * Refused: input that is not the shape of a badge code, a code nobody holds, and an old-format
 * badge after its window.
 */
export function lookUpBadge(db: Database, rawCode: string, now: number): BadgeLookup {
  // Control characters are refused before normalising, which would strip some of them.
  const code = hasControlCharacters(rawCode.replace(/[\r\n\t]+$/, '')) ? '' : normalizeBadgeCode(rawCode);
  if (!BADGE_CODE_PATTERN.test(code)) return { refused: 'not_a_badge' };
  const holder = findBadgeHolder(db, code);
  if (!holder) return { refused: 'unknown_badge' };
  if (isExpiredOldBadge(db, holder, now)) return { refused: 'old_badge', staffId: holder.staffId };
  return { holder };
}
