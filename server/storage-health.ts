import { statfs } from 'node:fs/promises';
import type { ServerDb } from './db/connect';

export type StorageState = { writable: true } | { writable: false; reason: 'low_space' | 'not_writable' };

export interface StorageHealthOptions {
  db: ServerDb;
  /** PGlite's folder: its free space is watched. Absent for PostgreSQL (its disk is not ours to see). */
  dataDir: string | undefined;
  /** Writes are refused below this much free space in dataDir. */
  minFreeBytes: number;
  /** The server's clock, for the probe's row. */
  now: () => number;
}

/** Real elapsed time for the caches below (the server's clock may be moved by tests). */
const elapsed = () => performance.now();

/** A free-space reading is this fresh at most; a write probe's result too. */
const SPACE_CACHE_MS = 1_000;
const PROBE_CACHE_MS = 5_000;
/** After a write failed for lack of storage, the database counts as not writable this long. */
const FAILURE_MEMORY_MS = 10_000;

/**
 * Whether the database can take writes now, for the health route and for refusing writes early.
 *
 * Headroom: PGlite is refused every write (503) while its folder has less than `minFreeBytes` free,
 * so that it never meets a full disk. It has to be kept away from one: when PostgreSQL inside it
 * cannot extend a file it fails the statement (with the statement and its parameters in the error),
 * and when it cannot create a WAL segment (16 MiB) it hangs the process for good, even after space
 * returns. With headroom the server answers 503 storage_low at once and resumes within a second of
 * space returning.
 *
 * Probe: an update of one row, at most every few seconds, and any write that failed for storage
 * (SQLSTATE class 53, disk full; 58030, I/O error; 25006, read only) in the last seconds.
 */
export class StorageHealth {
  private space: { at: number; free: number } | null = null;
  private probe: { at: number; ok: boolean } | null = null;
  private lastFailureAt = -Infinity;

  constructor(private readonly options: StorageHealthOptions) {}

  /** Free bytes in dataDir are at least minFreeBytes (always true without a dataDir). */
  async hasHeadroom(): Promise<boolean> {
    const { dataDir, minFreeBytes } = this.options;
    if (!dataDir) return true;
    if (!this.space || elapsed() - this.space.at >= SPACE_CACHE_MS) {
      const stats = await statfs(dataDir);
      this.space = { at: elapsed(), free: stats.bavail * stats.bsize };
    }
    return this.space.free >= minFreeBytes;
  }

  /** What the health route reports: headroom, then recent failures, then a write probe. */
  async state(): Promise<StorageState> {
    if (!(await this.hasHeadroom())) return { writable: false, reason: 'low_space' };
    if (elapsed() - this.lastFailureAt < FAILURE_MEMORY_MS) return { writable: false, reason: 'not_writable' };
    if (!this.probe || elapsed() - this.probe.at >= PROBE_CACHE_MS) {
      this.probe = { at: elapsed(), ok: await this.writeProbe() };
    }
    return this.probe.ok ? { writable: true } : { writable: false, reason: 'not_writable' };
  }

  /** Remembers a failed write when storage caused it (for state()). */
  noteFailure(error: unknown): void {
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string' && (code.startsWith('53') || code === '58030' || code === '25006' || code === 'ENOSPC')) {
      this.lastFailureAt = elapsed();
      this.probe = null;
    }
  }

  private async writeProbe(): Promise<boolean> {
    try {
      await this.options.db.updateTable('health_probe').set({ probed_at: this.options.now() }).where('id', '=', 1).execute();
      return true;
    } catch (error) {
      this.noteFailure(error);
      return false;
    }
  }
}
