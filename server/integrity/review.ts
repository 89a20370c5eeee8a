/**
 * The review queue (docs/integrity.md, "Review"): the flags of the units in a user's scope, and a
 * reviewer's decision on one. Confirming takes the flag's ratings out of reports and rankings (the
 * reason kept with the flag); dismissing leaves them counted (or puts them back). The decision,
 * the ratings it moved in the rollups and its audit entry are one transaction: a report never sees
 * one without the others.
 */
import { sql } from 'kysely';
import type { ConsoleUser } from '../../shared/console/api';
import type { FlagDecision, FlagDecisionAnswer, FlagList, FlagReason, FlagStatus, ReviewFlag } from '../../shared/console/integrity';
import type { ServerDb } from '../db/connect';
import { writeAudit } from '../console/audit';
import { ConsoleError } from '../console/errors';
import type { UserScope } from '../console/scope';
import { countOnlyWhatShould } from './exclusions';

const LISTED = 500;

function flagQuery(db: ServerDb) {
  return db
    .selectFrom('rating_flags as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .leftJoin('devices as d', 'd.id', 'f.device_id')
    .leftJoin('staff as s', 's.id', 'f.staff_id')
    .selectAll('f')
    .select(['u.name as unit_name', 'd.name as device_name', 's.full_name as staff_name']);
}

type FlagRow = Awaited<ReturnType<ReturnType<typeof flagQuery>['executeTakeFirstOrThrow']>>;

function toReviewFlag(row: FlagRow): ReviewFlag {
  return {
    id: row.id,
    reason: row.reason as FlagReason,
    status: row.status,
    unitId: row.unit_id,
    unitName: row.unit_name,
    deviceId: row.device_id,
    deviceName: row.device_name ?? null,
    staffId: row.staff_id,
    staffName: row.staff_name ?? null,
    staffSessionId: row.staff_session_id,
    firstAt: row.first_at,
    lastAt: row.last_at,
    ratingCount: row.rating_count,
    evidence: JSON.parse(row.evidence) as Record<string, unknown>,
    createdAt: row.created_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  };
}

/** The flags of the user's scope with this status (and reason, unit), newest first. */
export async function listFlags(db: ServerDb, scope: UserScope, query: { status: FlagStatus; reason?: FlagReason | undefined; unit?: string | undefined }): Promise<FlagList> {
  const unitIds = query.unit !== undefined ? [...scope.subtree(scope.requireUnit(query.unit).id)].filter((id) => scope.includes(id)) : scope.isProvince ? null : scope.visibleUnits().map((u) => u.id);
  let base = flagQuery(db).where('f.status', '=', query.status);
  if (query.reason) base = base.where('f.reason', '=', query.reason);
  if (unitIds !== null) base = unitIds.length === 0 ? base.where(sql<boolean>`false`) : base.where('f.unit_id', 'in', unitIds);
  const [rows, count] = await Promise.all([
    base.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(LISTED).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toReviewFlag), total: Number(count.n) };
}

export interface FlagDecisionRequest {
  flagId: string;
  decision: FlagDecision;
  note: string;
  user: ConsoleUser;
  address: string | null;
  at: number;
}

/**
 * Records a reviewer's decision: refused (403, nothing changed) when the flag is not of a unit in
 * the user's scope — a flag that does not exist is refused the same way, so ids reveal nothing.
 */
export async function decideFlag(db: ServerDb, scope: UserScope, request: FlagDecisionRequest): Promise<FlagDecisionAnswer> {
  return db.transaction().execute(async (trx) => {
    const flag = await trx.selectFrom('rating_flags').select(['id', 'unit_id', 'status', 'reason']).where('id', '=', request.flagId).forUpdate().executeTakeFirst();
    if (!flag || !scope.includes(flag.unit_id)) throw new ConsoleError(403, 'out_of_scope', { unit: flag?.unit_id ?? request.flagId });
    const status: FlagStatus = request.decision === 'confirm' ? 'confirmed' : 'dismissed';
    await trx
      .updateTable('rating_flags')
      .set({ status, decided_by: request.user.login, decided_at: request.at, decision_note: request.note === '' ? null : request.note, updated_at: request.at })
      .where('id', '=', flag.id)
      .execute();
    const covered = await trx.selectFrom('rating_flag_ratings').select('rating_id').where('flag_id', '=', flag.id).execute();
    const { removed, restored } = await countOnlyWhatShould(trx, covered.map((row) => row.rating_id));
    await writeAudit(trx, {
      actor: request.user,
      action: 'flag_reviewed',
      details: { flag: flag.id, reason: flag.reason, unitId: flag.unit_id, from: flag.status, to: status, note: request.note, ratings: covered.length, removed, restored },
      address: request.address,
      at: request.at,
    });
    const row = await flagQuery(trx).where('f.id', '=', flag.id).executeTakeFirstOrThrow();
    return { flag: toReviewFlag(row), removed, restored };
  });
}
