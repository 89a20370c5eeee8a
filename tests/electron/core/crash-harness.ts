/**
 * Kill -9 rounds against the real core: shared by the crash test (npm test, 30 rounds) and the
 * reliability benchmark (bench/crash-reliability.ts, 500 rounds).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeEntry } from '../../node-bundle';
import { checkChain } from '../../../electron/core/record-chain';

/** This file's folder (the package is ESM: no __dirname outside vitest). */
const HERE = dirname(fileURLToPath(import.meta.url));

const ROOT = resolve(HERE, '../../..');

export interface RoundResult {
  thanked: number;
  stored: number;
  missing: string[];
  doubled: string[];
  integrity: string;
  /** The record chain (ratings and session events): `intact`, or where and why it is not. */
  chain: string;
}

/** Runs the child until `killAfterMs` after it is ready, then SIGKILLs it. Resolves the ids it had been thanked for. */
function runAndKill(childFile: string, dataDir: string, killAfterMs: number): Promise<string[]> {
  return new Promise((resolveIds, reject) => {
    const thankedLog = join(dataDir, 'thanked.log');
    rmSync(thankedLog, { force: true });
    const child = spawn(process.execPath, [childFile, dataDir, thankedLog], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000); // never hang the suite
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killTimer && out.includes('ready\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (code ${code}): ${err}`));
      const ids = readFileSync(thankedLog, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('thanked '))
        .map((line) => line.slice('thanked '.length).trim())
        .filter((id) => id.length === 36); // a line cut by the kill was never complete
      resolveIds(ids);
    });
  });
}

/** Checks the database after a kill: every thanked rating present exactly once, integrity ok, the record chain intact. */
export function checkAfterKill(dataDir: string, thanked: string[]): RoundResult {
  const db = new Database(join(dataDir, 'kiosk.db'));
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const count = db.prepare('SELECT count(*) AS n FROM ratings WHERE id = ?');
    const missing: string[] = [];
    const doubled: string[] = [];
    for (const id of thanked) {
      const n = (count.get(id) as { n: number }).n;
      if (n === 0) missing.push(id);
      if (n > 1) doubled.push(id);
    }
    const stored = (db.prepare('SELECT count(*) AS n FROM ratings').get() as { n: number }).n;
    const distinct = (db.prepare('SELECT count(DISTINCT id) AS n FROM ratings').get() as { n: number }).n;
    if (distinct !== stored) doubled.push(`(${stored - distinct} duplicate rows)`);
    const check = checkChain(db);
    const chain = check.intact ? 'intact' : `broken at seq ${check.seq}: ${check.problem}`;
    return { thanked: thanked.length, stored, missing, doubled, integrity, chain };
  } finally {
    db.close();
  }
}

/**
 * `rounds` kills of one kiosk's data folder, each at a random moment 20–300 ms into writing.
 * Thanked ids accumulate across rounds, as on a kiosk that is power-cycled again and again.
 */
export async function crashRounds(rounds: number, onRound?: (round: number, result: RoundResult) => void): Promise<RoundResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
  // The child is started once per round: bundled, it is ready in a fraction of tsx's time.
  const child = await bundleNodeEntry('tests/electron/core/crash-child.ts');
  const allThanked: string[] = [];
  const results: RoundResult[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const killAfterMs = 20 + Math.floor(Math.random() * 280);
      allThanked.push(...(await runAndKill(child.file, dataDir, killAfterMs)));
      const result = checkAfterKill(dataDir, allThanked);
      results.push(result);
      onRound?.(round, result);
    }
  } finally {
    child.remove();
  }
  return results;
}
