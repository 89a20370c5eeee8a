import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateCampaignPeriodRequestSchema, type CampaignPeriod } from '../../../shared/console/api';
import { calendarPeriod, formatDay, vietnamDayOf } from '../../../shared/reports/periods';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import { createCampaignPeriod, deleteCampaignPeriod, listCampaignPeriods } from '../periods';
import type { ConsoleRouteOptions } from '../plugin';

/** The campaign began in 2021 (Plan 125/KH-UBND of 28/4/2021): the console offers each year from then. */
const FIRST_CAMPAIGN_YEAR = 2021;

/** Named campaign periods: everyone reads them; the province and administrators configure them. */
export async function periodRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/periods', async (request) => {
    requireSession(request);
    const today = vietnamDayOf(now());
    const thisYear = Number(calendarPeriod('year', today).from.slice(0, 4));
    const campaigns = await listCampaignPeriods(db);
    const first = Math.min(FIRST_CAMPAIGN_YEAR, ...campaigns.map((c: CampaignPeriod) => Number(c.from.slice(0, 4))));
    const years: number[] = [];
    for (let year = thisYear; year >= first; year--) years.push(year);
    return { campaigns, years, today: formatDay(today) };
  });

  app.post('/periods', async (request, reply) => {
    const session = requireSession(request, ['province', 'admin']);
    const input = parseInput(CreateCampaignPeriodRequestSchema, request.body);
    const at = now();
    const period = await createCampaignPeriod(db, input, at);
    await writeAudit(db, { actor: session.user, action: 'period_created', details: { ...period }, address: clientAddress(request), at });
    return reply.status(201).send({ period });
  });

  app.delete('/periods/:id', async (request, reply) => {
    const session = requireSession(request, ['province', 'admin']);
    const { id } = parseInput(z.object({ id: z.string().min(1).max(64) }), request.params);
    if (!(await deleteCampaignPeriod(db, id))) throw new ConsoleError(404, 'not_found');
    await writeAudit(db, { actor: session.user, action: 'period_deleted', details: { id }, address: clientAddress(request), at: now() });
    return reply.status(204).send();
  });
}
