/**
 * The province's SMTP relay (host, port, STARTTLS / TLS / none, user, password, sender) and
 * sending through it with nodemailer. Every step of a conversation is bounded in time, so a relay
 * that hangs fails the send instead of holding it forever. Kept apart from what is sent, so other
 * mail (fleet alerts) can use the same relay.
 *
 * The password is sealed at rest with the server's keys, as device secrets are (migration 0028,
 * server/secret-keys.ts): a copy of the database alone does not give it. It never leaves the
 * server (the console sees only whether one is set) and is never logged.
 */
import nodemailer from 'nodemailer';
import type { MailRelay, MailRelayRequest } from '../../shared/console/monthly-reports';
import type { ServerDb } from '../db/connect';
import { RELAY_PASSWORD_CONTEXT } from '../db/migrations/0028-sealed-relay-password';
import type { SecretKeyRing } from '../secret-keys';

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

export async function readRelay(db: ServerDb, keys: SecretKeyRing): Promise<RelaySettings | null> {
  const row = await db.selectFrom('mail_relay').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return null;
  const password = row.sealed_password === null || row.password_key_id === null ? null : keys.open({ keyId: row.password_key_id, sealed: row.sealed_password }, RELAY_PASSWORD_CONTEXT);
  return { host: row.host, port: row.port, security: row.security, username: row.username, password, fromAddress: row.from_address };
}

/** Whether the province has set a relay (no key needed: the password is not read). */
export async function relayConfigured(db: ServerDb): Promise<boolean> {
  return (await db.selectFrom('mail_relay').select('id').where('id', '=', 1).executeTakeFirst()) !== undefined;
}

/** The relay without its password, for the console. */
export function publicRelay(relay: RelaySettings): MailRelay {
  const { password, ...rest } = relay;
  return { ...rest, passwordSet: password !== null && password !== '' };
}

/** Stores a validated relay, its password sealed; a request without `password` keeps the stored one. */
export async function writeRelay(db: ServerDb, keys: SecretKeyRing, change: MailRelayRequest, now: number): Promise<RelaySettings> {
  const stored = await readRelay(db, keys);
  const password = change.password === undefined ? (stored?.password ?? null) : change.password || null;
  const sealed = password === null ? null : keys.seal(password, RELAY_PASSWORD_CONTEXT);
  const row = {
    host: change.host,
    port: change.port,
    security: change.security,
    username: change.username || null,
    sealed_password: sealed?.sealed ?? null,
    password_key_id: sealed?.keyId ?? null,
    from_address: change.fromAddress,
    updated_at: now,
  };
  await db
    .insertInto('mail_relay')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
  return (await readRelay(db, keys))!;
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
