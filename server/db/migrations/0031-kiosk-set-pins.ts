import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * PINs officers set themselves at a kiosk after a badge login (docs/badges.md "Setting a PIN"):
 * they arrive by `POST /api/v1/staff-pins` into `staff.pin_hash` / `pin_set_at` like the console's,
 * and `pin_set_by_device` names the kiosk that sent the change (NULL: set or cleared in the
 * console), so the console's badges page can say "set at the kiosk".
 */
export const kioskSetPins: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, ['ALTER TABLE staff ADD COLUMN pin_set_by_device text']);
  },
};
