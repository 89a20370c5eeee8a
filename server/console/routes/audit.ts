import type { FastifyInstance } from 'fastify';
import { AuditQuerySchema } from '../../../shared/console/api';
import { listAudit } from '../audit';
import { parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';

/** The audit log, for administrators. */
export async function auditRoutes(app: FastifyInstance, { db }: ConsoleRouteOptions): Promise<void> {
  app.get('/audit', async (request) => {
    requireSession(request, ['admin']);
    const query = parseInput(AuditQuerySchema, request.query);
    return { ...(await listAudit(db, query)), page: query.page, pageSize: query.pageSize };
  });
}
