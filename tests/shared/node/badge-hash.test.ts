import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBadgeCode, keyedBadgeHash, keyedOldBadgeHash, newBadgeKey } from '../../../shared/node/badge-hash';

describe('badge hash (scheme v1, docs/protocol.md)', () => {
  it('is the sha256 hex of the versioned prefix and the badge code, as the protocol document shows', () => {
    const hash = hashBadgeCode('BG-26-000101');
    expect(hash).toBe('90644450b3fdc8b59728ca14e0e842652920e227b02968eafaee75da076c84aa');
    expect(readFileSync(join(__dirname, '../../../docs/protocol.md'), 'utf8')).toContain(`hashes to \`${hash.slice(0, 12)}…\``);
  });

  it('matches a badge however the scanner types it: lower case, spaces, a trailing Enter', () => {
    expect(hashBadgeCode(' bg-26-000101\r\n')).toBe(hashBadgeCode('BG-26-000101'));
  });

  it('tells two badges apart', () => {
    expect(hashBadgeCode('BG-26-000102')).not.toBe(hashBadgeCode('BG-26-000101'));
  });
});

describe('keyed badge hash (scheme v2, docs/protocol.md)', () => {
  const zeroKey = 'A'.repeat(43); // 32 zero bytes in base64url

  it('is the HMAC-SHA256 of the versioned prefix and the badge code, as the protocol document shows', () => {
    const hash = keyedBadgeHash(zeroKey, 'BG-26-000101');
    expect(hash).toBe(createHmac('sha256', Buffer.alloc(32)).update('nu-cuoi-badge-v2:BG-26-000101').digest('hex'));
    expect(readFileSync(join(__dirname, '../../../docs/protocol.md'), 'utf8')).toContain(`keyed hash \`${hash.slice(0, 12)}…\``);
  });

  it('matches a badge however the scanner types it', () => {
    expect(keyedBadgeHash(zeroKey, ' bg-26-000101\r\n')).toBe(keyedBadgeHash(zeroKey, 'BG-26-000101'));
  });

  it('keys an old-format badge over its scheme v1 hash, which is all the server has of it', () => {
    const oldHash = keyedOldBadgeHash(zeroKey, hashBadgeCode('bg-26-000101\r'));
    expect(oldHash).toBe(createHmac('sha256', Buffer.alloc(32)).update(`nu-cuoi-badge-v2-old:${hashBadgeCode('BG-26-000101')}`).digest('hex'));
    expect(oldHash).not.toBe(keyedBadgeHash(zeroKey, 'BG-26-000101'));
  });

  it('gives the same badge another hash in another unit, and none that the unkeyed scheme gives', () => {
    const otherUnit = newBadgeKey();
    expect(otherUnit).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyedBadgeHash(otherUnit, 'BG-26-000101')).not.toBe(keyedBadgeHash(zeroKey, 'BG-26-000101'));
    expect(keyedBadgeHash(zeroKey, 'BG-26-000101')).not.toBe(hashBadgeCode('BG-26-000101'));
  });
});
