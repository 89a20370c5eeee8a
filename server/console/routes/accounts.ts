import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateAccountRequestSchema, UpdateAccountRequestSchema } from '../../../shared/console/api';
import { createAccount, listAccounts, updateAccount } from '../accounts';
import { writeAudit } from '../audit';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';

const AccountIdParams = z.object({ id: z.uuid() });

/** Accounts are managed by administrators only; every change is audited (never the password). */
export async function accountRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/accounts', async (request) => {
    requireSession(request, ['admin']);
    return { accounts: await listAccounts(db) };
  });

  app.post('/accounts', async (request, reply) => {
    const session = requireSession(request, ['admin']);
    const input = parseInput(CreateAccountRequestSchema, request.body);
    const at = now();
    const account = await createAccount(db, input, at);
    await writeAudit(db, {
      actor: session.user,
      action: 'account_created',
      details: { account: account.login, role: account.role, unitId: account.unitId, maySeePersonalData: account.maySeePersonalData },
      address: clientAddress(request),
      at,
    });
    return reply.status(201).send({ account });
  });

  app.patch('/accounts/:id', async (request) => {
    const session = requireSession(request, ['admin']);
    const { id } = parseInput(AccountIdParams, request.params);
    const change = parseInput(UpdateAccountRequestSchema, request.body);
    const at = now();
    const account = await updateAccount(db, id, change, at);
    const { password, ...visible } = change;
    await writeAudit(db, {
      actor: session.user,
      action: 'account_changed',
      details: { account: account.login, ...visible, ...(password ? { password: 'changed' } : {}) },
      address: clientAddress(request),
      at,
    });
    return { account };
  });
}
