import type { ServerDb } from './db/connect';
import type { ServerLimits } from './limits';

/**
 * What every route plugin is given (server/app.ts registers them): the database, the server's
 * clock (tests move it instead of waiting), and the limits. Plugins keep their own state, such as
 * rate limiters, for the life of the server.
 */
export interface ServerContext {
  db: ServerDb;
  now: () => number;
  limits: ServerLimits;
}
