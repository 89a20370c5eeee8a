import { HttpError } from '../errors';

/** Ends slow handlers with 503 after `timeoutMs`: the kiosk retries, and every write is idempotent. */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HttpError(503, 'timeout', 'the server is too busy; retry later', { 'retry-after': '5' })), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
