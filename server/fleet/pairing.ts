/**
 * Pairing (docs/protocol.md "Pairing"): a kiosk that is not enrolled asks the server for a short
 * code and shows it; IT staff approve it in the console, binding it to a unit and a counter, or
 * refuse it. The kiosk polls with a token only it knows; once approved, the answer hands it a fresh
 * single-use enrolment code bound to that unit and counter, and the kiosk enrols as with any code.
 * So the secret is made and delivered by the one enrolment path (devices.ts), never here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { PairingCreated, PairingPollResponse, PairingState } from '../../shared/fleet';
import { uuidv7 } from '../../shared/uuid';
import type { ServerDb } from '../db/connect';
import { issueEnrollmentCode, randomCode } from '../enrolment-codes';
import { HttpError } from '../errors';

/** How long a pairing code waits for IT staff; a kiosk then asks for a new one by itself. */
export const PAIRING_TTL_MS = 60 * 60_000;
/** How long an approved pairing may be collected by its kiosk. */
export const APPROVED_PAIRING_TTL_MS = 24 * 3_600_000;
/** The enrolment code handed to a paired kiosk is used at once; it need not live long. */
const HANDED_CODE_TTL_MS = 60 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(`nu-cuoi-pairing-v1:${token}`).digest('hex');

export interface PairingView {
  id: string;
  code: string;
  deviceName: string;
  appVersion: string;
  address: string | null;
  createdAt: number;
  expiresAt: number;
  status: PairingState;
  decidedAt: number | null;
  decidedBy: string | null;
  unitId: string | null;
  counterId: string | null;
  /** The kiosk the approval made, once it enrolled. */
  deviceId: string | null;
}

export async function createPairing(db: ServerDb, input: { deviceName: string; appVersion: string }, address: string | null, at: number): Promise<PairingCreated> {
  const pollToken = randomBytes(32).toString('base64url');
  const id = uuidv7(at);
  const expiresAt = at + PAIRING_TTL_MS;
  // Codes are unique among pending requests; a clash (one in ~10^9 per pending pairing) draws again.
  for (let attempt = 0; ; attempt++) {
    const raw = randomCode(6);
    const code = `${raw.slice(0, 3)}-${raw.slice(3)}`;
    try {
      await db.transaction().execute(async (trx) => {
        // An expired code frees its text for another kiosk.
        await trx.updateTable('pairing_requests').set({ status: 'refused', decided_at: at, decided_by: null }).where('code', '=', code).where('status', '=', 'pending').where('expires_at', '<=', at).execute();
        await trx
          .insertInto('pairing_requests')
          .values({
            id,
            code,
            poll_token_hash: hashToken(pollToken),
            device_name: input.deviceName,
            app_version: input.appVersion,
            address,
            created_at: at,
            expires_at: expiresAt,
            status: 'pending',
            decided_at: null,
            decided_by: null,
            unit_id: null,
            counter_id: null,
            enrolment_code_hash: null,
            device_id: null,
          })
          .execute();
      });
      return { pairingId: id, pairingCode: code, pollToken, expiresAt, serverTime: at };
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

function stateOf(row: { status: 'pending' | 'approved' | 'refused'; expires_at: number }, at: number): PairingState {
  return row.status !== 'refused' && row.expires_at <= at ? 'expired' : row.status;
}

/**
 * The kiosk asks what became of its request. An approved request answers a new enrolment code each
 * time it is asked (the previous one, if unused, stops working), so a lost answer costs nothing.
 */
export async function pollPairing(db: ServerDb, input: { pairingId: string; pollToken: string }, at: number): Promise<PairingPollResponse> {
  const row = await db.selectFrom('pairing_requests').selectAll().where('id', '=', input.pairingId).executeTakeFirst();
  const presented = Buffer.from(hashToken(input.pollToken));
  if (!row || !timingSafeEqual(presented, Buffer.from(row.poll_token_hash))) throw new HttpError(404, 'unknown_pairing', 'no such pairing request');
  const status = stateOf(row, at);
  if (status !== 'approved') return { status, serverTime: at };
  const code = await db.transaction().execute(async (trx) => {
    if (row.enrolment_code_hash) {
      const previous = await trx.selectFrom('enrollment_codes').select('used_at').where('code_hash', '=', row.enrolment_code_hash).executeTakeFirst();
      // Used: the kiosk is enrolled; asking again gives nothing more.
      if (previous?.used_at != null) return null;
      await trx.deleteFrom('enrollment_codes').where('code_hash', '=', row.enrolment_code_hash).where('used_at', 'is', null).execute();
    }
    const issued = await issueEnrollmentCode(trx, { unitId: row.unit_id!, counterId: row.counter_id, expiresAt: Math.min(row.expires_at, at + HANDED_CODE_TTL_MS) }, at);
    await trx.updateTable('pairing_requests').set({ enrolment_code_hash: issued.codeHash }).where('id', '=', row.id).execute();
    return issued.code;
  });
  return code ? { status, enrollmentCode: code, serverTime: at } : { status, serverTime: at };
}

export async function findPendingPairing(db: ServerDb, code: string, at: number) {
  return db.selectFrom('pairing_requests').selectAll().where('code', '=', code).where('status', '=', 'pending').where('expires_at', '>', at).executeTakeFirst();
}

/** Approves a pending request (checked by the caller: unit, counter, scope); false when it is no longer pending. */
export async function approvePairing(db: ServerDb, id: string, binding: { unitId: string; counterId: string | null }, decidedBy: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('pairing_requests')
    .set({ status: 'approved', decided_at: at, decided_by: decidedBy, unit_id: binding.unitId, counter_id: binding.counterId, expires_at: at + APPROVED_PAIRING_TTL_MS })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function refusePairing(db: ServerDb, id: string, decidedBy: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('pairing_requests')
    .set({ status: 'refused', decided_at: at, decided_by: decidedBy })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Requests of the last week, newest first: pending ones for IT staff to decide, the others for the record. */
export async function listPairings(db: ServerDb, at: number): Promise<PairingView[]> {
  const rows = await db
    .selectFrom('pairing_requests as p')
    .leftJoin('enrollment_codes as c', 'c.code_hash', 'p.enrolment_code_hash')
    .selectAll('p')
    .select(sql<string | null>`c.device_id`.as('enrolled_device'))
    .where('p.created_at', '>', at - 7 * 86_400_000)
    .orderBy('p.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    deviceName: row.device_name,
    appVersion: row.app_version,
    address: row.address,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: stateOf(row, at),
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    unitId: row.unit_id,
    counterId: row.counter_id,
    deviceId: row.enrolled_device ?? row.device_id,
  }));
}
