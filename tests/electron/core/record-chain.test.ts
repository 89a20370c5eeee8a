/**
 * The kiosk's own record chain: ratings and session events share one sequence and each carries
 * the link of the one before; a change made to a stored record is found by the check; and a fresh
 * database made after a damaged one was moved aside continues the old chain when its head can
 * still be read.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recentAudit } from '../../../electron/core/audit';
import { openKioskDatabase } from '../../../electron/core/db/open';
import { DEMO_COUNTER_ID } from '../../../electron/core/demo';
import { checkChain, continueChainFrom, nextChainPosition } from '../../../electron/core/record-chain';
import { endSession } from '../../../electron/core/sessions';
import { CHAIN_GENESIS } from '../../../shared/rating';
import type { Result } from '../../../shared/result';
import { demoCore, draft, tempDir } from './helpers';

const cores: { close(): void }[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function setup(options: Parameters<typeof demoCore>[0] = {}) {
  const made = demoCore(options);
  cores.push(made.core);
  return made;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('the kiosk’s record chain', () => {
  it('ratings and logins share one sequence, each record carrying the link of the one before', () => {
    const { core } = setup();
    const db = core.database!;
    value(core.call('submitRating', draft(3)));
    endSession(db, DEMO_COUNTER_ID, Date.now(), 'manual');
    const rows = db
      .prepare(`SELECT seq, prev_hash AS prev, chain_hash AS hash FROM ratings UNION ALL SELECT seq, prev_hash, chain_hash FROM session_events ORDER BY seq`)
      .all() as { seq: number; prev: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev).toBe(CHAIN_GENESIS);
    expect(rows[1]!.prev).toBe(rows[0]!.hash);
    expect(rows[2]!.prev).toBe(rows[1]!.hash);
    expect(checkChain(db)).toEqual({ intact: true, records: 3 });
  });

  it('a score changed in the database after the rating was made is found, with its seq', () => {
    const { core } = setup();
    const db = core.database!;
    const { seq } = value(core.call('submitRating', draft(1))) as { seq: number };
    value(core.call('submitRating', draft(2)));
    db.prepare('UPDATE ratings SET score = 3 WHERE seq = ?').run(seq);
    expect(checkChain(db)).toMatchObject({ intact: false, seq, problem: 'its link is not what its content gives' });
  });

  it('a fresh database made after a damaged one was moved aside continues the old chain when its head can be read', () => {
    const { core, dataDir } = setup();
    value(core.call('submitRating', draft(3)));
    value(core.call('submitRating', draft(2)));
    const oldHead = nextChainPosition(core.database!);
    core.close();
    cores.splice(0);
    const aside = join(tempDir(), 'kiosk.db.damaged-copy');
    copyFileSync(join(dataDir, 'kiosk.db'), aside);
    const fresh = openKioskDatabase(tempDir(), Date.now).db;
    expect(continueChainFrom(fresh, aside)).toEqual({ seq: oldHead.seq - 1, hash: oldHead.prevHash });
    expect(nextChainPosition(fresh)).toEqual(oldHead);
    fresh.close();
  });

  it('a damaged database that cannot be read at all: the new chain starts fresh, and the audit log says so', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'kiosk.db'), 'not a database at all'.repeat(300));
    const { core } = setup({ dataDir });
    expect(recentAudit(core.database!).map((e) => e.action)).toContain('record_chain_restarted');
    const { seq } = value(core.call('submitRating', draft(3))) as { seq: number };
    expect(seq).toBe(2); // after the demo officer's login
    expect(checkChain(core.database!)).toEqual({ intact: true, records: 2 });
  });
});
