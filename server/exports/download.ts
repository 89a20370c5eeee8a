/**
 * How an export leaves the server: a file the browser saves (Content-Disposition: attachment)
 * under a name that says what and when, without tones so that every system keeps it intact.
 */
import type { FastifyReply } from 'fastify';
import type { ExportFormat } from '../../shared/console/constants';
import { searchKey } from '../../shared/text';
import { UTF8_BOM, toCsv } from '../reports/csv';
import { csvCell, type ExportTable } from './table';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** "bao-cao_bo-phan-mot-cua-ubnd-huyen-luc-ngan_2026-01-01_2026-12-31.xlsx" */
export function exportFileName(parts: readonly string[], format: ExportFormat): string {
  const slug = (part: string) => searchKey(part).replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${parts.map(slug).filter(Boolean).join('_')}.${format}`;
}

export function asAttachment(reply: FastifyReply, fileName: string, format: ExportFormat): FastifyReply {
  return reply.header('content-type', CONTENT_TYPE[format]).header('content-disposition', `attachment; filename="${fileName}"`);
}

/** One table as a CSV file: UTF-8 with a byte order mark, without which Excel reads Vietnamese as Windows-1252. */
export function tableCsv(table: ExportTable): string {
  return (
    UTF8_BOM +
    toCsv(
      table.columns.map((c) => c.header),
      table.rows.map((row) => row.map((cell, i) => csvCell(table.columns[i]!, cell))),
    )
  );
}
