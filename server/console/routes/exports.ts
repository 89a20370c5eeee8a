import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RankingExportQuerySchema, RatingsExportQuerySchema, ReportExportQuerySchema } from '../../../shared/console/exports';
import type { ExportFormat } from '../../../shared/console/constants';
import { asAttachment, exportFileName, tableCsv } from '../../exports/download';
import { rankingCsvTable, rankingInformation, rankingTables } from '../../exports/ranking-tables';
import { ratingsCsv, ratingsXlsx } from '../../exports/ratings-export';
import { reportInformation, reportTables, type ExportContext } from '../../exports/report-tables';
import type { ExportTable } from '../../exports/table';
import { workbookOf } from '../../exports/xlsx';
import { treeOrder } from '../../reports/table';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession, type ConsoleRequestSession } from '../guard';
import { listCampaignPeriods, requestedPeriod } from '../periods';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { rankingFor } from './rankings';
import { readReport, REPORT_PATHS } from './reports';

/** How long a raw export may run before it is cut off (a province's year takes a few minutes). */
export const RAW_EXPORT_TIME_LIMIT_MS = 30 * 60_000;

/**
 * Exports of the console's tables (.xlsx: every table of the page, one sheet each; CSV: one
 * table) from the same functions as the pages, so the figures are the page's; and the raw
 * ratings of a scope and period for province accounts, streamed. Every export is written to the
 * audit log before anything is sent (who, what, which scope and period, which format).
 */
export async function exportRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  async function context(session: ConsoleRequestSession): Promise<ExportContext> {
    return { campaigns: await listCampaignPeriods(db), exportedBy: `${session.user.displayName} (${session.user.login})`, exportedAt: now() };
  }

  async function send(reply: FastifyReply, format: ExportFormat, fileName: string, tables: ExportTable[], information: ExportTable, csvTable: ExportTable | undefined) {
    if (format === 'csv') return asAttachment(reply, fileName, format).send(tableCsv(csvTable!));
    return asAttachment(reply, fileName, format).send(await workbookOf([information, ...tables], now()));
  }

  const audit = (request: FastifyRequest, session: ConsoleRequestSession, details: Record<string, unknown>) =>
    writeAudit(db, { actor: session.user, action: 'export', details: { scope: session.user.unitId ?? 'province', ...details }, address: clientAddress(request), at: now() });

  for (const [path, kind] of REPORT_PATHS) {
    app.get(`/exports${path}`, async (request, reply) => {
      const session = requireSession(request);
      const query = parseInput(ReportExportQuerySchema, request.query);
      const report = await readReport(db, request, kind);
      const exportContext = await context(session);
      const tables = reportTables(report, exportContext);
      const csvTable = query.table === undefined ? undefined : tables.find((t) => t.id === query.table);
      if (query.format === 'csv' && !csvTable) {
        throw new ConsoleError(400, 'invalid_input', { detail: `table: this page has no table ${query.table} (it has ${tables.map((t) => t.id).join(', ')})` }, 'table');
      }
      await audit(request, session, {
        export: 'report',
        subject: { kind, id: report.subject.id },
        period: { from: report.period.from, to: report.period.to, kind: report.period.kind },
        deskRole: report.deskRole,
        format: query.format,
        ...(query.format === 'csv' ? { table: query.table } : { tables: tables.map((t) => t.id) }),
      });
      const name = exportFileName(['bao-cao', report.subject.name, ...(csvTable ? [csvTable.id] : []), report.period.from, report.period.to], query.format);
      return send(reply, query.format, name, tables, reportInformation(report, exportContext), csvTable);
    });
  }

  app.get('/exports/rankings', async (request, reply) => {
    const session = requireSession(request);
    const query = parseInput(RankingExportQuerySchema, request.query);
    const ranking = await rankingFor(db, session, request.query);
    const exportContext = await context(session);
    await audit(request, session, {
      export: 'ranking',
      by: ranking.by,
      unit: ranking.unit?.id ?? null,
      period: { from: ranking.period.from, to: ranking.period.to, kind: ranking.period.kind },
      deskRole: ranking.deskRole,
      minRatings: ranking.parameters.minRatings,
      weight: ranking.parameters.weight,
      format: query.format,
    });
    const name = exportFileName([ranking.by === 'staff' ? 'xep-hang-can-bo' : 'xep-hang-don-vi', ranking.unit?.name ?? 'toan-tinh', ranking.period.from, ranking.period.to], query.format);
    return send(reply, query.format, name, rankingTables(ranking), rankingInformation(ranking, exportContext), rankingCsvTable(ranking));
  });

  app.get('/exports/ratings', async (request, reply) => {
    const session = requireSession(request, ['province']);
    const query = parseInput(RatingsExportQuerySchema, request.query);
    const period = requestedPeriod(query);
    const scope = await UserScope.of(db, session.user);
    const unit = query.unit === undefined ? null : scope.requireUnit(query.unit);
    const inScope = unit === null ? null : scope.subtree(unit.id);
    const unitIds = treeOrder(scope.all, unit?.id ?? null)
      .filter((u) => inScope === null || inScope.has(u.id))
      .map((u) => u.id);
    const maySeePersonalData = session.user.maySeePersonalData;
    await audit(request, session, {
      export: 'ratings',
      unit: unit?.id ?? null,
      period: { from: period.from, to: period.to, kind: period.kind },
      format: query.format,
      personalData: maySeePersonalData ? 'shown' : 'masked',
    });
    const exportRequest = { period, unitIds, maySeePersonalData, deadlineAt: Date.now() + RAW_EXPORT_TIME_LIMIT_MS };
    const name = exportFileName(['danh-gia', unit?.name ?? 'toan-tinh', period.from, period.to], query.format);
    return asAttachment(reply, name, query.format).send(query.format === 'csv' ? ratingsCsv(db, exportRequest) : ratingsXlsx(db, exportRequest, now()));
  });
}
