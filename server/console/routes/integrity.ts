import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FlagDecisionSchema, FlagListQuerySchema, IntegritySettingsSchema } from '../../../shared/console/integrity';
import { roleReadsRankings } from '../../../shared/console/constants';
import { RecordId } from '../../../shared/schema-helpers';
import { readIntegritySettings, writeIntegritySettings } from '../../integrity/integrity-settings';
import { decideFlag, listFlags } from '../../integrity/review';
import { listSatisfactionAlerts } from '../../integrity/satisfaction-alerts';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';

const FlagParams = z.object({ id: RecordId });
/** The province and unit heads review flags (the roles that rank officers for rewards), each within their scope. */
const REVIEW_ROLES = (['province', 'unit_head', 'it', 'admin'] as const).filter(roleReadsRankings);

/**
 * The review queue (docs/integrity.md): the flags of the user's scope, a decision on one (audited,
 * in the transaction that moves its ratings), the alerts on what citizens say in the user's scope,
 * and the gaming checks' and alerts' settings (changed by the province only).
 */
export async function integrityRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/integrity/flags', async (request) => {
    const session = requireSession(request, REVIEW_ROLES);
    const query = parseInput(FlagListQuerySchema, request.query);
    return listFlags(db, await UserScope.of(db, session.user), query);
  });

  app.post('/integrity/flags/:id/decision', async (request) => {
    const session = requireSession(request, REVIEW_ROLES);
    const { id } = parseInput(FlagParams, request.params);
    const { decision, note } = parseInput(FlagDecisionSchema, request.body);
    const scope = await UserScope.of(db, session.user);
    return decideFlag(db, scope, { flagId: id, decision, note, user: session.user, address: clientAddress(request), at: now() });
  });

  // The alerts on what citizens say, for the overview (docs/integrity.md "Alerts").
  app.get('/integrity/alerts', async (request) => {
    const session = requireSession(request, REVIEW_ROLES);
    return { alerts: await listSatisfactionAlerts(db, await UserScope.of(db, session.user), now()) };
  });

  app.get('/integrity/settings', async (request) => {
    requireSession(request, REVIEW_ROLES);
    return readIntegritySettings(db);
  });

  app.put('/integrity/settings', async (request) => {
    const session = requireSession(request, REVIEW_ROLES);
    if (session.user.role !== 'province') throw new ConsoleError(403, 'forbidden');
    const settings = parseInput(IntegritySettingsSchema, request.body);
    const at = now();
    await writeIntegritySettings(db, settings, at);
    await writeAudit(db, { actor: session.user, action: 'integrity_settings_changed', details: { ...settings }, address: clientAddress(request), at });
    return readIntegritySettings(db);
  });
}
