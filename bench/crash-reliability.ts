/**
 * Reliability: 500 kill -9 rounds of a kiosk writing ratings (npm test runs 30). After each kill,
 * every rating whose submit had returned must be stored exactly once, and integrity_check ok.
 *   node --import tsx bench/crash-reliability.ts [rounds=500]
 */
import { crashRounds } from '../tests/electron/core/crash-harness';

const rounds = Number(process.argv[2] ?? 500);
const started = Date.now();
let failures = 0;
const results = await crashRounds(rounds, (round, result) => {
  const bad = result.integrity !== 'ok' || result.chain !== 'intact' || result.missing.length > 0 || result.doubled.length > 0;
  if (bad) failures += 1;
  if (bad || round % 50 === 0) {
    console.log(
      `round ${round}: thanked ${result.thanked}, stored ${result.stored}, missing ${result.missing.length}, doubled ${result.doubled.length}, integrity ${result.integrity}, chain ${result.chain}`,
    );
  }
});
const last = results[results.length - 1]!;
console.log(
  `crash reliability: ${rounds} kill -9 rounds, ${last.thanked} thanked ratings, ${last.stored} stored, ` +
    `${failures} rounds with a lost, doubled or damaged rating, in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failures > 0 ? 1 : 0);
