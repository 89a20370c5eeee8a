/**
 * UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version, 12-bit rand_a, variant, 62 random bits.
 * Ids made in the same millisecond use rand_a as a counter, so ids from one process sort in
 * creation order even when the clock stalls or steps back a little. Uses the Web Crypto global,
 * present in browsers and in Node alike.
 */
let lastMs = -1;
let counter = 0;

// Random bytes come from a pool refilled 4 KB at a time: one Web Crypto call per 256 ids, not two
// per id (ids are made on the tap path).
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

function takeRandom(length: number): Uint8Array {
  if (poolOffset + length > POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

const HEX = Array.from({ length: 256 }, (_v, i) => i.toString(16).padStart(2, '0'));

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
    const seed = takeRandom(2);
    counter = ((seed[0]! << 8) | seed[1]!) & 0x3ff; // leave headroom for increments
  }
  lastMs = ms;

  const bytes = new Uint8Array(16);
  bytes.set(takeRandom(16));
  let rest = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let hex = '';
  for (let i = 0; i < 16; i++) {
    hex += HEX[bytes[i]!]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}
