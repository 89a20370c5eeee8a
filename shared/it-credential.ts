/**
 * How an IT officer proves, at the kiosk itself, that they may do what only IT staff may (re-enrol
 * the kiosk with another server; later, open its admin screen): their badge, or their staff id and
 * personal PIN. The core checks it against its roster, where the officer must hold the role `it`
 * (electron/core/staff-login/it-credential.ts).
 */
import { z } from 'zod';
import { RecordId } from './schema-helpers';
import { BADGE_SCAN_MAX_LENGTH, PinSchema } from './staff-login';

export const ItCredentialSchema = z.union([
  z.strictObject({ badgeCode: z.string().min(1).max(BADGE_SCAN_MAX_LENGTH) }),
  z.strictObject({ staffId: RecordId, pin: PinSchema }),
]);
export type ItCredential = z.output<typeof ItCredentialSchema>;

/** Why an IT credential was not accepted (the renderer shows its own text for each). */
export type ItCredentialRefusal = 'it_credential_required' | 'it_credential_refused' | 'throttled';
