import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServerInstance } from '../../server/app';
import { openPGlite } from '../../server/db/pglite-dialect';
import { DEFAULT_LIMITS } from '../../server/limits';
import { describeError } from '../../server/log-safe';

const COMMENT = 'Cán bộ Nguyễn Văn A đòi tiền bồi dưỡng';
const SECRET = 'Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw';

/** A real database error of the kind a full disk gives: it carries the statement and its parameters. */
async function databaseErrorWithParameters(): Promise<Error> {
  const client = await openPGlite(undefined);
  try {
    await client.exec('CREATE TABLE ratings (id text PRIMARY KEY, comment text NOT NULL, secret text)');
    await client.query('INSERT INTO ratings (id, comment, secret) VALUES ($1, $2, $3)', ['r1', COMMENT, SECRET]);
    await client.query('INSERT INTO ratings (id, comment, secret) VALUES ($1, $2, $3)', ['r1', COMMENT, SECRET]);
  } catch (error) {
    return error as Error;
  } finally {
    await client.close();
  }
  throw new Error('the second insert should have failed');
}

describe('what the server logs about a failure', () => {
  it('names the error, its code and where it was thrown, never the statement or its parameters', async () => {
    const error = await databaseErrorWithParameters();
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).toContain(COMMENT); // what the review saw logged
    const logged = describeError(error);
    expect(logged).toMatch(/^error code=23505 severity=ERROR routine=\S+ constraint=ratings_pkey table=ratings/);
    expect(logged).not.toContain(COMMENT);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toMatch(/insert|values|\$1/i);
  });

  it('never repeats a message that quotes its input', () => {
    let error: unknown;
    try {
      JSON.parse(COMMENT);
    } catch (caught) {
      error = caught;
    }
    expect(String((error as Error).message)).toContain('Cán bộ'); // Node quotes the text
    expect(describeError(error)).not.toContain('Cán bộ');
    expect(describeError('a thrown string with ' + COMMENT)).toBe('non-error thrown (string)');
  });

  describe('on a request that fails inside the database', () => {
    let app: FastifyInstance;
    let failure: Error;
    beforeAll(async () => {
      failure = await databaseErrorWithParameters();
      app = createServerInstance({ now: () => Date.UTC(2026, 10, 21), limits: DEFAULT_LIMITS });
      app.post('/api/v1/ratings/batches', async () => {
        throw failure;
      });
      await app.ready();
    });
    afterAll(() => app?.close());

    it('answers 500 internal and logs one line of codes and frames, without the comment', async () => {
      const logged: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void logged.push(parts.map(String).join(' ')));
      try {
        const answer = await app.inject({ method: 'POST', url: '/api/v1/ratings/batches?q=1', headers: { 'content-type': 'application/json' }, payload: '{}' });
        expect(answer.statusCode).toBe(500);
        expect(answer.json()).toMatchObject({ error: 'internal' });
        expect(answer.body).not.toContain(COMMENT);
      } finally {
        spy.mockRestore();
      }
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^\[server\] \S+ POST \/api\/v1\/ratings\/batches failed: error code=23505/);
      expect(logged[0]).not.toContain(COMMENT);
      expect(logged[0]).not.toContain(SECRET);
    });
  });
});
