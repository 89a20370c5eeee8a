/**
 * The evaluation report as a file: PDF (html.ts printed by pdf.ts) or Excel (xlsx.ts), with its
 * file name. One entry for the console's downloads, the command line and the monthly e-mails, and
 * every download is written to the audit log (`export`).
 */
import type { ConsoleUser } from '../../shared/console/api';
import type { EvaluationFormat } from '../../shared/console/evaluation';
import { calendarPeriod, checkPeriod, type Period } from '../../shared/reports/periods';
import { periodProblemMessage } from '../../shared/console/api';
import { HttpError } from '../errors';
import type { ServerDb } from '../db/connect';
import { writeAudit } from '../console/audit';
import { UserScope } from '../console/scope';
import { rankingDefaults } from '../console/ranking-settings';
import { evaluationReportHtml } from './html';
import { printPdf } from './pdf';
import { evaluationReport, type EvaluationReport } from './report-data';
import { evaluationWorkbook } from './xlsx';

export const CONTENT_TYPES: Record<EvaluationFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface EvaluationFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  report: EvaluationReport;
}

export interface EvaluationFileRequest {
  unitId: string | null;
  period: Period;
  format: EvaluationFormat;
  now: number;
}

/** The command line's user: the whole province, comments quoted but masked (it is no console account). */
export const COMMAND_LINE_USER: ConsoleUser = {
  id: 'command-line',
  login: 'command line',
  displayName: 'command line',
  role: 'province',
  unitId: null,
  unitName: null,
  maySeePersonalData: false,
  locale: 'vi',
};

/** "bao-cao-danh-gia_bg-ln-motcua_2026-01-01_2026-12-31.pdf": ASCII, so every mail client and file system keeps it. */
export function evaluationFileName(unitId: string | null, period: Pick<Period, 'from' | 'to'>, format: EvaluationFormat): string {
  const subject = (unitId ?? 'toan-tinh').replace(/[^A-Za-z0-9_-]/g, '_');
  return `bao-cao-danh-gia_${subject}_${period.from}_${period.to}.${format}`;
}

/** The period's campaign name when it is exactly a configured campaign period. */
async function campaignName(db: ServerDb, period: Period): Promise<string | null> {
  if (period.kind !== 'campaign') return null;
  const row = await db.selectFrom('report_periods').select('name').where('from_day', '=', period.from).where('to_day', '=', period.to).orderBy('created_at').executeTakeFirst();
  return row?.name ?? null;
}

/** Makes the file for `user` (scope checked by evaluationReport); the caller audits. */
export async function evaluationFile(db: ServerDb, user: ConsoleUser, request: EvaluationFileRequest): Promise<EvaluationFile> {
  const [scope, defaults, name] = await Promise.all([UserScope.of(db, user), rankingDefaults(db), campaignName(db, request.period)]);
  const report = await evaluationReport(db, scope, {
    unitId: request.unitId,
    period: request.period,
    periodName: name,
    minRatings: defaults.minRatingsForFigures,
    ranking: { minRatings: defaults.minRatings, weight: defaults.weight },
    now: request.now,
  });
  const bytes = request.format === 'pdf' ? await printPdf(evaluationReportHtml(report)) : await evaluationWorkbook(report);
  return { fileName: evaluationFileName(request.unitId, request.period, request.format), contentType: CONTENT_TYPES[request.format], bytes, report };
}

/** What the audit log keeps of a download: who, how, which scope, period and format — and how many bytes. */
export async function auditEvaluationExport(
  db: ServerDb,
  entry: { actor: ConsoleUser | null; via: 'console' | 'command line' | 'monthly e-mail'; request: EvaluationFileRequest; bytes: number; address: string | null; recipient?: string },
): Promise<void> {
  const { unitId, period, format } = entry.request;
  await writeAudit(db, {
    actor: entry.actor,
    action: 'export',
    details: {
      via: entry.via,
      report: 'evaluation',
      format,
      unitId: unitId ?? 'province',
      period: { from: period.from, to: period.to, kind: period.kind },
      bytes: entry.bytes,
      ...(entry.recipient ? { recipient: entry.recipient } : {}),
    },
    address: entry.address,
    at: entry.request.now,
  });
}

/**
 * A period typed on the command line, named as the console would: a whole year, quarter or month
 * is that kind, exactly a campaign period is that campaign, anything else a range.
 */
export async function namedPeriod(db: ServerDb, from: string, to: string): Promise<Period> {
  const checked = checkPeriod({ from, to });
  if (!checked.ok) throw new HttpError(400, 'invalid_period', `--${checked.field}: ${periodProblemMessage(checked.problem)}`);
  for (const kind of ['year', 'quarter', 'month'] as const) {
    const calendar = calendarPeriod(kind, from);
    if (calendar.from === from && calendar.to === to) return calendar;
  }
  const campaign = await db.selectFrom('report_periods').select('id').where('from_day', '=', from).where('to_day', '=', to).executeTakeFirst();
  return { kind: campaign ? 'campaign' : 'range', from, to };
}
