import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { PIN_PATTERN } from '../staff-login';

/**
 * Personal PINs are stored as `scrypt$N$r$p$<salt base64>$<key base64>`: a random 16-byte salt
 * per PIN and scrypt's memory-hard cost, so that a copied database does not give PINs away
 * cheaply. The parameters travel with each hash, so they can be raised later without breaking
 * PINs already set. The kiosk and the server (a PIN set in the console reaches kiosks inside the
 * roster, as this hash: docs/badges.md) both use this one scheme.
 */
const SCRYPT = { N: 1 << 14, r: 8, p: 1, keyLength: 32 };

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  if (!PIN_PATTERN.test(pin)) throw new Error('a PIN is 4 to 8 digits');
  const key = scryptSync(pin, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `pin` matches `stored`; false for a wrong PIN or a hash this code cannot read. */
export function verifyPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounded: a hash from elsewhere must not make a PIN check take seconds or a gigabyte.
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20 || r > 16 || p > 4 || N * r > (1 << 14) * 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || expected.length < 16) return false;
  const actual = scryptSync(pin, salt, expected.length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}
