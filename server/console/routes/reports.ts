import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ReportQuerySchema } from '../../../shared/console/api';
import { calendarPeriod, CALENDAR_KINDS, type CalendarKind, type Period } from '../../../shared/reports/periods';
import { RecordId } from '../../../shared/schema-helpers';
import { counterReport, provinceReport, staffReport, unitReport, type ReportOptions } from '../../reports/report';
import { ConsoleError, userLanguage } from '../errors';
import { parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { readConsoleSettings } from '../settings';

export const SubjectParams = z.object({ id: RecordId });

/** The period a report's query names; a calendar kind must be exactly one such period (400 otherwise). */
export function queryPeriod(query: { from: string; to: string; kind?: Period['kind'] | undefined }): Period {
  const period: Period = { kind: query.kind ?? 'range', from: query.from, to: query.to };
  if ((CALENDAR_KINDS as readonly string[]).includes(period.kind)) {
    const calendar = calendarPeriod(period.kind as CalendarKind, period.from);
    if (calendar.from !== period.from || calendar.to !== period.to) {
      throw new ConsoleError(400, 'invalid_period', { detail: `kind: ${period.from}…${period.to} is not one ${period.kind}` }, 'kind');
    }
  }
  return period;
}

/**
 * The report pages: the province (province-wide roles), a unit with the units under it, a counter,
 * an officer. Every request is checked: the session, the period, and the subject against the
 * user's scope (report.ts), before any figure is read.
 */
export async function reportRoutes(app: FastifyInstance, { db }: ConsoleRouteOptions): Promise<void> {
  async function prepare(request: FastifyRequest) {
    const session = requireSession(request);
    const query = parseInput(ReportQuerySchema, request.query);
    const period = queryPeriod(query);
    const [scope, settings] = await Promise.all([UserScope.of(db, session.user), readConsoleSettings(db)]);
    const options: ReportOptions = { period, deskRole: query.deskRole ?? null, minRatings: settings.minRatingsForFigures, language: userLanguage(request) };
    return { scope, options };
  }

  app.get('/reports/province', async (request) => {
    const { scope, options } = await prepare(request);
    return provinceReport(db, scope, options);
  });

  app.get('/reports/units/:id', async (request) => {
    const { scope, options } = await prepare(request);
    const { id } = parseInput(SubjectParams, request.params);
    return unitReport(db, scope, id, options);
  });

  app.get('/reports/counters/:id', async (request) => {
    const { scope, options } = await prepare(request);
    const { id } = parseInput(SubjectParams, request.params);
    return counterReport(db, scope, id, options);
  });

  app.get('/reports/staff/:id', async (request) => {
    const { scope, options } = await prepare(request);
    const { id } = parseInput(SubjectParams, request.params);
    return staffReport(db, scope, id, options);
  });
}
