/** Crockford's base32 without look-alikes (no I, L, O, U): codes are read from paper and typed. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The first `length` characters of `bytes` in Crockford base32, 5 bits each, most significant first. */
export function crockfordBase32(bytes: Uint8Array, length: number): string {
  if (length * 5 > bytes.length * 8) throw new Error(`${bytes.length} bytes give fewer than ${length} characters`);
  let out = '';
  for (let i = 0; i < length; i++) {
    const bit = i * 5;
    const pair = ((bytes[bit >> 3] ?? 0) << 8) | (bytes[(bit >> 3) + 1] ?? 0);
    out += CROCKFORD_ALPHABET[(pair >> (11 - (bit & 7))) & 31];
  }
  return out;
}
