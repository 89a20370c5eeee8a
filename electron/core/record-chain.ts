import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { ratingChainHash, sessionEventChainHash } from '../../shared/node/record-chain';
import { CHAIN_GENESIS, type RatingV1 } from '../../shared/rating';
import type { SessionEventKind } from '../../shared/record-chain';
import { uuidv7 } from '../../shared/uuid';
import { processBootClock } from './boot-clock';
import { statement } from './db/statements';

/**
 * The kiosk's record chain (migration 0009, docs/protocol.md "Record chain"): ratings and staff
 * session events share one sequence, and each record stores the link of the one before it and its
 * own, written in the record's own transaction with `chain_head`, so a crash leaves the chain
 * either without the record or with it whole.
 */

/**
 * The next seq and the link it follows. The seq never goes back: above the head, every stored
 * rating and the floor kept in `sequences` (raised if old sent ratings are ever pruned).
 */
const NEXT = `SELECT max(coalesce((SELECT max(seq) FROM ratings), 0),
                    coalesce((SELECT value FROM sequences WHERE name = 'rating_seq'), 0),
                    coalesce((SELECT seq FROM chain_head WHERE id = 1), 0)) + 1 AS seq,
                coalesce((SELECT hash FROM chain_head WHERE id = 1), '${CHAIN_GENESIS}') AS prevHash`;
const ADVANCE = `INSERT INTO chain_head (id, seq, hash) VALUES (1, @seq, @hash)
                 ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`;

export interface ChainPosition {
  seq: number;
  prevHash: string;
}

/** Where the next record goes. Call inside the transaction that stores it, then `advanceChain`. */
export function nextChainPosition(db: Db): ChainPosition {
  return statement(db, NEXT).get() as ChainPosition;
}

export function advanceChain(db: Db, seq: number, hash: string): void {
  statement(db, ADVANCE).run({ seq, hash });
}

/** The fields of a rating its link covers (shared/node/record-chain.ts). */
export type ChainedRatingFields = Pick<
  RatingV1,
  'id' | 'seq' | 'unitId' | 'counterId' | 'deskRole' | 'staffId' | 'staffSessionId' | 'createdAt' | 'clockOffsetMs' | 'scale' | 'score' | 'appVersion' | 'bootId' | 'monotonicMs'
>;

export function ratingLink(prevHash: string, rating: ChainedRatingFields): string {
  return ratingChainHash(prevHash, rating as RatingV1);
}

/** A reason as the protocol takes it: a lower-case word of at most 40 letters, digits or _. */
function protocolReason(reason: string): string {
  const word = reason.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40);
  return /^[a-z]/.test(word) ? word : `x${word}`.slice(0, 40);
}

/**
 * Records a login or logout as a record of the chain, to be sent to the server with the ratings.
 * Runs in the caller's transaction (or its own).
 */
export function recordSessionEvent(
  db: Db,
  event: { kind: SessionEventKind; sessionId: string; staffId: string; counterId: string; reason: string; at: number },
): void {
  db.transaction(() => {
    const { seq, prevHash } = nextChainPosition(db);
    const boot = processBootClock();
    const offset = statement(db, 'SELECT clock_offset_ms AS offset FROM device_state WHERE id = 1').get() as { offset: number | null } | undefined;
    const body = {
      id: uuidv7(event.at),
      seq,
      kind: event.kind,
      sessionId: event.sessionId,
      staffId: event.staffId,
      counterId: event.counterId,
      reason: protocolReason(event.reason),
      createdAt: event.at,
      clockOffsetMs: offset?.offset ?? null,
      bootId: boot.bootId,
      monotonicMs: boot.monotonicMs(),
    };
    const hash = sessionEventChainHash(prevHash, body);
    statement(
      db,
      `INSERT INTO session_events (seq, id, kind, session_id, staff_id, counter_id, reason, created_at, clock_offset_ms, boot_id, monotonic_ms, prev_hash, chain_hash)
       VALUES (@seq, @id, @kind, @sessionId, @staffId, @counterId, @reason, @createdAt, @clockOffsetMs, @bootId, @monotonicMs, @prevHash, @hash)`,
    ).run({ ...body, prevHash, hash });
    advanceChain(db, seq, hash);
  })();
}

/**
 * A fresh database made after a damaged one was moved aside continues the damaged one's chain when
 * its head can still be read (opened read-only, never changed): the new chain's first record
 * carries the old head's link and the next seq, so the server links the two by the device's
 * records — complete when the old records up to the head all reached it, and broken, with the old
 * device's chain ending short of it, when some were lost with the damaged file (docs/integrity.md).
 * Returns the head continued from, or null (unreadable: the new chain starts fresh).
 */
export function continueChainFrom(db: Db, damagedPath: string): { seq: number; hash: string } | null {
  const here = nextChainPosition(db);
  if (here.seq !== 1 || here.prevHash !== CHAIN_GENESIS) return null; // the new database has records already
  let head: { seq: number; hash: string } | undefined;
  try {
    const damaged = new Database(damagedPath, { readonly: true, fileMustExist: true });
    try {
      head = damaged.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as typeof head;
    } finally {
      damaged.close();
    }
  } catch {
    return null;
  }
  if (!head || !Number.isSafeInteger(head.seq) || head.seq < 1 || !/^[0-9a-f]{64}$/.test(head.hash)) return null;
  advanceChain(db, head.seq, head.hash);
  return head;
}

export type ChainCheck = { intact: true; records: number } | { intact: false; records: number; seq: number; problem: string };

interface LinkRow {
  seq: number;
  kind: 'rating' | 'session';
  prev_hash: string;
  chain_hash: string;
}

/**
 * Checks the kiosk's own chain, record after record: each chained record's stored link is what its
 * content gives, it carries the link of the chained record before it, and no seq is skipped
 * between chained records; the head is the last record. For IT staff and the crash test.
 */
export function checkChain(db: Db): ChainCheck {
  const rows = db
    .prepare(
      `SELECT seq, 'rating' AS kind, prev_hash, chain_hash FROM ratings WHERE chain_hash IS NOT NULL
       UNION ALL SELECT seq, 'session' AS kind, prev_hash, chain_hash FROM session_events ORDER BY seq`,
    )
    .all() as LinkRow[];
  let previous: LinkRow | null = null;
  for (const row of rows) {
    const content = contentLink(db, row);
    if (content !== row.chain_hash) return { intact: false, records: rows.length, seq: row.seq, problem: 'its link is not what its content gives' };
    if (previous && (row.seq !== previous.seq + 1 || row.prev_hash !== previous.chain_hash)) {
      return { intact: false, records: rows.length, seq: row.seq, problem: row.seq !== previous.seq + 1 ? `seq ${previous.seq + 1}–${row.seq - 1} missing` : 'it does not carry the link of the record before it' };
    }
    previous = row;
  }
  const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  if (previous && head && (head.seq !== previous.seq || head.hash !== previous.chain_hash)) {
    return { intact: false, records: rows.length, seq: head.seq, problem: 'the head is not the last record' };
  }
  return { intact: true, records: rows.length };
}

function contentLink(db: Db, row: LinkRow): string {
  if (row.kind === 'rating') {
    const r = db.prepare('SELECT * FROM ratings WHERE seq = ?').get(row.seq) as Record<string, unknown>;
    return ratingLink(row.prev_hash, {
      id: r.id as string,
      seq: r.seq as number,
      unitId: r.unit_id as string,
      counterId: r.counter_id as string,
      deskRole: r.desk_role as RatingV1['deskRole'],
      staffId: r.staff_id as string | null,
      staffSessionId: r.staff_session_id as string | null,
      createdAt: r.created_at as number,
      clockOffsetMs: r.clock_offset_ms as number | null,
      scale: r.scale as 'vn3',
      score: r.score as RatingV1['score'],
      appVersion: r.app_version as string,
      ...(r.boot_id !== null && r.monotonic_ms !== null ? { bootId: r.boot_id as string, monotonicMs: r.monotonic_ms as number } : {}),
    });
  }
  const e = db.prepare('SELECT * FROM session_events WHERE seq = ?').get(row.seq) as Record<string, unknown>;
  return sessionEventChainHash(row.prev_hash, {
    id: e.id as string,
    seq: e.seq as number,
    kind: e.kind as SessionEventKind,
    sessionId: e.session_id as string,
    staffId: e.staff_id as string,
    counterId: e.counter_id as string,
    reason: e.reason as string,
    createdAt: e.created_at as number,
    clockOffsetMs: e.clock_offset_ms as number | null,
    ...(e.boot_id !== null && e.monotonic_ms !== null ? { bootId: e.boot_id as string, monotonicMs: e.monotonic_ms as number } : {}),
  });
}
