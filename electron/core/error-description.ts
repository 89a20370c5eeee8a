/**
 * An unexpected error as the kiosk logs it: its kind, its code and where it happened — never its
 * message. Messages can quote the data that was being handled (a database error about a row, a
 * JSON parser quoting its input), and the kiosk's logs must never hold a citizen's comment, a
 * badge code, a PIN or a secret (issue 13, finding 8). The place is enough to find the bug.
 */
export function describeForLog(error: unknown): string {
  const frames = stackFrames(error).slice(0, 8);
  return frames.length > 0 ? `${kindOf(error)}\n  ${frames.join('\n  ')}` : kindOf(error);
}

/** The same on one line with the innermost frame only: for the sync status and the heartbeat. */
export function describeBriefly(error: unknown): string {
  const [frame] = stackFrames(error);
  return frame ? `${kindOf(error)} ${frame}` : kindOf(error);
}

function kindOf(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${typeof error}`;
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code) ? ` ${code}` : ''}`;
}

function stackFrames(error: unknown): string[] {
  if (!(error instanceof Error)) return [];
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
}
