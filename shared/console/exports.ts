/**
 * The console's exports (`GET /exports/…`): every table of a page as .xlsx (one sheet per table)
 * or one table as CSV, from the same query functions as the page, each written to the audit log;
 * and the raw ratings of a scope and period for province accounts, streamed. The console builds
 * links to them (types only from here; plain values in constants.ts). Docs: docs/console.md "Exports".
 */
import { z } from 'zod';
import { RecordId } from '../schema-helpers';
import { PeriodQuerySchema, ReportQuerySchema } from './api';
import { EXPORT_FORMATS, REPORT_EXPORT_TABLES } from './constants';
import { RankingQuerySchema } from './rankings';

const Format = z.object({ format: z.enum(EXPORT_FORMATS) });

/** A report page's export: its query, the format, and for CSV the one table wanted. */
export const ReportExportQuerySchema = ReportQuerySchema.and(Format.extend({ table: z.enum(REPORT_EXPORT_TABLES).optional() })).superRefine((value, ctx) => {
  if (value.format === 'csv' && !value.table) ctx.addIssue({ code: 'custom', path: ['table'], message: 'a CSV file holds one table: name it' });
});
export type ReportExportQuery = z.output<typeof ReportExportQuerySchema>;

/** A ranking's export: the ranking's own query and the format. */
export const RankingExportQuerySchema = RankingQuerySchema.and(Format);

/** The raw ratings of a unit (with the units under it) or the province, over a period. */
export const RatingsExportQuerySchema = PeriodQuerySchema.and(Format.extend({ unit: RecordId.optional() }));
export type RatingsExportQuery = z.output<typeof RatingsExportQuerySchema>;
