import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HolidaysRequestSchema, MailRelayRequestSchema, SubscribeRequestSchema } from '../../../shared/console/monthly-reports';
import { RecordId } from '../../../shared/schema-helpers';
import { listSends, retrySend, subscribe, unsubscribe } from '../../mail/monthly-reports';
import { publicRelay, readRelay, writeRelay } from '../../mail/relay';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';

/** Who receives the report of their own scope: the province (Sở Nội vụ) and unit heads. */
const SUBSCRIBERS = ['province', 'unit_head'] as const;

const SendParams = z.object({ userId: RecordId, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });

/**
 * Monthly reports by e-mail: subscribers manage their own address and see their sends;
 * administrators set the relay and the holidays, see every send and ask for another try.
 * Changes are audited (never the relay's password).
 */
export async function monthlyReportRoutes(app: FastifyInstance, { db, now, keys }: ConsoleRouteOptions): Promise<void> {
  app.get('/monthly-reports/mine', async (request) => {
    const session = requireSession(request, SUBSCRIBERS);
    const row = await db.selectFrom('report_subscriptions').select(['email', 'created_at']).where('user_id', '=', session.user.id).executeTakeFirst();
    return { subscription: row ? { email: row.email, createdAt: row.created_at } : null, sends: await listSends(db, session.user.id, 24) };
  });

  app.put('/monthly-reports/mine', async (request) => {
    const session = requireSession(request, SUBSCRIBERS);
    const { email } = parseInput(SubscribeRequestSchema, request.body);
    const at = now();
    await subscribe(db, session.user.id, email, at);
    await writeAudit(db, { actor: session.user, action: 'account_changed', details: { account: session.user.login, monthlyReport: 'subscribed', email }, address: clientAddress(request), at });
    return { subscription: { email, createdAt: at } };
  });

  app.delete('/monthly-reports/mine', async (request, reply) => {
    const session = requireSession(request, SUBSCRIBERS);
    if (await unsubscribe(db, session.user.id)) {
      await writeAudit(db, { actor: session.user, action: 'account_changed', details: { account: session.user.login, monthlyReport: 'unsubscribed' }, address: clientAddress(request), at: now() });
    }
    return reply.status(204).send();
  });

  app.get('/monthly-reports/sends', async (request) => {
    requireSession(request, ['admin']);
    const subscriptions = await db
      .selectFrom('report_subscriptions as s')
      .innerJoin('console_users as u', 'u.id', 's.user_id')
      .select(['u.login', 'u.role', 's.email', 's.created_at'])
      .orderBy('u.login')
      .execute();
    return { sends: await listSends(db, null), subscriptions: subscriptions.map((s) => ({ login: s.login, role: s.role, email: s.email, createdAt: s.created_at })) };
  });

  app.post('/monthly-reports/sends/:userId/:month/retry', async (request, reply) => {
    const session = requireSession(request, ['admin']);
    const { userId, month } = parseInput(SendParams, request.params);
    const at = now();
    if (!(await retrySend(db, userId, month, at))) throw new ConsoleError(404, 'not_found');
    await writeAudit(db, { actor: session.user, action: 'settings_changed', details: { monthlyReport: 'retry', userId, month }, address: clientAddress(request), at });
    return reply.status(204).send();
  });

  app.get('/mail/relay', async (request) => {
    requireSession(request, ['admin']);
    const relay = await readRelay(db, keys);
    return { relay: relay ? publicRelay(relay) : null };
  });

  app.put('/mail/relay', async (request) => {
    const session = requireSession(request, ['admin']);
    const change = parseInput(MailRelayRequestSchema, request.body);
    const at = now();
    const relay = await writeRelay(db, keys, change, at);
    const { password, ...shown } = change;
    await writeAudit(db, { actor: session.user, action: 'settings_changed', details: { mailRelay: shown, passwordChanged: password !== undefined }, address: clientAddress(request), at });
    return { relay: publicRelay(relay) };
  });

  app.get('/mail/holidays', async (request) => {
    requireSession(request, ['admin']);
    return { holidays: await db.selectFrom('public_holidays').select(['day', 'name']).orderBy('day').execute() };
  });

  app.put('/mail/holidays', async (request) => {
    const session = requireSession(request, ['admin']);
    const { holidays } = parseInput(HolidaysRequestSchema, request.body);
    const unique = [...new Map(holidays.map((h) => [h.day, h])).values()];
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('public_holidays').execute();
      if (unique.length > 0) await trx.insertInto('public_holidays').values(unique).execute();
    });
    await writeAudit(db, { actor: session.user, action: 'settings_changed', details: { publicHolidays: unique.map((h) => h.day) }, address: clientAddress(request), at: now() });
    return { holidays: unique.sort((a, b) => (a.day < b.day ? -1 : 1)) };
  });
}
