/**
 * Every officer of a scope with their counts over a period: the ground the fair rankings of the
 * next issue stand on (DOMAIN.md "Fair ranking"), and the command line's `--by staff`. Officers of
 * the scope without a rating are listed too, with zeros: a ranking must show who was not rated.
 */
import type { DeskRole } from '../../shared/rating';
import type { BehaviourTable, ScoreCounts } from '../../shared/reports/measures';
import type { Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { emptySums, sumRollups } from './rollup-query';

export interface RankedOfficer {
  staffId: string;
  fullName: string;
  title: string;
  /** The officer's unit in the roster (their ratings may also come from a unit they left). */
  unitId: string;
  active: boolean;
  counts: ScoreCounts;
  behaviours: BehaviourTable;
}

/** The officers of `unitIds` (null: the province) with their counts, most rated first. */
export async function staffRanking(db: ServerDb, unitIds: readonly string[] | null, period: Pick<Period, 'from' | 'to'>, deskRole: DeskRole | null = null): Promise<RankedOfficer[]> {
  const [byStaff] = await sumRollups(db, period, { unitIds, deskRole }, [['staff']]);
  const sums = new Map(byStaff.filter((g) => g.staff !== '').map((g) => [g.staff!, g.sums]));
  const columns = ['id', 'full_name', 'title', 'unit_id', 'active'] as const;
  let ofScope = db.selectFrom('staff').select(columns).where('active', '=', true);
  if (unitIds !== null) ofScope = unitIds.length > 0 ? ofScope.where('unit_id', 'in', unitIds) : ofScope.where((eb) => eb.val(false));
  const officers = await ofScope.execute();
  // Rated here but no longer of the scope (moved, retired): few, asked by id.
  const listed = new Set(officers.map((o) => o.id));
  const others = [...sums.keys()].filter((id) => !listed.has(id));
  if (others.length > 0) officers.push(...(await db.selectFrom('staff').select(columns).where('id', 'in', others).execute()));
  return officers
    .map((o) => {
      const { counts, behaviours } = sums.get(o.id) ?? emptySums();
      return { staffId: o.id, fullName: o.full_name, title: o.title, unitId: o.unit_id, active: o.active, counts, behaviours };
    })
    .sort((a, b) => b.counts.ratings - a.counts.ratings || a.fullName.localeCompare(b.fullName, 'vi') || (a.staffId < b.staffId ? -1 : 1));
}
