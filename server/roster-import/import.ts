import { sql } from 'kysely';
import type { RosterImportResult, RosterPlan } from '../../shared/roster-import';
import { searchKey } from '../../shared/text';
import { badgeSigningKey } from '../badges';
import type { ServerDb } from '../db/connect';
import type { SecretKeyRing } from '../secret-keys';
import { planImport, readSnapshot, type RosterWrites } from './plan';
import { readRosterFile } from './read-file';

export interface RosterImportRequest {
  fileName: string;
  bytes: Buffer;
  /** Deactivate the active staff of the file's units that the file does not name. */
  deactivateMissing: boolean;
}

/** The plan of an import: what it would do, storing nothing (the console's preview, `--dry-run`). */
export async function previewRosterImport(db: ServerDb, keys: SecretKeyRing, request: RosterImportRequest, at: number): Promise<RosterPlan> {
  const file = await readRosterFile(request.fileName, request.bytes);
  const snapshot = await readSnapshot(db, file, () => badgeSigningKey(db, keys, at));
  return planImport(file, snapshot, request.deactivateMissing).plan;
}

/** Why a confirmed import was not applied: the plan has refused rows, or is not the one confirmed. */
export class RosterPlanRefused extends Error {
  constructor(
    readonly reason: 'refused_rows' | 'plan_changed',
    readonly plan: RosterPlan,
  ) {
    super(reason === 'refused_rows' ? 'the plan has refused rows: fix them in the file and preview again' : 'the roster or the file changed since the preview: preview again');
    this.name = 'RosterPlanRefused';
  }
}

/**
 * Applies an import in one transaction: the plan is made again inside it, under a lock on the
 * roster, and applied only when it has no refused row and — when `planId` is given (the console's
 * confirmation) — is the very plan previewed. Anything else stores nothing.
 */
export async function applyRosterImport(db: ServerDb, keys: SecretKeyRing, request: RosterImportRequest & { planId?: string }, at: number): Promise<RosterImportResult> {
  const file = await readRosterFile(request.fileName, request.bytes);
  // Made before the transaction: PGlite has one connection, which the transaction holds.
  await badgeSigningKey(db, keys, at);
  return db.transaction().execute(async (trx) => {
    // One import at a time, and no console edit between its plan and its writes.
    await sql`LOCK TABLE units, counters, staff, badge_code_owners IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const snapshot = await readSnapshot(trx, file, () => badgeSigningKey(trx, keys, at));
    const { plan, writes } = planImport(file, snapshot, request.deactivateMissing);
    if (request.planId !== undefined && request.planId !== plan.planId) throw new RosterPlanRefused('plan_changed', plan);
    if (plan.rows.some((row) => row.action === 'refused')) throw new RosterPlanRefused('refused_rows', plan);
    await applyWrites(trx, writes, at);
    return { plan, applied: true, deactivated: writes.deactivate.length };
  });
}

type Trx = Parameters<Parameters<ReturnType<ServerDb['transaction']>['execute']>[0]>[0];

async function applyWrites(trx: Trx, writes: RosterWrites, at: number): Promise<void> {
  for (const unit of writes.units) {
    if (unit.isNew) await trx.insertInto('units').values({ id: unit.id, name: unit.name, level: unit.level, parent_id: null }).execute();
    else await trx.updateTable('units').set({ name: unit.name, level: unit.level }).where('id', '=', unit.id).execute();
  }
  for (const { id, parentId } of writes.parents) await trx.updateTable('units').set({ parent_id: parentId }).where('id', '=', id).execute();
  for (const counter of writes.counters) {
    const { unit_id, name, desk_role } = counter;
    await trx.insertInto('counters').values(counter).onConflict((oc) => oc.column('id').doUpdateSet({ unit_id, name, desk_role })).execute();
  }
  const inserts = writes.staff.filter((member) => member.isNew);
  for (let i = 0; i < inserts.length; i += 500) {
    await trx
      .insertInto('staff')
      .values(
        inserts.slice(i, i + 500).map((member) => ({
          id: member.id,
          unit_id: member.unit_id,
          full_name: member.full_name,
          name_key: searchKey(member.full_name),
          title: member.title,
          photo: null,
          active: member.active,
          old_badge_hash: member.old_badge_hash ?? null,
          ...(member.roles !== undefined ? { roles: member.roles } : {}),
        })),
      )
      .execute();
  }
  for (const member of writes.staff.filter((m) => !m.isNew)) {
    await trx
      .updateTable('staff')
      .set({
        unit_id: member.unit_id,
        full_name: member.full_name,
        name_key: searchKey(member.full_name),
        title: member.title,
        active: member.active,
        ...(member.old_badge_hash !== undefined ? { old_badge_hash: member.old_badge_hash } : {}),
        ...(member.roles !== undefined ? { roles: member.roles } : {}),
      })
      .where('id', '=', member.id)
      .execute();
  }
  for (let i = 0; i < writes.owners.length; i += 500) {
    await trx.insertInto('badge_code_owners').values(writes.owners.slice(i, i + 500).map((owner) => ({ ...owner, first_seen_at: at }))).execute();
  }
  for (let i = 0; i < writes.deactivate.length; i += 500) {
    await trx.updateTable('staff').set({ active: false }).where('id', 'in', writes.deactivate.slice(i, i + 500)).execute();
  }
}
