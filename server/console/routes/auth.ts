import type { FastifyInstance } from 'fastify';
import { ChangePasswordRequestSchema, LoginRequestSchema, SESSION_COOKIE, type SessionResponse } from '../../../shared/console/api';
import { setPassword, toConsoleUser } from '../accounts';
import { writeAudit } from '../audit';
import { sessionCookie } from '../cookies';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import { verifyPassword } from '../passwords';
import type { ConsoleRouteOptions } from '../plugin';
import { endSession, SESSION_MAX_MS } from '../sessions';
import { signIn } from '../sign-in';

/** Sign-in, sign-out, the current session, and one's own password. */
export async function authRoutes(app: FastifyInstance, { db, now, secureCookies, throttle }: ConsoleRouteOptions): Promise<void> {
  app.post('/auth/login', async (request, reply) => {
    const input = parseInput(LoginRequestSchema, request.body);
    const address = clientAddress(request);
    const at = now();
    const outcome = await signIn(db, throttle, { login: input.login, password: input.password, address }, at);
    if (!outcome.ok) {
      await writeAudit(db, { actor: null, action: 'login_failed', details: { login: input.login.slice(0, 64), reason: outcome.error.consoleCode }, address, at });
      throw outcome.error;
    }
    const user = toConsoleUser(outcome.account);
    await writeAudit(db, { actor: user, action: 'login', details: {}, address, at });
    void reply.header('set-cookie', sessionCookie(SESSION_COOKIE, outcome.session.token, { secure: secureCookies || request.protocol === 'https', maxAgeSeconds: SESSION_MAX_MS / 1000 }));
    return { user, csrfToken: outcome.session.csrfToken } satisfies SessionResponse;
  });

  app.post('/auth/logout', async (request, reply) => {
    const session = request.consoleSession;
    if (session) {
      await endSession(db, session.tokenHash);
      await writeAudit(db, { actor: session.user, action: 'logout', details: {}, address: clientAddress(request), at: now() });
    }
    void reply.header('set-cookie', sessionCookie(SESSION_COOKIE, '', { secure: secureCookies || request.protocol === 'https', maxAgeSeconds: 0 }));
    return reply.status(204).send();
  });

  app.get('/auth/session', async (request) => {
    const session = requireSession(request);
    return { user: session.user, csrfToken: session.csrfToken } satisfies SessionResponse;
  });

  app.post('/auth/password', async (request, reply) => {
    const session = requireSession(request);
    const input = parseInput(ChangePasswordRequestSchema, request.body);
    const row = await db.selectFrom('console_users').select('password_hash').where('id', '=', session.user.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(input.currentPassword, row.password_hash))) throw new ConsoleError(400, 'wrong_password', {}, 'currentPassword');
    const at = now();
    await setPassword(db, session.user.id, input.newPassword, at, session.tokenHash);
    await writeAudit(db, { actor: session.user, action: 'password_changed', details: {}, address: clientAddress(request), at });
    return reply.status(204).send();
  });
}
