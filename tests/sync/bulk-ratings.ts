/**
 * Fills a kiosk database with many closed ratings in one transaction, for backlog tests and
 * benchmarks (a week offline, a 100,000-rating drain). The rows are what RatingStore writes for
 * the demo counter and its officer — same columns, same JSON, fresh UUIDv7 ids and increasing
 * seq, one boot with its monotonic times, each linked into the record chain — only without the
 * per-session cap and one fsync per rating, which would take minutes.
 */
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { CRITERIA_KEYS } from '../../shared/criteria';
import type { DeskRole } from '../../shared/rating';
import { uuidv7 } from '../../shared/uuid';
import { advanceChain, nextChainPosition, ratingLink } from '../../electron/core/record-chain';

export interface BulkOptions {
  count: number;
  /** createdAt of the first rating; the others follow every `spacingMs`. */
  startAt: number;
  spacingMs: number;
  /** A new officer session every this many ratings (shifts change), default 40. */
  perSession?: number;
  appVersion?: string;
  /** The boot they were made in (default: a new one, its monotonic clock at 0 for the first rating). */
  bootId?: string;
}

interface Place {
  deviceId: string;
  unitId: string;
  counterId: string;
  deskRole: string;
  staffId: string;
}

function currentPlace(db: Database): Place {
  const { deviceId } = db.prepare('SELECT device_id AS deviceId FROM device_state').get() as { deviceId: string };
  const counterId = JSON.parse((db.prepare(`SELECT value FROM settings WHERE key = 'counterId'`).get() as { value: string }).value) as string;
  const counter = db.prepare('SELECT unit_id AS unitId, desk_role AS deskRole FROM counters WHERE id = ?').get(counterId) as {
    unitId: string;
    deskRole: string;
  };
  const staff = db.prepare('SELECT id FROM staff WHERE unit_id = ? AND active = 1 ORDER BY id LIMIT 1').get(counter.unitId) as { id: string };
  return { deviceId, counterId, unitId: counter.unitId, deskRole: counter.deskRole, staffId: staff.id };
}

/** Inserts `count` closed ratings; returns their ids in seq order. */
export function insertClosedRatings(db: Database, options: BulkOptions): string[] {
  const place = currentPlace(db);
  const perSession = options.perSession ?? 40;
  const insert = db.prepare(
    `INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, staff_id,
       staff_session_id, created_at, clock_offset_ms, scale, score, criteria, comment, dossier_code,
       locale, duration_ms, app_version, updated_at, closed_at, boot_id, monotonic_ms, prev_hash, chain_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'vn3', ?, ?, NULL, NULL, 'vi', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bootId = options.bootId ?? randomUUID();
  const ids: string[] = [];
  let seed = 12345;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  db.transaction(() => {
    let { seq, prevHash } = nextChainPosition(db);
    seq -= 1;
    let sessionId = '';
    for (let i = 0; i < options.count; i++) {
      const createdAt = options.startAt + i * options.spacingMs;
      if (i % perSession === 0) sessionId = uuidv7(createdAt);
      // Most citizens tap once; some answer a few of the eight criteria.
      const criteria = Object.fromEntries(
        CRITERIA_KEYS.map((key) => [key, random() < 0.25 ? random() < 0.8 : null]),
      );
      const score = random() < 0.7 ? 3 : random() < 0.7 ? 2 : 1;
      const id = uuidv7(createdAt);
      seq += 1;
      const appVersion = options.appVersion ?? '0.1.0';
      const chainHash = ratingLink(prevHash, {
        id,
        seq,
        unitId: place.unitId,
        counterId: place.counterId,
        deskRole: place.deskRole as DeskRole,
        staffId: place.staffId,
        staffSessionId: sessionId,
        createdAt,
        clockOffsetMs: null,
        scale: 'vn3',
        score: score as 1 | 2 | 3,
        appVersion,
        bootId,
        monotonicMs: i * options.spacingMs,
      });
      insert.run(
        id,
        seq,
        uuidv7(createdAt),
        place.deviceId,
        place.unitId,
        place.counterId,
        place.deskRole,
        place.staffId,
        sessionId,
        createdAt,
        null,
        score,
        JSON.stringify(criteria),
        1_000 + Math.floor(random() * 20_000),
        appVersion,
        createdAt,
        createdAt + 30_000,
        bootId,
        i * options.spacingMs,
        prevHash,
        chainHash,
      );
      advanceChain(db, seq, chainHash);
      prevHash = chainHash;
      ids.push(id);
    }
  })();
  return ids;
}
