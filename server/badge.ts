/**
 * Kiosks match a scanned badge by its hash, so the roster the server hands out carries the hash
 * the kiosk computes. The scheme lives with the kiosk's roster code; importing it (never copying
 * it) keeps both ends on the same scheme when it changes. electron/core/roster.ts is plain Node.
 */
export { hashBadgeCode } from '../electron/core/roster';
