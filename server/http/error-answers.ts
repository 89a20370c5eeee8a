import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, RosterImportError } from '../errors';
import { describeError } from '../log-safe';
import { describeIssues } from '../roster';

/**
 * Every error and every unknown route answers `{error, message, serverTime}` (docs/protocol.md):
 * a stable code the kiosk can act on, and never a stack trace. Unexpected errors are logged on
 * stderr — their class, code and stack frames only (log-safe.ts) — and answered 500 internal.
 */
export function answerErrorsAsJson(app: FastifyInstance, now: () => number): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof HttpError) {
      void reply.status(error.statusCode).headers(error.headers).send({ error: error.code, message: error.message, serverTime: now() });
      return;
    }
    if (error instanceof RosterImportError) {
      void reply.status(400).send({ error: 'invalid_roster', message: error.message, issues: error.issues, serverTime: now() });
      return;
    }
    if (error instanceof z.ZodError) {
      void reply.status(400).send({ error: 'invalid_body', message: describeIssues(error).join('; '), serverTime: now() });
      return;
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own client errors (body too large, wrong media type, …): their messages carry no internals.
      const code = (error.code ?? 'bad_request').replace(/^FST_ERR_(CTP_)?/, '').toLowerCase();
      void reply.status(status).send({ error: code, message: error.message, serverTime: now() });
      return;
    }
    // Never the error itself: a database error carries the statement and its parameters (comments).
    console.error(`[server] ${request.id} ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]} failed: ${describeError(error)}`);
    void reply.status(500).send({ error: 'internal', message: 'internal server error', serverTime: now() });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, serverTime: now() });
  });
}
