/**
 * A real SMTP server for the mail tests (the `smtp-server` package) on 127.0.0.1: it keeps every
 * message it accepted, and per recipient can accept, refuse (451), or hang in the data phase
 * without ever answering — as a relay that stopped responding does. Given credentials, it takes
 * mail only from a client that signed in with them (AUTH PLAIN/LOGIN over the plain connection).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type RelayBehaviour = 'accept' | 'refuse' | 'hang';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** How every recipient is treated from now on, or one recipient. */
  behave(behaviour: RelayBehaviour, recipient?: string): void;
  /** Messages whose data started (accepted, refused or hanging). */
  attempts: string[][];
  close(): Promise<void>;
}

export async function startSmtpServer(options: { credentials?: { username: string; password: string } } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const attempts: string[][] = [];
  let fallback: RelayBehaviour = 'accept';
  const byRecipient = new Map<string, RelayBehaviour>();
  const server = new SMTPServer({
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.username && auth.password === expected.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      attempts.push(to);
      const behaviour = to.map((r) => byRecipient.get(r) ?? fallback).find((b) => b !== 'accept') ?? 'accept';
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (behaviour === 'hang') return; // never answers the data
        if (behaviour === 'refuse') {
          const error = new Error('Temporary local problem, try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        received.push({ to, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  // A client killed in the middle of a session (the restart test's SIGKILL) resets its connection:
  // the relay drops that session, as a real one does. Without a listener the reset would be an
  // uncaught error of the test's process.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    attempts,
    behave(behaviour, recipient) {
      if (recipient) byRecipient.set(recipient, behaviour);
      else {
        fallback = behaviour;
        byRecipient.clear();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging sessions would keep close() waiting: end them.
        for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) connection.close();
        server.close(() => resolve());
      }),
  };
}

/** The headers of a raw message, unfolded, by lower-case name. */
export function headersOf(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new Map(head.split(/\r?\n/).map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
}

/** Decodes RFC 2047 encoded words (UTF-8, B or Q), joining adjacent ones byte by byte. */
export function decodeHeader(value: string): string {
  const bytes: number[] = [];
  let text = '';
  const flush = () => {
    text += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  const pattern = /=\?utf-8\?([bq])\?([^?]*)\?=|([^=]+|=)/gi;
  for (const match of value.matchAll(pattern)) {
    if (match[1]) {
      const encoded = match[2]!;
      if (match[1].toLowerCase() === 'b') bytes.push(...Buffer.from(encoded, 'base64'));
      else bytes.push(...decodeQ(encoded.replace(/_/g, ' ')));
    } else if (/^\s+$/.test(match[3]!) && bytes.length > 0) {
      // Space between two encoded words is not text.
    } else {
      flush();
      text += match[3];
    }
  }
  flush();
  return text;
}

function decodeQ(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return out;
}

export interface MimePart {
  headers: Map<string, string>;
  body: Buffer;
}

/** The parts of a multipart message, their bodies decoded (base64 or quoted-printable). */
export function partsOf(raw: string): MimePart[] {
  const boundary = /boundary="?([^";\s]+)"?/i.exec(headersOf(raw).get('content-type') ?? '')?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((chunk) => {
      const nested = headersOf(chunk.replace(/^\r?\n/, ''));
      if (/multipart\//i.test(nested.get('content-type') ?? '')) return partsOf(chunk.replace(/^\r?\n/, ''));
      const body = chunk.replace(/^\r?\n/, '').split(/\r?\n\r?\n/).slice(1).join('\r\n\r\n');
      const encoding = (nested.get('content-transfer-encoding') ?? '').toLowerCase();
      const decoded =
        encoding === 'base64'
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
          : encoding === 'quoted-printable'
            ? Buffer.from(decodeQ(body.replace(/=\r?\n/g, '')))
            : Buffer.from(body);
      return [{ headers: nested, body: decoded }];
    });
}
