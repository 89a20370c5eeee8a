import type { FastifyInstance } from 'fastify';
import { CommentsQuerySchema, roleReadsComments } from '../../../shared/console/api';
import { listComments } from '../../reports/comments';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';

/**
 * Citizens' comments, for the roles that read them (province and unit heads). Every view is
 * written to the audit log with its scope, period, filters and page — never a comment's text.
 */
export async function commentRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/comments', async (request) => {
    const session = requireSession(request);
    if (!roleReadsComments(session.user.role)) throw new ConsoleError(403, 'forbidden');
    const query = parseInput(CommentsQuerySchema, request.query);
    const scope = await UserScope.of(db, session.user);
    const page = await listComments(db, scope, query);
    const { from, to, kind, page: pageNumber, pageSize, ...filters } = query;
    await writeAudit(db, {
      actor: session.user,
      action: 'comments_viewed',
      details: {
        scope: session.user.unitId ?? 'province',
        period: { from, to, ...(kind ? { kind } : {}) },
        filters,
        page: pageNumber,
        pageSize,
        count: page.items.length,
        total: page.total,
        personalData: session.user.maySeePersonalData ? 'shown' : 'masked',
      },
      address: clientAddress(request),
      at: now(),
    });
    return page;
  });
}
