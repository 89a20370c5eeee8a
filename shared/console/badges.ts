/**
 * The console's badge API (`/api/console/v1/badges/…`, docs/badges.md "In the console"): a unit's
 * staff with their badge issue, reissuing an officer's badge (the new code shown once, to print),
 * and badge sheets as PDF for a unit or for chosen staff. IT staff and the province for every
 * unit; a unit head for the units under them. The server parses with these schemas; the console
 * imports types only.
 */
import { z } from 'zod';
import { RecordId } from '../schema-helpers';
import { PIN_PATTERN } from '../staff-login';

export { BADGE_ROLES, PIN_ROLES, roleManagesBadges } from './constants';

/** One officer of a unit as the badge page lists them: never a code (codes are shown only when reissued or printed). */
export interface BadgeStaff {
  staffId: string;
  fullName: string;
  title: string;
  active: boolean;
  /** The badge's issue number: 1 for the first badge, one more for each reissue. */
  issue: number;
  /** A PIN set in the console (never the PIN or its hash), and when it was set or cleared; null: never. */
  hasPin: boolean;
  pinSetAt: number | null;
  /** The last change came from the officer at a kiosk (set or removed there after a badge login), not from the console. */
  pinSetAtKiosk: boolean;
  /** A photo is on file (kiosks show it on the officer card); the list does not carry the image itself. */
  hasPhoto: boolean;
}

export interface UnitBadges {
  unitId: string;
  unitName: string;
  staff: BadgeStaff[];
}

/** The answer to a reissue: the new badge, shown once to print; the old code stops at the unit's kiosks at their next roster pull. */
export interface ReissuedBadge {
  staffId: string;
  fullName: string;
  title: string;
  issue: number;
  code: string;
  qrSvg: string;
}

export const BadgeSheetRequestSchema = z.strictObject({
  unitId: RecordId,
  /** Only these officers of the unit (after a reissue, say); absent: every active officer of the unit. */
  staffIds: z.array(RecordId).min(1).max(1000).optional(),
});
export type BadgeSheetRequest = z.input<typeof BadgeSheetRequestSchema>;

/** A PIN an officer's unit head or IT staff set in the console: 4 to 8 digits, not all the same digit. */
export const PinSchema = z
  .string()
  .regex(PIN_PATTERN)
  .refine((pin) => !/^(\d)\1*$/.test(pin), 'not all the same digit');
export const SetPinRequestSchema = z.strictObject({ pin: PinSchema });
