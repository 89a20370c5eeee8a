// `npm run screenshots:evaluation`: the evaluation report of the demo province (the console's
// seeded site, server/demo/demo-province.ts) printed to PDF as the server prints it, then its pages
// as PNG by pdftoppm (poppler-utils) into docs/screenshots/evaluation/ — to look at, and to see a
// change of layout in review.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../server/db/connect';
import { COMMAND_LINE_USER, evaluationFile } from '../server/evaluation/export';
import { SEEDED_NOW, seedProvince } from '../server/demo/demo-province';
import { SecretKeyRing } from '../server/secret-keys';

const out = 'docs/screenshots/evaluation';
const { db, close } = await openDatabase({});
await seedProvince(db, SecretKeyRing.development(), { now: SEEDED_NOW });
mkdirSync(out, { recursive: true });
for (const file of readdirSync(out)) rmSync(join(out, file));
for (const [name, unitId] of [
  ['province-2026', null],
  ['luc-ngan-2026', 'bg-ln-motcua'],
] as const) {
  const file = await evaluationFile(db, COMMAND_LINE_USER, { unitId, period: { kind: 'year', from: '2026-01-01', to: '2026-12-31' }, format: 'pdf', now: SEEDED_NOW });
  const pdf = join(out, `${name}.pdf`);
  writeFileSync(pdf, file.bytes);
  execFileSync('pdftoppm', ['-r', '70', '-png', pdf, join(out, name)]);
  rmSync(pdf);
  console.log(`${name}: ${file.bytes.length.toLocaleString('en')} bytes`);
}
await close();
