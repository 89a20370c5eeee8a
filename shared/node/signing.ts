/**
 * Request signing of sync protocol v1 (docs/protocol.md), computed once for both ends: the kiosk
 * signs with it and the server checks with it, so the two can never drift apart. The signing
 * text itself is pure and lives in shared/protocol.ts.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { signingText } from '../protocol';

/** sha256 hex of the body bytes exactly as sent on the wire (the gzip bytes when gzipped). */
export function bodySha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The X-Signature value: base64 HMAC-SHA256 of signingText() with the device secret (UTF-8). */
export function signRequest(secret: string, method: string, path: string, timestamp: number | string, body: Uint8Array | string): string {
  return createHmac('sha256', secret).update(signingText(method, path, timestamp, bodySha256Hex(body))).digest('base64');
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(expectedBase64: string, receivedBase64: string): boolean {
  const expected = Buffer.from(expectedBase64, 'base64');
  const received = Buffer.from(receivedBase64, 'base64');
  return received.length === expected.length && timingSafeEqual(expected, received);
}
