import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The strong ETag of a content: its JSON's hash, so it does not change with time. */
export function etagOf(content: object): string {
  return `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 32)}"`;
}

/**
 * Answers 304 when the client already has this content (If-None-Match), else the content with
 * `serverTime` and its ETag. The ETag covers the content only, so it does not change with time.
 */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, content: object, serverTime: number, etag: string = etagOf(content)) {
  void reply.header('etag', etag);
  const ifNoneMatch = request.headers['if-none-match'];
  if (typeof ifNoneMatch === 'string') {
    const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes(etag) || tags.includes('*')) return reply.status(304).send();
  }
  return { ...content, serverTime };
}
