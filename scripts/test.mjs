// `npm test`: every check and every suite, then one closing line `N passed, N failed, N skipped`
// summing them all. Exits non-zero on any failure. CI runs exactly this (.ci/run).
//
// Steps that do not depend on each other run at the same time: lint, typecheck and the build
// first; then the unit/integration suite and the end-to-end suite (which needs the build). A step
// run beside another prints its output as one block when it ends, so outputs never interleave.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The step printing to the terminal as it runs, if any: other steps' blocks wait for it. */
let liveStep = Promise.resolve();

/**
 * Runs one step; resolves true when it exited 0. A `live` step shares the terminal as it runs;
 * the others' output is kept and printed as one block when they end.
 */
function step(name, command, args, { env = {}, live = false } = {}) {
  const header = `\n=== ${name}: ${command} ${args.join(' ')}`;
  if (live) console.log(header);
  const started = Date.now();
  const run = new Promise((resolve) => {
    const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    let finished = false;
    const finish = async (ok, note = '') => {
      if (finished) return; // 'error' may be followed by 'close'
      finished = true;
      const summary = `=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s${note}`;
      if (!live) {
        await liveStep;
        process.stdout.write(`${header}\n${Buffer.concat(output).toString()}`);
      }
      console.log(summary);
      resolve(ok);
    };
    child.on('error', (error) => void finish(false, ` (${error.message})`));
    child.on('close', (code) => void finish(code === 0));
  });
  if (live) liveStep = run;
  return run;
}

/** A static check (lint, types, build) counts as one test: it passed or it failed. */
async function check(name, command, args) {
  if (await step(name, command, args)) totals.passed += 1;
  else totals.failed += 1;
}

/** Runs vitest with a JSON report and adds its counts. */
async function vitestSuite(name, args, options = {}) {
  mkdirSync('.tmp', { recursive: true });
  const report = `.tmp/vitest-${name}.json`;
  rmSync(report, { force: true });
  const ok = await step(name, npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], options);
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

const started = Date.now();
await Promise.all([
  check('lint', npx, ['eslint', '.']),
  check('typecheck', npx, ['tsc', '-p', 'tsconfig.json']),
  check('build', process.execPath, ['scripts/build.mjs']),
]);
const only = process.argv.slice(2);
if (only.length > 0) {
  await vitestSuite('tests', only, { live: true });
} else {
  // Unit, integration, crash, sync and server suites on both cores, shown as they run; beside
  // them the end-to-end suites one file at a time, so that each browser test has its web host
  // and core to itself. The end-to-end files mostly wait on the browser, and what they time
  // does not depend on the load: wedge scans carry their own key times, the kiosk's timers run
  // on Playwright's clock (tests/e2e/harness.ts).
  await Promise.all([
    vitestSuite('tests', ['--exclude', 'tests/e2e/**'], { live: true }),
    vitestSuite('e2e', ['tests/e2e', '--maxWorkers=1']),
  ]);
}
// The provincial server's suite once more against a real PostgreSQL when one is given (.ci/run
// starts one); the first run used embedded PGlite.
if (process.env.TEST_DATABASE_URL && only.length === 0) {
  await vitestSuite('server-postgres', ['tests/server'], { env: { SERVER_TEST_BACKEND: 'postgres' }, live: true });
}

console.log(`\nall steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
