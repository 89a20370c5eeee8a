import type { Database } from 'better-sqlite3';
import type { StaffSearchHit } from '../../../shared/staff-login';
import { matchesSearch, searchKey } from '../../../shared/text';

export const SEARCH_MAX_RESULTS = 20;
/** Fewer letters than this find nothing: the list is not a roster to browse. */
export const SEARCH_MIN_LETTERS = 2;

/**
 * Finds staff by name, ignoring case, tones, đ/d, Unicode form and extra spaces: every word typed
 * must start a word of the name ("khoi" finds "Đặng Minh Khôi"). Old and new tone placement
 * ("Hoà"/"Hòa") compare equal. Limited to one unit when `unitId` is given. Active staff first.
 */
export function searchStaff(db: Database, query: string, unitId: string | null): StaffSearchHit[] {
  if (searchKey(query).replace(/ /g, '').length < SEARCH_MIN_LETTERS) return [];
  const rows = db
    .prepare(
      `SELECT id, full_name AS fullName, title, photo, active, pin_hash IS NOT NULL AS hasPin
       FROM staff WHERE (@unitId IS NULL OR unit_id = @unitId)`,
    )
    .all({ unitId }) as { id: string; fullName: string; title: string; photo: string | null; active: number; hasPin: number }[];
  return rows
    .filter((row) => matchesSearch(row.fullName, query))
    .sort((a, b) => b.active - a.active || searchKey(a.fullName).localeCompare(searchKey(b.fullName)) || a.id.localeCompare(b.id))
    .slice(0, SEARCH_MAX_RESULTS)
    .map((row) => ({
      staffId: row.id,
      fullName: row.fullName,
      title: row.title,
      photo: row.photo,
      active: row.active === 1,
      hasPin: row.hasPin === 1,
    }));
}
