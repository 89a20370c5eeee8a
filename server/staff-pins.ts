import type { StaffPinUploadResponse } from '../shared/protocol';
import { KIOSK_PIN_HASH_PREFIX, type StaffPinRefusal } from '../shared/protocol';
import { writeAudit } from './console/audit';
import type { ServerDb } from './db/connect';
import type { Device } from './devices';

/** A change dated further ahead of the server's clock than a signature may be is refused (`future_time`): it would win over every later change. */
export const PIN_SET_AT_MAX_AHEAD_MS = 5 * 60_000;

export interface KioskPinChange {
  staffId: string;
  hash: string | null;
  setAt: number;
}

/**
 * PINs officers set or removed themselves at a kiosk (POST /api/v1/staff-pins, docs/protocol.md):
 * taken only for an active officer of the device's own unit, stored in `staff.pin_hash` /
 * `pin_set_at` when newer than what the server has (a console change made later stays), and
 * audited `staff_pin_set` / `staff_pin_cleared` with the device and officer (never the hash). The
 * roster's `staffPins` then carries it to every kiosk of the unit. A resend of a change already
 * stored answers `stored` again and changes nothing (no second audit entry). One transaction.
 */
export async function storeKioskPins(db: ServerDb, device: Pick<Device, 'id' | 'unit_id'>, pins: readonly KioskPinChange[], at: number): Promise<StaffPinUploadResponse['results']> {
  return db.transaction().execute(async (trx) => {
    const results: StaffPinUploadResponse['results'] = [];
    const reject = (pin: KioskPinChange, error: StaffPinRefusal) => results.push({ staffId: pin.staffId, setAt: pin.setAt, outcome: 'rejected', error });
    for (const pin of pins) {
      const staff = await trx.selectFrom('staff').select(['id', 'unit_id', 'active']).where('id', '=', pin.staffId).executeTakeFirst();
      if (!staff) reject(pin, 'unknown_staff');
      else if (staff.unit_id !== device.unit_id) reject(pin, 'other_unit');
      else if (!staff.active) reject(pin, 'inactive');
      else if (pin.setAt > at + PIN_SET_AT_MAX_AHEAD_MS) reject(pin, 'future_time');
      else if (pin.hash !== null && !pin.hash.startsWith(KIOSK_PIN_HASH_PREFIX)) reject(pin, 'unsupported_hash');
      else {
        const changed = await trx
          .updateTable('staff')
          .set({ pin_hash: pin.hash, pin_set_at: pin.setAt, pin_set_by_device: device.id })
          .where('id', '=', pin.staffId)
          .where((eb) => eb.or([eb('pin_set_at', 'is', null), eb('pin_set_at', '<', pin.setAt)]))
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) > 0) {
          await writeAudit(trx, {
            actor: null,
            action: pin.hash === null ? 'staff_pin_cleared' : 'staff_pin_set',
            details: { via: 'kiosk', deviceId: device.id, staffId: pin.staffId, unitId: staff.unit_id, setAt: pin.setAt },
            address: null,
            at,
          });
          results.push({ staffId: pin.staffId, setAt: pin.setAt, outcome: 'stored' });
        } else {
          // Not newer: the very same change already stored (a resend) is `stored`; anything else stays.
          const stored = await trx.selectFrom('staff').select(['pin_hash', 'pin_set_at', 'pin_set_by_device']).where('id', '=', pin.staffId).executeTakeFirstOrThrow();
          const same = Number(stored.pin_set_at) === pin.setAt && stored.pin_hash === pin.hash && stored.pin_set_by_device === device.id;
          results.push({ staffId: pin.staffId, setAt: pin.setAt, outcome: same ? 'stored' : 'superseded' });
        }
      }
    }
    return results;
  });
}
