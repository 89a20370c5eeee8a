import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeRosterProblem, type RosterImportResult } from '../../shared/roster-import';
import { badgeSigningKey, issuedBadgeCode } from '../badges';
import { writeAudit } from '../console/audit';
import type { ServerDb } from '../db/connect';
import { HttpError, RosterImportError } from '../errors';
import type { SecretKeyRing } from '../secret-keys';
import { RosterFileError } from './errors';
import { readRosterFile } from './read-file';
import { applyRosterImport, previewRosterImport, RosterPlanRefused } from './import';

/** An officer as `npm run admin -- staff` lists them: the badge code's last 4 characters only. */
export interface StaffListing {
  id: string;
  name: string;
  title: string;
  unit: string;
  active: boolean;
  badge: string;
}

/**
 * The command line's import: the file read by the server (the CLI may be asking a running one),
 * its plan, and with `apply` the plan applied. A plan with refused rows comes back unapplied.
 */
export async function importRosterFromFile(db: ServerDb, keyRing: () => SecretKeyRing, path: string, options: { apply: boolean; deactivateMissing: boolean }, at: number): Promise<RosterImportResult> {
  try {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new RosterFileError({ code: 'file_unreadable', params: { detail: (error as NodeJS.ErrnoException).code ?? 'error' } });
    }
    const request = { fileName: basename(path), bytes, deactivateMissing: options.deactivateMissing };
    // The file is read once before the keys are asked for: on a stopped server's data without
    // DEVICE_SECRET_KEY_FILE, a file that is not a roster is explained as such, not as a missing key.
    await readRosterFile(request.fileName, bytes);
    const keys = keyRing();
    if (!options.apply) return { plan: await previewRosterImport(db, keys, request, at), applied: false, deactivated: 0 };
    const result = await applyRosterImport(db, keys, request, at);
    await writeAudit(db, { actor: null, action: 'roster_imported', details: { via: 'command line', ...importAuditDetails(result) }, address: null, at });
    return result;
  } catch (error) {
    if (error instanceof RosterFileError) throw new RosterImportError([`${basename(path)}: ${describeRosterProblem(error.problem, 'vi')}`]);
    if (error instanceof RosterPlanRefused) return { plan: error.plan, applied: false, deactivated: 0 };
    throw error;
  }
}

/** What the audit log keeps of an import: the file and the plan's numbers, never names. */
export function importAuditDetails(result: RosterImportResult): Record<string, unknown> {
  const { plan } = result;
  return { file: plan.fileName, sha256: plan.fileSha256, counts: plan.counts, deactivated: result.deactivated, deactivateMissing: plan.deactivateMissing };
}

export async function listUnitStaff(db: ServerDb, keys: SecretKeyRing, unitId: string, at: number): Promise<StaffListing[]> {
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new HttpError(404, 'unknown_unit', `unknown unit ${unitId}`);
  const rows = await db.selectFrom('staff').select(['id', 'full_name', 'title', 'unit_id', 'active', 'badge_issue']).where('unit_id', '=', unitId).orderBy('name_key').orderBy('id').execute();
  const key = await badgeSigningKey(db, keys, at);
  return rows.map((row) => ({ id: row.id, name: row.full_name, title: row.title, unit: row.unit_id, active: row.active, badge: issuedBadgeCode(key, row.id, row.badge_issue).slice(-4) }));
}

export async function setStaffActive(db: ServerDb, keys: SecretKeyRing, staffId: string, active: boolean, at: number): Promise<StaffListing> {
  const row = await db.updateTable('staff').set({ active }).where('id', '=', staffId).returning(['id', 'full_name', 'title', 'unit_id', 'active', 'badge_issue']).executeTakeFirst();
  if (!row) throw new HttpError(404, 'unknown_staff', `no staff member ${staffId}`);
  await writeAudit(db, { actor: null, action: 'roster_staff_changed', details: { via: 'command line', staffId, unitId: row.unit_id, changes: { active } }, address: null, at });
  const key = await badgeSigningKey(db, keys, at);
  return { id: row.id, name: row.full_name, title: row.title, unit: row.unit_id, active: row.active, badge: issuedBadgeCode(key, row.id, row.badge_issue).slice(-4) };
}
