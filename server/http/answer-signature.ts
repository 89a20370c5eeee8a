import type { FastifyInstance, FastifyRequest } from 'fastify';
import { signAnswer } from '../../shared/node/signing';
import { HEADER_SERVER_SIGNATURE, HEADER_SERVER_TIME } from '../../shared/protocol';

/** What an answer is signed with: the device's secret and the request it answers (docs/protocol.md, Signed answers). */
export interface AnswerKey {
  secret: string;
  /** The path of the request's signing text. */
  path: string;
  /** The request's X-Signature; empty for the unsigned enrolment. */
  requestSignature: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the request's device is known (deviceAuth, enrolment): its answer is then signed. */
    answerKey?: AnswerKey;
  }
}

/** Signs this request's answer, whatever it turns out to be (success, 304 or error). */
export function signAnswerTo(request: FastifyRequest, key: AnswerKey): void {
  request.answerKey = key;
}

/**
 * Adds X-Server-Signature to every answer whose request has an answer key, over the body bytes
 * exactly as sent and the X-Server-Time already on the answer. Registered after the hook that
 * sets X-Server-Time, and last of all onSend hooks, so that nothing changes the body afterwards.
 */
export function signKeyedAnswers(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.answerKey;
    if (!key) return payload;
    let body: Buffer | string;
    if (payload === null || payload === undefined) body = '';
    else if (typeof payload === 'string' || Buffer.isBuffer(payload)) body = payload;
    else return payload; // a stream: no route of the protocol answers one, and it is left unsigned
    const serverTime = String(reply.getHeader(HEADER_SERVER_TIME));
    const signature = signAnswer(
      key.secret,
      { method: request.method, path: key.path, status: reply.statusCode, serverTime, requestSignature: key.requestSignature },
      body,
    );
    void reply.header(HEADER_SERVER_SIGNATURE, signature);
    return payload;
  });
}
