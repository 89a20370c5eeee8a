import type { FastifyInstance } from 'fastify';
import type { DeviceChainsResponse } from '../../../shared/console/record-chain';
import { deviceChains } from '../../integrity/chain-status';
import { requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';

/**
 * Each device's record chain (docs/integrity.md "The record chain"): complete, broken with the
 * seqs concerned, or unchained. For every role, within its scope: a unit head sees the devices of
 * the units under them. It holds no comment and no score, so reading it is not audited.
 */
export async function recordChainRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/integrity/chains', async (request): Promise<DeviceChainsResponse> => {
    const session = requireSession(request);
    const scope = await UserScope.of(db, session.user);
    return { devices: await deviceChains(db, scope.unitIds), now: now() };
  });
}
