// `npm run console:demo`: the provincial console with a made-up province, on 127.0.0.1, until
// Ctrl+C — the same site the console's end-to-end tests and screenshots use (an in-memory
// database: nothing is kept). CONSOLE_PORT picks the port (default 8090; 0 = a free one).
// CONSOLE_DEMO_RATINGS=N seeds the synthetic province of `npm run admin -- seed-synthetic`
// (200 units, 3,000 officers) with N ratings over two years instead of the small one.
import { PASSWORD, startConsoleSite } from '../tests/e2e/console/harness';

const port = Number(process.env.CONSOLE_PORT ?? 8090);
const synthetic = Number(process.env.CONSOLE_DEMO_RATINGS ?? 0);
const started = performance.now();
const site = await startConsoleSite({ port, ...(synthetic > 0 ? { synthetic: { ratings: synthetic, years: 2 } } : {}) });
console.log(`Nụ cười console (demo data: ${site.seeded.ratings} ratings, ${site.seeded.comments} comments) on ${site.url}/ in ${Math.round(performance.now() - started)} ms`);
console.log(`accounts (password: ${PASSWORD}):`);
for (const account of site.accounts) console.log(`  ${account.login.padEnd(18)} ${account.role}${account.unitId ? ` of ${account.unitId}` : ''}`);
const stop = () => void site.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
