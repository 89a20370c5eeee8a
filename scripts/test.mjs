// `npm test`: every check and every suite, then one closing line `N passed, N failed, N skipped`
// summing them all. Exits non-zero on any failure. CI runs exactly this (.ci/run).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

/** A static check (lint, types, build) counts as one test: it passed or it failed. */
function check(name, command, args) {
  if (step(name, command, args)) totals.passed += 1;
  else totals.failed += 1;
}

/** Runs vitest with a JSON report and adds its counts. */
function vitestSuite(name, args, env = {}) {
  mkdirSync('.tmp', { recursive: true });
  const report = `.tmp/vitest-${name}.json`;
  rmSync(report, { force: true });
  const ok = step(name, npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], env);
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
    // A suite that failed to load has no failed test but must still fail the run.
    if (!ok && json.numFailedTests === 0) totals.failed += 1;
  } catch {
    totals.failed += 1;
    console.error(`${name}: no report (${report}); counted as a failure`);
  }
}

check('lint', npx, ['eslint', '.']);
check('typecheck', npx, ['tsc', '-p', 'tsconfig.json']);
check('build', process.execPath, ['scripts/build.mjs']);
const only = process.argv.slice(2);
if (only.length > 0) {
  vitestSuite('tests', only);
} else {
  // Unit, integration, crash, sync and server suites on both cores; then the end-to-end suites one
  // file at a time, so that each browser test has a core of its own and no timing depends on load.
  vitestSuite('tests', ['--exclude', 'tests/e2e/**']);
  vitestSuite('e2e', ['tests/e2e', '--maxWorkers=1']);
}
// The provincial server's suite once more against a real PostgreSQL when one is given (.ci/run
// starts one); the first run used embedded PGlite.
if (process.env.TEST_DATABASE_URL && only.length === 0) {
  vitestSuite('server-postgres', ['tests/server'], { SERVER_TEST_BACKEND: 'postgres' });
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
