import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerInstance } from '../../../server/app';
import { withDeadline } from '../../../server/http/deadline';
import { DEFAULT_LIMITS } from '../../../server/limits';

/** A handler that takes too long ends with 503 and Retry-After, which the kiosk retries safely. */
describe('handler deadline', () => {
  const app = createServerInstance({ now: () => 7_000, limits: DEFAULT_LIMITS });
  const never = new Promise<never>(() => {});
  app.get('/slow', async () => withDeadline(never, 50));
  app.get('/quick', async () => withDeadline(Promise.resolve({ done: true }), 5_000));
  beforeAll(() => app.ready());
  afterAll(() => app.close());

  it('answers 503 timeout with Retry-After when the work outlives the deadline', async () => {
    const answer = await app.inject({ method: 'GET', url: '/slow' });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.json()).toEqual({ error: 'timeout', message: 'the server is too busy; retry later', serverTime: 7_000 });
  });

  it('answers the work itself when it ends in time', async () => {
    const answer = await app.inject({ method: 'GET', url: '/quick' });
    expect([answer.statusCode, answer.json()]).toEqual([200, { done: true }]);
  });
});
