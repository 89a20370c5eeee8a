import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodySha256Hex, checkAnswerSignature, parseSignature, signAnswer, signatureMatches, signRequest } from '../../../shared/node/signing';
import { answerSigningText, isCanonicalTarget, signingText } from '../../../shared/protocol';

/** docs/protocol.md's worked examples are what the code computes, byte for byte. */
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

  it('signs a query string with its path, as the worked example of the protocol document says', () => {
    const target = '/api/v1/roster?page=2&unit=bg-ttpvhcc';
    const signature = signRequest(secret, 'GET', target, '1763694000000', Buffer.alloc(0));
    expect(signature).toBe('SM/JLo7v2wDna3G4XBe9VqhSvFzUtFND2HS/nszcCQE=');
    expect(signature).not.toBe(signRequest(secret, 'GET', '/api/v1/roster', '1763694000000', Buffer.alloc(0)));
    expect(doc).toContain(`"GET\\n${target}\\n1763694000000\\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"`);
    expect(doc).toContain(signature);
  });

  it('compares signatures in constant time and refuses other lengths', () => {
    const signature = signRequest(secret, 'POST', '/api/v1/heartbeat', 1, body);
    expect(signatureMatches(signature, signature)).toBe(true);
    expect(signatureMatches(signature, signature.slice(0, -4))).toBe(false);
    expect(signatureMatches(signature, '')).toBe(false);
    expect(signatureMatches(signature, signRequest(`${secret}x`, 'POST', '/api/v1/heartbeat', 1, body))).toBe(false);
  });

  it('takes a signature only as standard base64 of exactly 32 bytes', () => {
    const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const signature = signRequest(secret, 'POST', '/api/v1/heartbeat', 1, body);
    expect(parseSignature(signature)).toHaveLength(32);
    const bytes = Buffer.from(signature, 'base64');
    const refused = {
      base64url: bytes.toString('base64url'),
      'base64url padded': `${bytes.toString('base64url')}=`,
      'a junk character inside': `${signature.slice(0, 10)}!${signature.slice(10)}`,
      'spaces around': ` ${signature} `,
      'a line break': `${signature.slice(0, 20)}\n${signature.slice(20)}`,
      'no padding': signature.slice(0, -1),
      // The 43rd character carries 4 bits of the last byte and 2 bits that must be zero.
      'padding bits set': `${signature.slice(0, 42)}${BASE64[BASE64.indexOf(signature[42]!) | 1]}=`,
      'more than 32 bytes': Buffer.concat([bytes, Buffer.from([0])]).toString('base64'),
      'fewer than 32 bytes': bytes.subarray(0, 31).toString('base64'),
      empty: '',
    };
    for (const [what, header] of Object.entries(refused)) {
      expect({ what, parsed: parseSignature(header) }).toEqual({ what, parsed: null });
      expect({ what, matches: signatureMatches(signature, header) }).toEqual({ what, matches: false });
    }
  });
});

describe('canonical request target', () => {
  it('is the path, and the query when there is one, each written one way only', () => {
    for (const target of ['/api/v1/heartbeat', '/api/v1/ratings/batches', '/api/v1/roster?page=2&unit=bg-ttpvhcc', '/api/v1/roster?q=H%C3%A0%20N%E1%BB%99i']) {
      expect({ target, canonical: isCanonicalTarget(target) }).toEqual({ target, canonical: true });
    }
    const refused = [
      '/api/v1/%68eartbeat', // percent-encoded where the canonical path has none
      '/api/v1/ratings%2Fbatches',
      '/api/v1//heartbeat', // double slash
      '/api/v1/heartbeat/', // trailing slash
      '/api/v1/./heartbeat', // dot segments
      '/api/v1/x/../heartbeat',
      'http://127.0.0.1/api/v1/heartbeat', // absolute form
      'api/v1/heartbeat',
      '/api/v1/heartbeat?', // an empty query
      '/api/v1/roster?q=a+b', // '+' for a space
      '/api/v1/roster?q=%41', // an unreserved character encoded
      '/api/v1/roster?q=%c3%a0', // lower-case hex
      '/api/v1/roster?q=%4', // a broken escape
      '/api/v1/roster#x',
      '/api/v1/roster?x=1#y',
    ];
    for (const target of refused) expect({ target, canonical: isCanonicalTarget(target) }).toEqual({ target, canonical: false });
  });
});

/** The server's answers are signed as the protocol document's worked example says, byte for byte. */
describe('answer signature', () => {
  const secret = 'Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw';
  const body = '{"settings":{"idleTimeoutMs":45000,"spokenPrompts":true},"counterId":"ttpvhcc-q01","serverTime":1763694000087}';
  const doc = readFileSync(join(__dirname, '../../../docs/protocol.md'), 'utf8');
  const requestSignature = signRequest(secret, 'GET', '/api/v1/config', 1763694000000, Buffer.alloc(0));
  const answer = { method: 'GET', path: '/api/v1/config', status: 200, serverTime: '1763694000087', requestSignature };

  it('matches the worked example of the protocol document', () => {
    expect(requestSignature).toBe('VAh6J2JFnrAb8Bpu7N4ybO2emRtW6wbYDttgWh5TNxg=');
    expect(Buffer.byteLength(body)).toBe(110);
    const hash = bodySha256Hex(body);
    expect(hash).toBe('9138b89038258fb7a80279c5d202d4cf794e71aea95c2f9d65f4d049a71f44d0');
    const text = answerSigningText(answer, hash);
    expect(JSON.stringify(text)).toBe(
      '"GET\\n/api/v1/config\\n200\\n1763694000087\\nVAh6J2JFnrAb8Bpu7N4ybO2emRtW6wbYDttgWh5TNxg=\\n9138b89038258fb7a80279c5d202d4cf794e71aea95c2f9d65f4d049a71f44d0"',
    );
    const signature = signAnswer(secret, answer, body);
    expect(signature).toBe('Yn1pMYJw/zYc393GqCRcLuSIo6qVi9+sIPVX4mVJaao=');
    const notModified = signAnswer(secret, { ...answer, status: 304 }, Buffer.alloc(0));
    expect(notModified).toBe('XDboovYtX8I2iCvBgtbh/iPa6cQGiFiM6cAQisNR2yE=');
    for (const value of [requestSignature, hash, JSON.stringify(text), signature, notModified, body]) expect(doc).toContain(value);
  });

  it('is valid only for the same request, status, time and body', () => {
    const signature = signAnswer(secret, answer, body);
    const hash = bodySha256Hex(body);
    expect(checkAnswerSignature(secret, answer, hash, signature)).toBe('valid');
    expect(checkAnswerSignature(secret, answer, hash, null)).toBe('missing');
    expect(checkAnswerSignature(secret, answer, bodySha256Hex(body.replace('45000', '450000')), signature)).toBe('invalid');
    expect(checkAnswerSignature(secret, { ...answer, status: 304 }, hash, signature)).toBe('invalid');
    expect(checkAnswerSignature(secret, { ...answer, serverTime: '1763694000088' }, hash, signature)).toBe('invalid');
    expect(checkAnswerSignature(secret, { ...answer, requestSignature: 'AytZ+5eMQh5Hr5gopYCESjKYThGf6cVEXdND+n6fFSQ=' }, hash, signature)).toBe('invalid');
    expect(checkAnswerSignature(`${secret}x`, answer, hash, signature)).toBe('invalid');
    // A request's signature is never mistaken for an answer's: the texts have four and six lines.
    expect(checkAnswerSignature(secret, answer, hash, requestSignature)).toBe('invalid');
  });
});
