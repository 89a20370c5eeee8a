/**
 * `npm run staff-pin -- --staff <staffId> [--data-dir .kiosk-data] [--clear]`
 *
 * Sets (or clears) an officer's personal PIN on this kiosk, for PIN login without a badge. The
 * PIN (4 to 8 digits) is read from standard input: typed twice without echo on a terminal, or
 * piped (`echo 135790 | npm run staff-pin -- --staff st-000106`). It is stored salted and hashed
 * with scrypt; the change is audited, the PIN never is. See docs/badges.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openKioskDatabase } from '../electron/core/db/open';
import { setStaffPin } from '../electron/core/staff-login/pin';
import { PIN_PATTERN } from '../shared/staff-login';

/** Reads one line from a terminal without showing what is typed. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolveLine) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    let line = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolveLine(line);
          return;
        }
        if (char === '\u0003') process.exit(130); // Ctrl+C
        if (char === '\u007f') line = line.slice(0, -1);
        else line += char;
      }
    };
    input.on('data', onData);
  });
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      staff: { type: 'string' },
      'data-dir': { type: 'string', default: process.env.KIOSK_DATA_DIR || '.kiosk-data' },
      clear: { type: 'boolean', default: false },
    },
  });
  if (!values.staff) {
    console.error('usage: npm run staff-pin -- --staff <staffId> [--data-dir dir] [--clear]   (PIN on stdin)');
    process.exit(2);
  }
  let pin: string | null = null;
  if (!values.clear) {
    if (process.stdin.isTTY) {
      pin = (await readHidden('New PIN (4-8 digits): ')).trim();
      const again = (await readHidden('Same PIN again: ')).trim();
      if (again !== pin) {
        console.error('the two PINs differ; nothing was changed');
        process.exit(1);
      }
    } else {
      pin = (await readPiped()).trim();
    }
    if (!PIN_PATTERN.test(pin)) {
      console.error('a PIN is 4 to 8 digits; nothing was changed');
      process.exit(1);
    }
  }
  const { db } = openKioskDatabase(resolve(values['data-dir']!));
  try {
    setStaffPin(db, values.staff, pin, Date.now(), 'it:staff-pin');
    console.log(pin === null ? `PIN cleared for ${values.staff}` : `PIN set for ${values.staff}`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
