import type { FastifyInstance } from 'fastify';
import type { ServerDb } from '../db/connect';
import { runGamingChecks } from './gaming-checks';

export interface IntegrityWatchOptions {
  db: ServerDb;
  now: () => number;
  /** How often the gaming checks look at the ratings received since their last round. */
  intervalMs: number;
  /** After each round (the alerts on what citizens say, and their e-mail). */
  afterRound?: () => Promise<void>;
}

/**
 * Runs the periodic gaming checks (gaming-checks.ts) on a timer: each round reads at most a
 * bounded number of ratings, so a flood is worked through over several rounds and never holds
 * the database long. A round that fails is logged and the next one tries again.
 */
export async function integrityWatch(app: FastifyInstance, options: IntegrityWatchOptions): Promise<void> {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await runGamingChecks(options.db, options.now());
      await options.afterRound?.();
    } catch (error) {
      console.error(`[integrity] round failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), options.intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
