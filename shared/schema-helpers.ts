import { z } from 'zod';
import { hasBidiControls, hasControlCharacters, replaceControls, toNfc } from './text';

/**
 * A text field from outside: must be a string without NUL or control characters, is stored NFC.
 * Length is checked on the NFC form, counted in code points as the screen counts them.
 */
export function cleanText(maxLength: number) {
  return z
    .string()
    .refine((value) => !hasControlCharacters(value), {
      message: 'must not contain NUL or control characters',
    })
    .transform((value) => toNfc(value))
    .refine((value) => [...value].length <= maxLength, {
      message: `must be at most ${maxLength} characters`,
    });
}

/**
 * A label a device gives itself (its name, its version), shown to IT staff in listings and
 * terminals: one line, without control or bidirectional formatting characters (refused, 400).
 */
export function deviceLabel(maxLength: number) {
  return cleanText(maxLength).refine((value) => !/[\t\n]/.test(value) && !hasBidiControls(value), {
    message: 'must be one line without control or bidirectional formatting characters',
  });
}

/**
 * Free text a device reports (its last error): never refused for a stray character, since it is
 * how IT staff learn what went wrong; control and bidirectional formatting characters are replaced
 * by U+FFFD on arrival, so a listing shows them without acting on them.
 */
export function deviceReport(maxLength: number) {
  return z
    .string()
    .transform((value) => replaceControls(value))
    .pipe(cleanText(maxLength));
}

/** Ids made by our own code (UUIDs) or by HR systems (short slugs): printable ASCII only. */
export const RecordId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits, dot, dash, colon or underscore');

export const UuidV7 = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a UUIDv7');

/** Milliseconds since the epoch, within a sane window (2020 to 2100). */
export const EpochMs = z
  .number()
  .int()
  .min(Date.UTC(2020, 0, 1))
  .max(Date.UTC(2100, 0, 1));

/**
 * A time read from a kiosk's own clock: any non-negative integer up to 2100. Kiosk clocks can be
 * badly wrong (a CMOS reset puts them in 2001); the server judges the corrected time instead, so a
 * wrong clock never makes a rating invalid by itself.
 */
export const DeviceEpochMs = z.number().int().min(0).max(Date.UTC(2100, 0, 1));
