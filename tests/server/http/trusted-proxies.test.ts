import { afterEach, describe, expect, it } from 'vitest';
import { parseTrustedProxies, TrustProxyError } from '../../../server/http/trusted-proxies';
import { API_PREFIX } from '../../../shared/protocol';
import { backend, postFrom, startTestServer, type TestServer } from '../helpers';

describe('trusted proxies', () => {
  it('are named one by one, by address or CIDR range', () => {
    const proxies = parseTrustedProxies(' 127.0.0.1, 10.20.0.0/16,::1 ');
    expect(proxies.entries).toEqual(['127.0.0.1', '10.20.0.0/16', '::1']);
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '10.20.3.4', '::1']) expect({ address, trusted: proxies.includes(address) }).toEqual({ address, trusted: true });
    for (const address of ['127.0.0.2', '10.21.0.1', '192.168.1.1', '', 'localhost']) expect({ address, trusted: proxies.includes(address) }).toEqual({ address, trusted: false });
  });

  it('never means "believe everyone": 1, true, a hop count or a name is refused with a clear message', () => {
    for (const value of ['1', 'true', 'yes', '*', '2', 'loopback', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '', ' , ']) {
      expect(() => parseTrustedProxies(value)).toThrow(TrustProxyError);
    }
    expect(() => parseTrustedProxies('1')).toThrow(/only the addresses or CIDR ranges of the reverse proxies/);
  });
});

describe(`X-Forwarded-For and enrolment guessing (${backend})`, () => {
  let server: TestServer;
  afterEach(() => server?.close());

  const guess = (from: string, forwardedFor: string) =>
    postFrom(from, `${server.url}${API_PREFIX}/enroll`, JSON.stringify({ enrollmentCode: 'ZZZZ-ZZZZ-ZZZZ', deviceName: 'K', appVersion: '1' }), { 'x-forwarded-for': forwardedFor });

  it('a client that is not a named proxy cannot escape the guess limit with X-Forwarded-For', async () => {
    server = await startTestServer({ trustProxy: '127.0.0.9', limits: { enrollBurst: 3 } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess('127.0.0.1', `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([403, 403, 403, 429, 429, 429]);
  });

  it('behind the named proxy, each client address has its own limit', async () => {
    server = await startTestServer({ trustProxy: '127.0.0.9', limits: { enrollBurst: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await guess('127.0.0.9', `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([403, 403, 403, 403]);
  });

  it('a server asked to trust every sender does not start', async () => {
    await expect(startTestServer({ trustProxy: '1' })).rejects.toThrow(TrustProxyError);
  });
});
