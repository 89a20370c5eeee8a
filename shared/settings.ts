import { z } from 'zod';
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
};
export const KioskSettingsSchema = z.strictObject(KioskSettingsShape);
