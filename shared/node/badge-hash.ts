import { createHash, createHmac, randomBytes } from 'node:crypto';
import { normalizeBadgeCode } from '../badge';

/**
 * Scheme v1, for badges of the old format and kiosks that predate scheme v2: an unkeyed hash.
 * Kept because old kiosks and HR files still speak it; it is what a stolen database gave away for
 * short, sequential codes, so nothing new is stored in it on a kiosk that knows scheme v2.
 */
export function hashBadgeCode(raw: string): string {
  return createHash('sha256').update(`nu-cuoi-badge-v1:${normalizeBadgeCode(raw)}`).digest('hex');
}

/** Bytes of a unit's badge key; it travels in base64url (43 characters). */
export const BADGE_KEY_BYTES = 32;

/** A new random badge key for a unit (the server makes one per unit; a kiosk alone makes its own). */
export function newBadgeKey(): string {
  return randomBytes(BADGE_KEY_BYTES).toString('base64url');
}

/**
 * Scheme v2 (docs/protocol.md, "Badge credentials"): kiosks keep badge credentials only as an HMAC
 * keyed with their unit's key. The key differs per unit, so a hash is worth nothing at another
 * unit, and the server and every kiosk compute it with this one function.
 */
export function keyedBadgeHash(unitKey: string, raw: string): string {
  return hmacHex(unitKey, `nu-cuoi-badge-v2:${normalizeBadgeCode(raw)}`);
}

/**
 * An old-format badge in scheme v2: the keyed hash of its scheme v1 hash, since the server never
 * had these codes, only their v1 hashes (HR's files). A kiosk computes it from a scan with
 * `keyedOldBadgeHash(key, hashBadgeCode(scan))`.
 */
export function keyedOldBadgeHash(unitKey: string, schemeV1Hash: string): string {
  return hmacHex(unitKey, `nu-cuoi-badge-v2-old:${schemeV1Hash}`);
}

function hmacHex(unitKey: string, text: string): string {
  return createHmac('sha256', Buffer.from(unitKey, 'base64url')).update(text).digest('hex');
}
