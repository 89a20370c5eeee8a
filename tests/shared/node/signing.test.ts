import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodySha256Hex, signatureMatches, signRequest } from '../../../shared/node/signing';
import { signingText } from '../../../shared/protocol';

/** docs/protocol.md's worked example is what the code computes, byte for byte. */
describe('request signature', () => {
  const secret = 'Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw';
  const body = '{"appVersion":"0.1.0","pendingCount":3,"oldestPendingAgeMs":120000,"lastError":null,"clockOffsetMs":-850}';
  const doc = readFileSync(join(__dirname, '../../../docs/protocol.md'), 'utf8');

  it('matches the worked example of the protocol document', () => {
    expect(Buffer.byteLength(body)).toBe(105);
    const hash = bodySha256Hex(body);
    expect(hash).toBe('1883038ed442675e98e1cfcd1ef2919333e484ef1597e94e8ee8a929d96e8435');
    const text = signingText('POST', '/api/v1/heartbeat', 1763694000000, hash);
    expect(Buffer.from(text).toString('hex').startsWith('504f53540a2f6170692f76312f6865617274626561740a313736333639343030303030300a')).toBe(true);
    const signature = signRequest(secret, 'POST', '/api/v1/heartbeat', 1763694000000, body);
    expect(signature).toBe('8io2Cv1HAJHkOTNZ01w5ZKBB6g+C1g4SegyTEu42Mc0=');
    expect(signRequest(secret, 'GET', '/api/v1/roster', '1763694000000', Buffer.alloc(0))).toBe('AytZ+5eMQh5Hr5gopYCESjKYThGf6cVEXdND+n6fFSQ=');
    for (const value of [hash, signature, 'AytZ+5eMQh5Hr5gopYCESjKYThGf6cVEXdND+n6fFSQ=', secret, body]) expect(doc).toContain(value);
  });

  it('compares signatures in constant time and refuses other lengths', () => {
    const signature = signRequest(secret, 'POST', '/api/v1/heartbeat', 1, body);
    expect(signatureMatches(signature, signature)).toBe(true);
    expect(signatureMatches(signature, signature.slice(0, -4))).toBe(false);
    expect(signatureMatches(signature, '')).toBe(false);
    expect(signatureMatches(signature, signRequest(`${secret}x`, 'POST', '/api/v1/heartbeat', 1, body))).toBe(false);
  });
});
