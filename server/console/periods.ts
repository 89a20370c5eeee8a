import { randomUUID } from 'node:crypto';
import type { CampaignPeriod } from '../../shared/console/api';
import type { ServerDb } from '../db/connect';

export async function listCampaignPeriods(db: ServerDb): Promise<CampaignPeriod[]> {
  const rows = await db.selectFrom('report_periods').selectAll().orderBy('from_day').orderBy('to_day').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, from: r.from_day, to: r.to_day }));
}

export async function createCampaignPeriod(db: ServerDb, input: Omit<CampaignPeriod, 'id'>, now: number): Promise<CampaignPeriod> {
  const id = randomUUID();
  await db.insertInto('report_periods').values({ id, name: input.name, from_day: input.from, to_day: input.to, created_at: now }).execute();
  return { id, ...input };
}

/** True when a period was deleted. Periods are only names for ranges: no figure depends on them. */
export async function deleteCampaignPeriod(db: ServerDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('report_periods').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
