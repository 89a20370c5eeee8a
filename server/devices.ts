import { recordBinding } from './integrity/device-bindings';
import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { EnrollRequestSchema, HeartbeatRequestSchema } from '../shared/protocol';
import { uuidv7 } from '../shared/uuid';
import type { ServerDb } from './db/connect';
import type { ServerDatabase } from './db/schema';
import { deviceSecretContext } from './db/migrations/0010-device-secret-encryption';
import { HttpError } from './errors';
import type { SecretKeyRing } from './secret-keys';

type DeviceRow = Selectable<ServerDatabase['devices']>;

/** An enrolled kiosk as stored, with its secret opened (it is sealed at rest). */
export type Device = Omit<DeviceRow, 'sealed_secret' | 'secret_key_id'> & { secret: string };
export type EnrolmentRequest = z.output<typeof EnrollRequestSchema>;
export type Heartbeat = z.output<typeof HeartbeatRequestSchema>;

/** What an enrolled kiosk is told: who it is, the secret it signs with, its unit and counter. */
export interface Enrolment {
  deviceId: string;
  deviceSecret: string;
  unitId: string;
  counterId: string | null;
}

/** How long a lost enrolment answer can be asked again with the same requestId. */
const ENROL_REPLAY_MS = 24 * 3_600_000;

/** Canonical form of a typed enrolment code: no spaces or dashes, upper case. */
export function normalizeEnrollmentCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** Codes are stored only as this hash, made the same way when a code is created and when it is used. */
export function hashEnrollmentCode(code: string): string {
  return createHash('sha256').update(`nu-cuoi-enrol-v1:${normalizeEnrollmentCode(code)}`).digest('hex');
}

/** A device's secret as stored: sealed with the ring's current key, bound to the device. */
export function sealDeviceSecret(keys: SecretKeyRing, deviceId: string, secret: string): Pick<DeviceRow, 'sealed_secret' | 'secret_key_id'> {
  const { keyId, sealed } = keys.seal(secret, deviceSecretContext(deviceId));
  return { sealed_secret: sealed, secret_key_id: keyId };
}

/**
 * The stored secret of a device no kiosk will ever sign for (the demo's and the synthetic
 * province's kiosks): random, sealed like any other, and known to nobody.
 */
export function sealUnknownSecret(keys: SecretKeyRing, deviceId: string): Pick<DeviceRow, 'sealed_secret' | 'secret_key_id'> {
  return sealDeviceSecret(keys, deviceId, randomBytes(32).toString('base64url'));
}

export async function findDevice(db: ServerDb, keys: SecretKeyRing, deviceId: string): Promise<Device | undefined> {
  const row = await db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
  if (!row) return undefined;
  const { sealed_secret, secret_key_id, ...device } = row;
  return { ...device, secret: keys.open({ keyId: secret_key_id, sealed: sealed_secret }, deviceSecretContext(row.id)) };
}

/**
 * Enrols a kiosk with a single-use code: the code is marked used and the device stored in one
 * transaction, bound to the code's unit and counter. A used code asked again with the same
 * requestId from the same client address (within 24 h, device not revoked) answers the same device
 * and secret, since the first answer was lost on the way; a code and requestId seen on the wire
 * give nothing to anyone else. Otherwise 403: enrollment_code_unknown, _used or _expired.
 * `from` is the client's address (through trusted proxies only).
 */
export async function enrolDevice(db: ServerDb, keys: SecretKeyRing, request: EnrolmentRequest, from: string, now: () => number): Promise<Enrolment> {
  const codeHash = hashEnrollmentCode(request.enrollmentCode);
  const deviceId = uuidv7(now());
  const deviceSecret = randomBytes(32).toString('base64url');
  // The secret is never written in clear, not even once into the database's log.
  const sealed = sealDeviceSecret(keys, deviceId, deviceSecret);
  const at = now();
  const enrolled = await db.transaction().execute(async (trx) => {
    const code = await trx
      .updateTable('enrollment_codes')
      .set({ used_at: at, device_id: deviceId, request_id: request.requestId ?? null, request_address: from })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning(['unit_id', 'counter_id'])
      .executeTakeFirst();
    if (!code) return null;
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        ...sealed,
        unit_id: code.unit_id,
        counter_id: code.counter_id,
        name: request.deviceName,
        app_version: request.appVersion,
        enrolled_at: at,
        revoked_at: null,
        last_seen_at: at,
        last_heartbeat_at: null,
        pending_count: null,
        oldest_pending_age_ms: null,
        last_error: null,
        clock_offset_ms: null,
      })
      .execute();
    await recordBinding(trx, deviceId, code.counter_id, at);
    return code;
  });
  if (enrolled) return { deviceId, deviceSecret, unitId: enrolled.unit_id, counterId: enrolled.counter_id };

  const known = await db
    .selectFrom('enrollment_codes')
    .select(['used_at', 'expires_at', 'device_id', 'request_id', 'request_address'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  if (!known) throw new HttpError(403, 'enrollment_code_unknown', 'no such enrolment code');
  if (known.used_at === null) throw new HttpError(403, 'enrollment_code_expired', 'this enrolment code has expired');
  // The same request asked again by the same client (its answer was lost): the same answer, nothing changed.
  const replayed =
    request.requestId && known.request_id === request.requestId && known.request_address === from && known.device_id && at - Number(known.used_at) <= ENROL_REPLAY_MS;
  const device = replayed
    ? await db
        .selectFrom('devices')
        .select(['id', 'sealed_secret', 'secret_key_id', 'unit_id', 'counter_id'])
        .where('id', '=', known.device_id!)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!device) throw new HttpError(403, 'enrollment_code_used', 'this enrolment code was already used');
  const secret = keys.open({ keyId: device.secret_key_id, sealed: device.sealed_secret }, deviceSecretContext(device.id));
  return { deviceId: device.id, deviceSecret: secret, unitId: device.unit_id, counterId: device.counter_id };
}

/** Keeps a kiosk's latest heartbeat for fleet monitoring (`npm run admin -- devices`). */
export async function recordHeartbeat(db: ServerDb, deviceId: string, beat: Heartbeat, at: number): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      last_heartbeat_at: at,
      last_seen_at: at,
      app_version: beat.appVersion,
      // An integer column: an absurd count is shown as the largest one rather than failing.
      pending_count: Math.min(beat.pendingCount, 2_147_483_647),
      oldest_pending_age_ms: beat.oldestPendingAgeMs,
      last_error: beat.lastError,
      clock_offset_ms: beat.clockOffsetMs,
      // Kiosks that predate the count do not send it: their row says "not known", not zero.
      failed_badge_logins: beat.failedLogins ? Math.min(beat.failedLogins.badges, 2_147_483_647) : null,
      failed_pin_logins: beat.failedLogins ? Math.min(beat.failedLogins.pins, 2_147_483_647) : null,
    })
    .where('id', '=', deviceId)
    .execute();
}
