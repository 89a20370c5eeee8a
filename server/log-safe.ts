/**
 * What the server writes about a failure: never what a request carried. Database errors carry the
 * statement and its parameters (PGlite sets `query` and `params`; PostgreSQL's `detail` and
 * `where` quote values), and any message may quote input (JSON.parse quotes the text it failed on),
 * so only the error's class, its code, the database's routine and constraint names, and where in
 * the code it was thrown are kept: enough to find the cause, nothing of a citizen's comment, a
 * badge or a secret.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return `non-error thrown (${typeof error})`;
  const err = error as Error & { code?: unknown; severity?: unknown; routine?: unknown; constraint?: unknown; table?: unknown };
  const parts = [err.name || 'Error'];
  for (const [label, value] of [
    ['code', err.code],
    ['severity', err.severity],
    ['routine', err.routine],
    ['constraint', err.constraint],
    ['table', err.table],
  ] as const) {
    // Codes and names are short identifiers; anything else is not repeated.
    if (typeof value === 'string' && /^[A-Za-z0-9_.$-]{1,64}$/.test(value)) parts.push(`${label}=${value}`);
  }
  return [parts.join(' '), ...stackFrames(err.stack)].join('\n');
}

/** The `at …` lines of a stack, without its first line (which repeats the message). */
function stackFrames(stack: unknown): string[] {
  if (typeof stack !== 'string') return [];
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .map((line) => `    ${line.trim()}`);
}

/** Pino serializers for Fastify's request log: the route without its query, and errors as above. */
export const safeLogSerializers = {
  req(request: { method?: string; url?: string; id?: unknown; ip?: string }) {
    return { id: request.id, method: request.method, path: (request.url ?? '').split('?')[0], remoteAddress: request.ip };
  },
  err(error: unknown) {
    // Fastify's type wants message and stack: the message is left out, the stack is the safe description.
    return { type: error instanceof Error ? error.name : typeof error, message: '', stack: describeError(error) };
  },
};
