/**
 * Request signing of sync protocol v1 (docs/protocol.md), computed once for both ends: the kiosk
 * signs with it and the server checks with it, so the two can never drift apart. The signing
 * text itself is pure and lives in shared/protocol.ts.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { answerSigningText, signingText } from '../protocol';

/** sha256 hex of the body bytes exactly as sent on the wire (the gzip bytes when gzipped). */
export function bodySha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The X-Signature value: base64 HMAC-SHA256 of signingText() with the device secret (UTF-8).
 * `target` is the request target as sent: the path, with `?query` when there is one.
 */
export function signRequest(secret: string, method: string, target: string, timestamp: number | string, body: Uint8Array | string): string {
  return createHmac('sha256', secret).update(signingText(method, target, timestamp, bodySha256Hex(body))).digest('base64');
}

/** Length of an HMAC-SHA256 in bytes. */
const SIGNATURE_BYTES = 32;
const STRICT_BASE64_SIGNATURE = /^[A-Za-z0-9+/]{43}=$/;

/**
 * The 32 bytes of an X-Signature written exactly as the protocol says (standard base64, padded),
 * or null. Node's own decoder forgives base64url, junk characters and non-zero padding bits, so a
 * header is accepted only when it is the one canonical encoding of its bytes.
 */
export function parseSignature(header: string): Buffer | null {
  if (!STRICT_BASE64_SIGNATURE.test(header)) return null;
  const bytes = Buffer.from(header, 'base64');
  return bytes.length === SIGNATURE_BYTES && bytes.toString('base64') === header ? bytes : null;
}

/** Constant-time comparison of a received signature with the expected one; malformed ones never match. */
export function signatureMatches(expectedBase64: string, receivedBase64: string): boolean {
  const expected = Buffer.from(expectedBase64, 'base64');
  const received = parseSignature(receivedBase64);
  return received !== null && received.length === expected.length && timingSafeEqual(expected, received);
}

/** What identifies one answer of the server: the request it answers, its status and its X-Server-Time. */
export interface SignedAnswer {
  method: string;
  path: string;
  status: number;
  /** The X-Server-Time header value, character for character. */
  serverTime: string;
  /** The request's X-Signature; empty for the unsigned enrolment. */
  requestSignature: string;
}

/** The X-Server-Signature value: base64 HMAC-SHA256 of answerSigningText() with the device secret (UTF-8). */
export function signAnswer(secret: string, answer: SignedAnswer, body: Uint8Array | string): string {
  return createHmac('sha256', secret).update(answerSigningText(answer, bodySha256Hex(body))).digest('base64');
}

/**
 * Checks an answer's X-Server-Signature, given the sha256 hex of its body bytes as received.
 * 'missing' when the answer carries none (an older server, or a proxy's own error page).
 */
export function checkAnswerSignature(
  secret: string,
  answer: SignedAnswer,
  bodySha256: string,
  received: string | null,
): 'valid' | 'invalid' | 'missing' {
  if (received === null || received === '') return 'missing';
  const expected = createHmac('sha256', secret).update(answerSigningText(answer, bodySha256)).digest('base64');
  return signatureMatches(expected, received) ? 'valid' : 'invalid';
}
