import type { FastifyInstance } from 'fastify';
import { roleManagesWholeRoster } from '../../../shared/console/roster';
import { ROSTER_IMPORT_BODY_LIMIT, RosterImportRequestSchema } from '../../../shared/console/roster-schemas';
import { CONSOLE_ROLES, type ConsoleRole } from '../../../shared/console/constants';
import { describeRosterProblem } from '../../../shared/roster-import';
import { importAuditDetails } from '../../roster-import/admin';
import { RosterFileError } from '../../roster-import/errors';
import { applyRosterImport, previewRosterImport, RosterPlanRefused } from '../../roster-import/import';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';

const IMPORT_ROLES = CONSOLE_ROLES.filter(roleManagesWholeRoster) as ConsoleRole[];

/**
 * Importing HR's file with a preview (docs/roster.md): the file is sent for its plan, then sent
 * again with the plan's id to confirm. The server keeps nothing between the two: the confirmation
 * is refused when the plan made then differs (another file, a roster changed meanwhile).
 */
export async function rosterImportRoutes(app: FastifyInstance, { db, now, keys }: ConsoleRouteOptions): Promise<void> {
  const fileOf = (body: unknown) => {
    const input = parseInput(RosterImportRequestSchema, body);
    return { input, request: { fileName: input.fileName, bytes: Buffer.from(input.contentBase64, 'base64'), deactivateMissing: input.deactivateMissing } };
  };
  const fileError = (error: unknown) => {
    if (error instanceof RosterFileError) {
      return new ConsoleError(400, 'roster_file', { detailVi: describeRosterProblem(error.problem, 'vi'), detailEn: describeRosterProblem(error.problem, 'en') }, 'file');
    }
    return error;
  };

  app.post('/roster/import/preview', { bodyLimit: ROSTER_IMPORT_BODY_LIMIT }, async (request) => {
    requireSession(request, IMPORT_ROLES);
    const { request: file } = fileOf(request.body);
    try {
      return { plan: await previewRosterImport(db, keys, file, now()) };
    } catch (error) {
      throw fileError(error);
    }
  });

  app.post('/roster/import/apply', { bodyLimit: ROSTER_IMPORT_BODY_LIMIT }, async (request) => {
    const session = requireSession(request, IMPORT_ROLES);
    const { input, request: file } = fileOf(request.body);
    if (!input.planId) throw new ConsoleError(400, 'invalid_input', { detail: 'planId: confirm a previewed plan' }, 'planId');
    const at = now();
    try {
      const result = await applyRosterImport(db, keys, { ...file, planId: input.planId }, at);
      await writeAudit(db, { actor: session.user, action: 'roster_imported', details: importAuditDetails(result), address: clientAddress(request), at });
      return result;
    } catch (error) {
      if (error instanceof RosterPlanRefused) {
        if (error.reason === 'plan_changed') throw new ConsoleError(409, 'roster_plan_changed');
        throw new ConsoleError(409, 'roster_plan_refused', { rows: error.plan.rows.filter((row) => row.action === 'refused').length });
      }
      throw fileError(error);
    }
  });
}
