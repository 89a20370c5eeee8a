/**
 * The one cookie the console uses, read and written by hand: a parser for `Cookie` headers and a
 * `Set-Cookie` value with the attributes the session needs (docs/console.md).
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    // Our values are base64url: anything else is not ours.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : null;
  }
  return null;
}

export interface SessionCookieOptions {
  /** Sent only over HTTPS (the server serves TLS, or sits behind a TLS proxy). */
  secure: boolean;
  /** Seconds until the browser forgets it; 0 deletes it. */
  maxAgeSeconds: number;
}

export function sessionCookie(name: string, value: string, options: SessionCookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
