import type { FastifyInstance } from 'fastify';
import { requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';

/** The units the user may read, as a flat list with parents (the console draws the tree). */
export async function unitRoutes(app: FastifyInstance, { db }: ConsoleRouteOptions): Promise<void> {
  app.get('/units', async (request) => {
    const session = requireSession(request);
    const scope = await UserScope.of(db, session.user);
    return { units: scope.visibleUnits() };
  });
}
