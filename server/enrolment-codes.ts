import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from './db/schema';
import { hashEnrollmentCode } from './devices';

// Crockford's base32 without look-alikes (no I, L, O, U): codes are typed from paper.
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomCode(length: number): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/**
 * Stores a new single-use enrolment code bound to a unit (and a counter) and answers it as shown,
 * `XXXX-XXXX-XXXX`; only its hash is kept. The caller has checked the unit and counter.
 */
export async function issueEnrollmentCode(
  db: Kysely<ServerDatabase>,
  binding: { unitId: string; counterId: string | null; expiresAt: number },
  at: number,
): Promise<{ code: string; codeHash: string }> {
  const raw = randomCode(12);
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  const codeHash = hashEnrollmentCode(code);
  await db
    .insertInto('enrollment_codes')
    .values({ code_hash: codeHash, unit_id: binding.unitId, counter_id: binding.counterId, created_at: at, expires_at: binding.expiresAt, used_at: null, device_id: null, request_id: null, request_address: null })
    .execute();
  return { code, codeHash };
}
