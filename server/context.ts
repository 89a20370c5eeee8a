import type { ServerDb } from './db/connect';
import type { ServerLimits } from './limits';
import type { SecretKeyRing } from './secret-keys';

/**
 * What every route plugin is given (server/app.ts registers them): the database, the server's
 * clock (tests move it instead of waiting), the limits, and the keys for secrets at rest. Plugins keep their own state, such as
 * rate limiters, for the life of the server.
 */
export interface ServerContext {
  db: ServerDb;
  now: () => number;
  limits: ServerLimits;
  /** The keys that seal and open device secrets at rest. */
  keys: SecretKeyRing;
}
