import type { Database } from 'better-sqlite3';
import { normalizeBadgeCode } from '../../../shared/badge';
import { hashBadgeCode } from '../../../shared/node/badge-hash';
import { BADGE_CODE_PATTERN } from '../../../shared/staff-login';
import { hasControlCharacters } from '../../../shared/text';

/**
 * Whose badge a scan is: the one lookup of badge codes, for logging in at the counter and for an IT
 * officer's credential alike. 'not_a_badge' for input that is not the shape of a badge code.
 */
export function staffIdForBadge(db: Database, rawCode: string): { staffId: string } | 'not_a_badge' | 'unknown_badge' {
  // Control characters are refused before normalising, which would strip some of them.
  const code = hasControlCharacters(rawCode.replace(/[\r\n\t]+$/, '')) ? '' : normalizeBadgeCode(rawCode);
  if (!BADGE_CODE_PATTERN.test(code)) return 'not_a_badge';
  const row = db.prepare('SELECT id FROM staff WHERE badge_hash = ?').get(hashBadgeCode(code)) as { id: string } | undefined;
  return row ? { staffId: row.id } : 'unknown_badge';
}
