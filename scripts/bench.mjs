// `npm run bench [-- name ...]`: runs the benchmarks under bench/ one after another and prints
// their figures. With names, runs only the benchmarks whose file name contains one of them.
// Quick ones run by default; long reliability runs (crash-reliability: 500 kill -9 rounds) and
// other long soaks run only when named.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const LONG = ['crash-reliability', 'offline-week', 'console-reports-postgres', 'evaluation-report'];
const wanted = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((name) => /\.(ts|mjs)$/.test(name) && !['stats.ts'].includes(name) && !name.startsWith('lib'))
  .filter((name) => (wanted.length ? wanted.some((w) => name.includes(w)) : !LONG.some((l) => name.includes(l))))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file}`);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', `bench/${file}`] : [`bench/${file}`];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
if (files.length === 0) console.log(`no benchmark matches ${wanted.join(', ')}`);
process.exit(failed > 0 ? 1 : 0);
