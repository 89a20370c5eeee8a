import { z } from 'zod';
import { QuietHoursRangeSchema } from './quiet-hours';
import { LocaleSchema } from './rating';

/**
 * Settings IT staff may change (locally or through the provincial server's config), with their
 * defaults. The kiosk stores one JSON value per key.
 */
export const KioskSettingsShape = {
  idleTimeoutMs: z.number().int().min(5_000).max(600_000).default(30_000),
  cooldownMs: z.number().int().min(0).max(60_000).default(5_000),
  maxRatingsPerSessionPerMinute: z.number().int().min(1).max(60).default(6),
  allowRatingWithoutOfficer: z.boolean().default(false),
  spokenPrompts: z.boolean().default(false),
  defaultLocale: LocaleSchema.default('vi'),
  /**
   * Times of day (Asia/Ho_Chi_Minh, "HH:MM") at which an officer's session at the counter ends:
   * a session ends at the first of these after it started. Empty: no end-of-shift logout.
   */
  staffShiftEndTimes: z
    .array(z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM'))
    .max(8)
    .default(['12:00', '17:30']),
  /** Minutes without a rating or staff action after which the officer is logged out; 0 = never. */
  staffIdleLogoutMinutes: z.number().int().min(0).max(24 * 60).default(90),
  /**
   * Badge QR scanning with the kiosk's camera: 'off'; 'staffScreen' (only while the staff screen
   * asks for it); 'always' (the camera watches for badges in the background, frames never leave the renderer).
   */
  cameraBadgeScanning: z.enum(['off', 'staffScreen', 'always']).default('staffScreen'),
  /** Sync to the provincial server once this many new ratings wait… */
  syncAfterRatings: z.number().int().min(1).max(500).default(10),
  /** …or at the latest this long after the last sync. */
  syncIntervalMs: z.number().int().min(5_000).max(3_600_000).default(60_000),
  /** How often the kiosk reports to the server and checks its roster and config (ETag: usually nothing moves). */
  heartbeatIntervalMs: z.number().int().min(30_000).max(86_400_000).default(300_000),
  /**
   * When a downloaded, verified update may install (Vietnam time, "HH:MM-HH:MM"; a range may run
   * past midnight): the lunch break and the night by default. Empty: updates never install by themselves.
   */
  updateQuietHours: z.array(QuietHoursRangeSchema).max(6).default(['12:00-13:00', '17:30-07:00']),
};
export const KioskSettingsSchema = z.strictObject(KioskSettingsShape);
