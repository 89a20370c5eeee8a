/**
 * UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version, 12-bit rand_a, variant, 62 random bits.
 * Ids made in the same millisecond use rand_a as a counter, so ids from one process sort in
 * creation order even when the clock stalls or steps back a little. Uses the Web Crypto global,
 * present in browsers and in Node alike.
 */
let lastMs = -1;
let counter = 0;

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

export function uuidv7(nowMs: number = Date.now()): string {
  let ms = Math.floor(nowMs);
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      ms = lastMs + 1;
      counter = 0;
    }
  } else {
    const seed = randomBytes(2);
    counter = ((seed[0]! << 8) | seed[1]!) & 0x3ff; // leave headroom for increments
  }
  lastMs = ms;

  const bytes = randomBytes(16);
  let rest = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
