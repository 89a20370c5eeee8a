import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../errors';
import { describeIssues } from '../roster';
import { findUnstorableText } from '../text-guard';

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Request bodies stay raw bytes: the device signature covers them as sent, and gzip is ours to
 * undo (with a cap, in readJson). Any other media type answers 415.
 */
export function keepJsonBodiesRaw(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

/** The JSON of a request body: gzip undone with a cap of `maxBodyBytes`, UTF-8 checked. */
export async function readJson(request: FastifyRequest, maxBodyBytes: number): Promise<unknown> {
  const raw = request.body;
  if (!Buffer.isBuffer(raw)) throw new HttpError(400, 'missing_body', 'a JSON body is required');
  let bytes: Buffer = raw;
  const encoding = String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'gzip') {
    try {
      bytes = await gunzipAsync(raw, { maxOutputLength: maxBodyBytes });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new HttpError(413, 'body_too_large', `the body exceeds ${maxBodyBytes} bytes once decompressed`);
      }
      throw new HttpError(400, 'invalid_gzip', 'the body is not valid gzip');
    }
  } else if (encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip or none`);
  }
  if (bytes.length > maxBodyBytes) throw new HttpError(413, 'body_too_large', `the body exceeds ${maxBodyBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid UTF-8 JSON');
  }
  return value;
}

/** The body parsed with a shared schema, its strings storable; otherwise 400 invalid_body. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_body', describeIssues(parsed.error).slice(0, 5).join('; '));
  // After the schema: its output is flat, while raw input may nest deeper than the stack.
  const unstorable = findUnstorableText(parsed.data);
  if (unstorable) throw new HttpError(400, 'invalid_body', `${unstorable}: must not contain NUL or broken Unicode`);
  return parsed.data;
}
