import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashBadgeCode } from '../../../shared/node/badge-hash';

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
