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
  let query = db.selectFrom('staff').select(['id', 'full_name', 'title', 'unit_id', 'active']);
  const rated = [...sums.keys()];
  query = query.where((eb) => {
    const ofScope = unitIds === null ? eb('active', '=', true) : unitIds.length > 0 ? eb.and([eb('active', '=', true), eb('unit_id', 'in', unitIds)]) : eb.val(false);
    return rated.length > 0 ? eb.or([ofScope, eb('id', 'in', rated)]) : ofScope;
  });
  const officers = await query.execute();
  return officers
    .map((o) => {
      const { counts, behaviours } = sums.get(o.id) ?? emptySums();
      return { staffId: o.id, fullName: o.full_name, title: o.title, unitId: o.unit_id, active: o.active, counts, behaviours };
    })
    .sort((a, b) => b.counts.ratings - a.counts.ratings || a.fullName.localeCompare(b.fullName, 'vi') || (a.staffId < b.staffId ? -1 : 1));
}
