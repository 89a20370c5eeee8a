/**
 * The integrity contract's names, without zod: the console's browser bundle imports these values
 * (and only types from integrity.ts), so that zod — whose checks compile with eval, which the
 * console's Content-Security-Policy forbids — stays out of it. integrity.ts re-exports them.
 */

/** Why a flag was raised; the same list as the server's RATING_FLAG_REASONS (a test keeps them equal). */
export const FLAG_REASONS = ['no_session', 'device_volume', 'burst', 'near_login', 'near_logout', 'share_spike', 'off_hours', 'uncertain_time'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const FLAG_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
export const FLAG_DECISIONS = ['confirm', 'dismiss'] as const;
export type FlagDecision = (typeof FLAG_DECISIONS)[number];
