import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ConsoleRole, ConsoleUser } from '../../shared/console/api';
import { ConsoleError } from './errors';

/** The signed-in user of a console request, set by the session hook (plugin.ts). */
export interface ConsoleRequestSession {
  user: ConsoleUser;
  tokenHash: string;
  csrfToken: string;
  expiresAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession: ConsoleRequestSession | null;
    /** Set when the request's cookie named a session that ran out (401 session_expired, not unauthenticated). */
    consoleSessionExpired: boolean;
  }
}

/** The request's session, or 401; with `roles`, 403 for any other role. */
export function requireSession(request: FastifyRequest, roles?: readonly ConsoleRole[]): ConsoleRequestSession {
  const session = request.consoleSession;
  if (!session) throw new ConsoleError(401, request.consoleSessionExpired ? 'session_expired' : 'unauthenticated');
  if (roles && !roles.includes(session.user.role)) throw new ConsoleError(403, 'forbidden');
  return session;
}

/** Parses input with a schema; a failure is a 400 naming the first problem's field, in the user's language. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const period = (issue as { params?: { problem?: string } }).params?.problem !== undefined || field === 'from' || field === 'to';
  const detail = field ? `${field}: ${issue.message}` : issue.message;
  throw new ConsoleError(400, period ? 'invalid_period' : 'invalid_input', { detail }, field || undefined);
}

/** The address a request came from (Fastify's, which honours trustProxy only for named proxies). */
export function clientAddress(request: FastifyRequest): string {
  return request.ip;
}
