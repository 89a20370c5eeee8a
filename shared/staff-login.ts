/**
 * Staff login at the counter (issue 4): what the renderer sends and what the core answers when an
 * officer scans a badge, logs in with a PIN, logs out or asks for their own figures of the day.
 * Who may log in, and when a session ends, is decided by the core alone.
 */
import { z } from 'zod';
import type { OfficerOnDuty } from './contract';
import { cleanText, RecordId } from './schema-helpers';

/**
 * Longest scan the core looks at. Longer input is no badge (badge codes are at most 64
 * characters) and is refused by the schema before anything else happens.
 */
export const BADGE_SCAN_MAX_LENGTH = 256;

/**
 * A badge code once normalised (trimmed, NFC, upper-case): letters, digits and . _ / -, 3 to 64
 * characters. Anything else (control characters, quotes, spaces, SQL) is not a badge.
 */
export const BADGE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._/-]{2,63}$/;

/** The raw text a scanner produced, as typed: the core trims, normalises and checks it. */
export const BadgeScanSchema = z.strictObject({
  code: z.string().max(BADGE_SCAN_MAX_LENGTH),
  source: z.enum(['wedge', 'camera']).optional(),
});
export type BadgeScan = z.input<typeof BadgeScanSchema>;

/** Personal PINs: 4 to 8 digits (6 recommended). The PIN pad of the staff screen follows these. */
export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;
export const PIN_PATTERN = new RegExp(`^[0-9]{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`);
export const PinSchema = z.string().regex(PIN_PATTERN, `must be ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits`);

export const PinLoginSchema = z.strictObject({ staffId: RecordId, pin: PinSchema });
export type PinLogin = z.input<typeof PinLoginSchema>;

export const StaffSearchSchema = z.strictObject({ query: cleanText(100) });
export type StaffSearch = z.input<typeof StaffSearchSchema>;

/**
 * What proves that the officer on duty is the one at the screen: their PIN, or a scan of their
 * badge (the raw text, checked by the core like any scan). Logging out and seeing one's figures
 * need it, so that a citizen who opens the staff screen can do neither.
 */
export const StaffProofSchema = z.union([
  z.strictObject({ pin: PinSchema }),
  z.strictObject({ badge: z.string().max(BADGE_SCAN_MAX_LENGTH) }),
]);
export type StaffProof = z.input<typeof StaffProofSchema>;

/** The payload of a staff action at the counter (logout, own figures). */
export const StaffActionSchema = z.strictObject({ proof: StaffProofSchema });
export type StaffAction = z.input<typeof StaffActionSchema>;

/**
 * A PIN anyone would try first: one digit repeated (`1111`, `000000`). Refused when an officer sets
 * their own PIN at the kiosk, as the console refuses it (shared/console/badges.ts).
 */
export function isWeakPin(pin: string): boolean {
  return /^(\d)\1*$/.test(pin);
}

/**
 * An officer sets (`pin`) or removes (`pin: null`) their own PIN at the kiosk. Only in the session
 * of a badge login, and only with their own badge scanned again now (`badge`: the raw text of the
 * scan, checked by the core like any scan): anyone can open the staff screen while the officer is
 * away, and a PIN login must not change the PIN without the badge. No staff id: the core takes
 * the officer of its own open session.
 */
export const SetOwnPinSchema = z.strictObject({
  badge: z.string().max(BADGE_SCAN_MAX_LENGTH),
  pin: PinSchema.nullable(),
});
export type SetOwnPin = z.input<typeof SetOwnPinSchema>;

/** What setting one's own PIN answers: whose, and whether it now has one. */
export interface OwnPinOutcome {
  fullName: string;
  hasPin: boolean;
}

/** Why a login was refused; the renderer shows its own translated text for each. */
export const LOGIN_REFUSAL_REASONS = [
  /** Garbage, a partial scan, control characters, SQL: not the shape of a badge code. */
  'not_a_badge',
  /** Well-formed, but no badge of this roster has that code. */
  'unknown_badge',
  /** The badge belongs to someone who is no longer active. */
  'inactive',
  /** The badge belongs to staff of another unit. */
  'other_unit',
  /** Wrong PIN for that officer. */
  'wrong_pin',
  /** That officer has no PIN set: IT staff set one (docs/badges.md). */
  'no_pin',
  /** Too many wrong PINs in a row for that officer: wait, then try again. */
  'throttled',
  /** An old-format badge after the end of its migration window: the officer needs the new badge. */
  'old_badge',
  /** A staff action proved with a badge that is not the on-duty officer's. */
  'not_the_officer',
  /** Setting one's PIN outside a session opened with a badge (a PIN login, or an older session). */
  'not_badge_session',
  /** A new PIN of one digit repeated (1111): anyone would try it first. */
  'weak_pin',
] as const;
export type LoginRefusalReason = (typeof LOGIN_REFUSAL_REASONS)[number];

export type StaffLoginOutcome =
  | {
      action: 'login';
      officer: OfficerOnDuty;
      /** Another officer whose session at this counter this login ended, if any. */
      replacedStaffId: string | null;
      /** True when this officer was already logged in here (a repeated scan within a moment). */
      alreadyLoggedIn: boolean;
    }
  | {
      action: 'logout';
      staffId: string;
      fullName: string;
      reason: 'same_badge' | 'manual';
    };

export interface StaffSearchHit {
  staffId: string;
  fullName: string;
  title: string;
  photo: string | null;
  /** Inactive staff are found (administrators look for them) but cannot log in. */
  active: boolean;
  /** Whether a personal PIN is set: without one, PIN login is refused. */
  hasPin: boolean;
}

/**
 * The logged-in officer's own figures (Asia/Ho_Chi_Minh): counts only, never a share or a score,
 * since any share can be combined with ratings the officer knows to reveal one citizen's choice
 * (docs/badges.md). The officer's results are in the console.
 */
export interface MyFigures {
  fullName: string;
  /** Today in Vietnam, YYYY-MM-DD. */
  day: string;
  /** Ratings of this officer today. */
  today: number;
  /** This month in Vietnam, YYYY-MM. */
  month: string;
  /** Ratings of this officer this month, today's included. */
  thisMonth: number;
}
