/**
 * The province's SMTP relay (host, port, STARTTLS / TLS / none, user, password, sender) and
 * sending through it with nodemailer. Every step of a conversation is bounded in time, so a relay
 * that hangs fails the send instead of holding it forever. Kept apart from what is sent, so other
 * mail (fleet alerts) can use the same relay.
 *
 * The password is stored as given: the server has no key store to encrypt it with that would not
 * sit beside the database (docs/evaluation.md); it never leaves the server (the console sees only
 * whether one is set).
 */
import nodemailer from 'nodemailer';
import type { MailRelay, MailRelayRequest } from '../../shared/console/monthly-reports';
import type { ServerDb } from '../db/connect';

export interface RelaySettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username: string | null;
  password: string | null;
  fromAddress: string;
}

/** Bounds of one SMTP conversation (ms). */
export interface MailTimeouts {
  /** To open the connection. */
  connect: number;
  /** For the relay's greeting. */
  greeting: number;
  /** Of silence at any later point, the message's data included. */
  idle: number;
}

export const DEFAULT_MAIL_TIMEOUTS: MailTimeouts = { connect: 15_000, greeting: 15_000, idle: 60_000 };

export async function readRelay(db: ServerDb): Promise<RelaySettings | null> {
  const row = await db.selectFrom('mail_relay').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return null;
  return { host: row.host, port: row.port, security: row.security, username: row.username, password: row.password, fromAddress: row.from_address };
}

/** The relay without its password, for the console. */
export function publicRelay(relay: RelaySettings): MailRelay {
  const { password, ...rest } = relay;
  return { ...rest, passwordSet: password !== null && password !== '' };
}

/** Stores a validated relay; a request without `password` keeps the stored one. */
export async function writeRelay(db: ServerDb, change: MailRelayRequest, now: number): Promise<RelaySettings> {
  const stored = await readRelay(db);
  const password = change.password === undefined ? (stored?.password ?? null) : change.password || null;
  const row = {
    host: change.host,
    port: change.port,
    security: change.security,
    username: change.username || null,
    password,
    from_address: change.fromAddress,
    updated_at: now,
  };
  await db
    .insertInto('mail_relay')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
  return (await readRelay(db))!;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/** Sends one message; resolves with the relay's message id once it answered 250 to the data. */
export async function sendThroughRelay(relay: RelaySettings, mail: OutgoingMail, timeouts: MailTimeouts = DEFAULT_MAIL_TIMEOUTS): Promise<string> {
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.security === 'tls',
    requireTLS: relay.security === 'starttls',
    ignoreTLS: relay.security === 'none',
    ...(relay.username ? { auth: { user: relay.username, pass: relay.password ?? '' } } : {}),
    connectionTimeout: timeouts.connect,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.idle,
    // One message per connection: nothing lingers between months.
    pool: false,
  });
  try {
    const info = await transport.sendMail({ from: relay.fromAddress, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
    return String(info.messageId ?? '');
  } finally {
    transport.close();
  }
}
