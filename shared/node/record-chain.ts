import { createHash } from 'node:crypto';
import type { RatingV1 } from '../rating';
import type { SessionEventV1 } from '../record-chain';

/**
 * The device's record chain (docs/protocol.md "Record chain"), defined once for the kiosk and the
 * server: a record's link is SHA-256 of a tag, the previous record's link and the record's fixed
 * fields, in this order, as one JSON array. Fixed fields are those set when the record was made;
 * a rating's details the citizen may add afterwards (criteria, comment, dossier code, locale,
 * duration) are not part of it, so that a record's link never changes once the next is made.
 */
export function ratingChainHash(prevHash: string, rating: RatingV1): string {
  return link(prevHash, [
    'rating',
    rating.id,
    rating.seq,
    rating.unitId,
    rating.counterId,
    rating.deskRole,
    rating.staffId,
    rating.staffSessionId,
    rating.createdAt,
    rating.clockOffsetMs,
    rating.scale,
    rating.score,
    rating.appVersion,
    rating.bootId ?? null,
    rating.monotonicMs ?? null,
  ]);
}

export function sessionEventChainHash(prevHash: string, event: Omit<SessionEventV1, 'prevHash'>): string {
  return link(prevHash, [
    'session',
    event.id,
    event.seq,
    event.kind,
    event.sessionId,
    event.staffId,
    event.counterId,
    event.reason,
    event.createdAt,
    event.clockOffsetMs,
    event.bootId ?? null,
    event.monotonicMs ?? null,
  ]);
}

function link(prevHash: string, fields: unknown[]): string {
  return createHash('sha256').update(`nu-cuoi-chain-v1\n${prevHash}\n${JSON.stringify(fields)}`).digest('hex');
}
