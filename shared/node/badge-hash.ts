import { createHash } from 'node:crypto';
import { normalizeBadgeCode } from '../badge';

/**
 * Badge credentials are stored as hashes, never as raw codes: a copied database does not give
 * away badge codes. The kiosk hashes what it scans and the server hashes the roster it hands out
 * with this one function, so a scan matches its officer. The prefix versions the scheme.
 */
export function hashBadgeCode(raw: string): string {
  return createHash('sha256').update(`nu-cuoi-badge-v1:${normalizeBadgeCode(raw)}`).digest('hex');
}
