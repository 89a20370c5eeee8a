import type { Database } from 'better-sqlite3';
import { statement } from '../db/statements';

/**
 * A moment of one boot's monotonic clock at which a signed answer gave the server's time: with it,
 * any rating of that boot has a server time, `serverTime + (rating.monotonicMs − monotonicMs)`,
 * whatever the wall clock did meanwhile (table `clock_anchors`, migration 0007).
 */
export interface ClockAnchor {
  bootId: string;
  monotonicMs: number;
  serverTime: number;
}

/** An anchor is written again only when it predicts the server's time this badly (each write is an fsync). */
export const ANCHOR_WRITE_THRESHOLD_MS = 1_000;

export function readAnchor(db: Database, bootId: string): ClockAnchor | null {
  return (
    (statement(db, 'SELECT boot_id AS bootId, monotonic_ms AS monotonicMs, server_time AS serverTime FROM clock_anchors WHERE boot_id = ?').get(bootId) as
      | ClockAnchor
      | undefined) ?? null
  );
}

/**
 * Keeps `anchor` for its boot, unless the kept one already predicts it within the threshold.
 * Anchors of boots that have no unsent rating left are pruned when a new boot writes its first.
 */
export function keepAnchor(db: Database, anchor: ClockAnchor, now: number): void {
  const kept = readAnchor(db, anchor.bootId);
  if (kept && Math.abs(kept.serverTime + (anchor.monotonicMs - kept.monotonicMs) - anchor.serverTime) < ANCHOR_WRITE_THRESHOLD_MS) return;
  db.transaction(() => {
    if (!kept) {
      statement(
        db,
        `DELETE FROM clock_anchors WHERE boot_id NOT IN (
           SELECT DISTINCT boot_id FROM ratings WHERE sent_at IS NULL AND quarantined_at IS NULL AND boot_id IS NOT NULL)`,
      ).run();
    }
    statement(
      db,
      `INSERT INTO clock_anchors (boot_id, monotonic_ms, server_time, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (boot_id) DO UPDATE SET monotonic_ms = excluded.monotonic_ms, server_time = excluded.server_time, updated_at = excluded.updated_at`,
    ).run(anchor.bootId, anchor.monotonicMs, anchor.serverTime, now);
  })();
}

/** The kept anchors of these boots (those that have one). */
export function anchorsOf(db: Database, bootIds: Iterable<string>): ClockAnchor[] {
  return [...new Set(bootIds)].flatMap((bootId) => readAnchor(db, bootId) ?? []);
}
