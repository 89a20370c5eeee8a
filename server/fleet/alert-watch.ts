import type { FastifyInstance } from 'fastify';
import type { ServerDb } from '../db/connect';
import { evaluateAlerts } from './alerts';

export interface AlertWatchOptions {
  db: ServerDb;
  now: () => number;
  /** How often the fleet is judged (offline kiosks send no heartbeat to trigger it). */
  intervalMs: number;
  /** After each round: sends the e-mail of alerts not mailed yet (server/mail). */
  afterRound?: () => Promise<void>;
}

/**
 * Judges the whole fleet's alerts on a timer, for the kiosks that went quiet: a heartbeat judges
 * its own kiosk at once. A round that fails is logged and the next one tries again.
 */
export async function alertWatch(app: FastifyInstance, options: AlertWatchOptions): Promise<void> {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await evaluateAlerts(options.db, options.now());
      await options.afterRound?.();
    } catch (error) {
      console.error(`[fleet] alert round failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), options.intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
