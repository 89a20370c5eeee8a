import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ReportQuerySchema, type Report } from '../../../shared/console/api';
import { RecordId } from '../../../shared/schema-helpers';
import type { ServerDb } from '../../db/connect';
import { counterReport, provinceReport, staffReport, unitReport, type ReportOptions } from '../../reports/report';
import { userLanguage } from '../errors';
import { parseInput, requireSession } from '../guard';
import { requestedPeriod } from '../periods';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { readConsoleSettings } from '../settings';

export const SubjectParams = z.object({ id: RecordId });

export type ReportSubjectKind = 'province' | 'unit' | 'counter' | 'staff';

/**
 * A report page's figures for the request's user: the session, the period, and the subject
 * against the user's scope (report.ts) are checked before any figure is read. The page and its
 * exports (routes/exports.ts) read it through here.
 */
export async function readReport(db: ServerDb, request: FastifyRequest, kind: ReportSubjectKind): Promise<Report> {
  const session = requireSession(request);
  const query = parseInput(ReportQuerySchema, request.query);
  const period = requestedPeriod(query);
  const [scope, settings] = await Promise.all([UserScope.of(db, session.user), readConsoleSettings(db)]);
  const options: ReportOptions = { period, deskRole: query.deskRole ?? null, minRatings: settings.minRatingsForFigures, language: userLanguage(request) };
  if (kind === 'province') return provinceReport(db, scope, options);
  const { id } = parseInput(SubjectParams, request.params);
  if (kind === 'unit') return unitReport(db, scope, id, options);
  if (kind === 'counter') return counterReport(db, scope, id, options);
  return staffReport(db, scope, id, options);
}

/** The report paths: the province, a unit, a counter, an officer — the same under /reports and /exports/reports. */
export const REPORT_PATHS = [
  ['/reports/province', 'province'],
  ['/reports/units/:id', 'unit'],
  ['/reports/counters/:id', 'counter'],
  ['/reports/staff/:id', 'staff'],
] as const;

/**
 * The report pages: the province (province-wide roles), a unit with the units under it, a counter,
 * an officer. Every request is checked: the session, the period, and the subject against the
 * user's scope (report.ts), before any figure is read.
 */
export async function reportRoutes(app: FastifyInstance, { db }: ConsoleRouteOptions): Promise<void> {
  for (const [path, kind] of REPORT_PATHS) {
    app.get(path, async (request) => readReport(db, request, kind));
  }
}
