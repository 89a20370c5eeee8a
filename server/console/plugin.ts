import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_API_PREFIX, CSRF_HEADER, SESSION_COOKIE } from '../../shared/console/api';
import type { ServerDb } from '../db/connect';
import type { SecretKeyRing } from '../secret-keys';
import type { ReleaseAdmin } from '../updates/release-admin';
import { HttpError } from '../errors';
import { findAccount, toConsoleUser } from './accounts';
import { readCookie } from './cookies';
import { ConsoleError, consoleMessage, userLanguage, type ConsoleErrorCode } from './errors';
import { accountRoutes } from './routes/accounts';
import { auditRoutes } from './routes/audit';
import { badgeRoutes } from './routes/badges';
import { commentRoutes } from './routes/comments';
import { enrolmentCodeRoutes } from './routes/enrolment-codes';
import { provisioningFileRoutes } from './routes/provisioning-files';
import { fleetRoutes } from './routes/fleet';
import { kioskSettingsRoutes } from './routes/kiosk-settings';
import { pairingConsoleRoutes } from './routes/pairings';
import { exportRoutes } from './routes/exports';
import { evaluationRoutes } from './routes/evaluation';
import { monthlyReportRoutes } from './routes/monthly-reports';
import { authRoutes } from './routes/auth';
import { periodRoutes } from './routes/periods';
import { rankingRoutes } from './routes/rankings';
import { reportRoutes } from './routes/reports';
import { settingsRoutes } from './routes/settings';
import { unitRoutes } from './routes/units';
import { updateRoutes } from './routes/updates';
import { integrityRoutes } from './routes/integrity';
import { recordChainRoutes } from './routes/record-chains';
import { rosterRoutes } from './routes/roster';
import { rosterImportRoutes } from './routes/roster-import';
import { csrfMatches, readSession } from './sessions';
import { addressThrottle } from './sign-in';

export interface ConsoleApiOptions {
  db: ServerDb;
  now: () => number;
  /**
   * Always mark the session cookie Secure (the server speaks HTTPS). It is marked Secure anyway on
   * any request that came over HTTPS, including through a trusted TLS proxy (X-Forwarded-Proto).
   */
  secureCookies: boolean;
  /** Kiosk releases (server/updates): the updates page; null when the server serves no update feed. */
  releases?: ReleaseAdmin | null;
  /** The server's keys: secrets the console sets (the SMTP relay's password) are sealed with them. */
  keys: SecretKeyRing;
}

/** What the console's route plugins receive (registered as children of this plugin). */
export interface ConsoleRouteOptions extends ConsoleApiOptions {
  throttle: ReturnType<typeof addressThrottle>;
}

/** Largest console request body: an account or a settings change is a few hundred bytes. */
const CONSOLE_BODY_LIMIT = 64 * 1024;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The only unsafe request made before there is a session (and so a CSRF token). */
const WITHOUT_CSRF = new Set([`${CONSOLE_API_PREFIX}/auth/login`]);

/**
 * The console's API (`/api/console/v1`, register with that prefix): JSON in and out, a session
 * cookie (HttpOnly, SameSite=Strict, Secure over HTTPS), a CSRF token on every state-changing
 * request, and errors in the user's language. Route plugins check role and scope themselves
 * (guard.ts, scope.ts) on every request.
 */
export async function consoleApi(app: FastifyInstance, options: ConsoleApiOptions): Promise<void> {
  const { db, now } = options;
  app.decorateRequest('consoleSession', null);
  app.decorateRequest('consoleSessionExpired', false);

  // The protocol's routes keep raw bytes for their signatures; the console reads parsed JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: CONSOLE_BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(new ConsoleError(400, 'invalid_input', { detail: 'the body is not valid JSON' }), undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) {
      const session = await readSession(db, token, now());
      if (session === 'expired') request.consoleSessionExpired = true;
      else if (session) {
        const account = await findAccount(db, session.userId);
        if (account && !account.disabled) {
          request.consoleSession = { user: toConsoleUser(account), tokenHash: session.tokenHash, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
        }
      }
    }
    if (SAFE_METHODS.has(request.method)) return;
    // A browser names the page that sent a request: another site's page is refused outright.
    if (!sameOrigin(request)) throw new ConsoleError(403, 'csrf_invalid');
    if (WITHOUT_CSRF.has(request.routeOptions.url ?? '')) return;
    // A session's requests carry its token; a request without a session fails later as 401.
    if (request.consoleSession && !csrfMatches(request.consoleSession.csrfToken, request.headers[CSRF_HEADER])) {
      throw new ConsoleError(403, 'csrf_invalid');
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new ConsoleError(404, 'not_found'), request, reply));

  // Not `...options`: Fastify's register options (its prefix) would be applied twice.
  const routeOptions: ConsoleRouteOptions = { db, now, secureCookies: options.secureCookies, releases: options.releases ?? null, keys: options.keys, throttle: addressThrottle(now) };
  await app.register(authRoutes, routeOptions);
  await app.register(accountRoutes, routeOptions);
  await app.register(auditRoutes, routeOptions);
  await app.register(settingsRoutes, routeOptions);
  await app.register(periodRoutes, routeOptions);
  await app.register(unitRoutes, routeOptions);
  await app.register(reportRoutes, routeOptions);
  await app.register(commentRoutes, routeOptions);
  await app.register(fleetRoutes, routeOptions);
  await app.register(pairingConsoleRoutes, routeOptions);
  await app.register(kioskSettingsRoutes, routeOptions);
  await app.register(enrolmentCodeRoutes, routeOptions);
  await app.register(provisioningFileRoutes, routeOptions);
  await app.register(rankingRoutes, routeOptions);
  await app.register(exportRoutes, routeOptions);
  await app.register(evaluationRoutes, routeOptions);
  await app.register(monthlyReportRoutes, routeOptions);
  await app.register(updateRoutes, routeOptions);
  await app.register(integrityRoutes, routeOptions);
  await app.register(recordChainRoutes, routeOptions);
  await app.register(badgeRoutes, routeOptions);
  await app.register(rosterRoutes, routeOptions);
  await app.register(rosterImportRoutes, routeOptions);
}

/** No Origin (a non-browser client), or an Origin whose host is the one the request was sent to. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** One error answer for the console: `{error, message, field?, …}` in the request's language, never internals. */
function sendError(error: Error & { statusCode?: number; code?: string }, request: FastifyRequest, reply: FastifyReply) {
  const language = userLanguage(request);
  if (error instanceof ConsoleError) {
    void reply
      .status(error.statusCode)
      .headers(error.headers)
      .send({ ...error.body, error: error.consoleCode, message: consoleMessage(error.consoleCode, language, error.params), ...(error.field ? { field: error.field } : {}) });
    return;
  }
  if (error instanceof HttpError) {
    void reply.status(error.statusCode).headers(error.headers).send({ error: error.code, message: error.message });
    return;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own client errors (body too large, wrong media type, …).
    const code: ConsoleErrorCode = 'invalid_input';
    const detail = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'the request is too large' : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'send application/json' : 'malformed request';
    void reply.status(status).send({ error: code, message: consoleMessage(code, language, { detail }) });
    return;
  }
  // Never the statement or its parameters (they may hold comments): the error's code and the route.
  console.error(`[console] ${request.method} ${request.routeOptions.url ?? '?'} failed: ${error.name}${error.code ? ` ${error.code}` : ''}`);
  void reply.status(500).send({ error: 'internal', message: consoleMessage('internal', language) });
}
