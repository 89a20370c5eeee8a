import { z } from 'zod';
import { QuietHoursRangeSchema } from './quiet-hours';
import { DEFAULT_DOSSIER_CODE_PATTERN, DossierCodePatternSchema } from './dossier-code';
import { DEFAULT_OPENING_HOURS, OpeningHoursSchema } from './opening-hours';
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
   * The unit's dossier codes, as a regular expression over the code as stored (trimmed, upper
   * case), checked by the renderer and by the core; only safe, whole-code patterns are accepted
   * (shared/dossier-code.ts). The default fits Vietnamese codes such as 000.00.00.H05-240101-0001.
   */
  dossierCodePattern: DossierCodePatternSchema.default(DEFAULT_DOSSIER_CODE_PATTERN),
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
  /**
   * A rating is sent this long after its citizen's flow ended (finishRating), together with every
   * rating that ended meanwhile, so that a burst of ratings goes as one batch…
   */
  syncQuietDelayMs: z.number().int().min(0).max(60_000).default(3_000),
  /** …or at once when this many ended ratings wait… */
  syncAfterRatings: z.number().int().min(1).max(500).default(10),
  /** …and a sync runs at the latest this long after the last one (ratings that closed by themselves, retries). */
  syncIntervalMs: z.number().int().min(5_000).max(3_600_000).default(60_000),
  /** How often the kiosk reports to the server and checks its roster and config (ETag: usually nothing moves). */
  heartbeatIntervalMs: z.number().int().min(30_000).max(86_400_000).default(300_000),
  /**
   * When a downloaded, verified update may install (Vietnam time, "HH:MM-HH:MM"; a range may run
   * past midnight): the lunch break and the night by default. Empty: updates never install by themselves.
   */
  updateQuietHours: z.array(QuietHoursRangeSchema).max(6).default(['12:00-13:00', '17:30-07:00']),
  /**
   * When the unit's counters are open (shared/opening-hours.ts). The server judges a kiosk online,
   * late or offline, and raises offline alerts, only within these hours.
   */
  openingHours: OpeningHoursSchema.default(DEFAULT_OPENING_HOURS),
};
export const KioskSettingsSchema = z.strictObject(KioskSettingsShape);

/** The settings of a kiosk nobody configured: what every side assumes until the core says otherwise. */
export const DEFAULT_KIOSK_SETTINGS = Object.freeze(KioskSettingsSchema.parse({}));
