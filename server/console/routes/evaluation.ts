import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EvaluationQuerySchema } from '../../../shared/console/evaluation';
import { HttpError } from '../../errors';
import { auditEvaluationExport, evaluationFile, type EvaluationFileRequest } from '../../evaluation/export';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import { requestedPeriod } from '../periods';
import type { ConsoleRouteOptions } from '../plugin';
import { SubjectParams } from './reports';

/**
 * Downloads of the evaluation report (PDF or Excel) of the province (province-wide roles) or of a
 * unit in the user's scope, beside the report pages' own paths. Checked like the pages (session,
 * period, scope) before anything is read; every download is written to the audit log.
 */
export async function evaluationRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  async function download(request: FastifyRequest, reply: FastifyReply, unitId: string | null) {
    const session = requireSession(request);
    const query = parseInput(EvaluationQuerySchema, request.query);
    const fileRequest: EvaluationFileRequest = { unitId, period: requestedPeriod(query), format: query.format, now: now() };
    let file;
    try {
      file = await evaluationFile(db, session.user, fileRequest);
    } catch (error) {
      if (error instanceof HttpError && (error.code === 'pdf_unavailable' || error.code === 'pdf_timeout')) throw new ConsoleError(503, 'pdf_unavailable');
      throw error;
    }
    await auditEvaluationExport(db, { actor: session.user, via: 'console', request: fileRequest, bytes: file.bytes.length, address: clientAddress(request) });
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .send(file.bytes);
  }

  app.get('/reports/province/evaluation', (request, reply) => download(request, reply, null));

  app.get('/reports/units/:id/evaluation', (request, reply) => {
    const { id } = parseInput(SubjectParams, request.params);
    return download(request, reply, id);
  });
}
