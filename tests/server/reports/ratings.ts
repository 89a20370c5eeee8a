/**
 * Ratings for the report tests: kiosks at the fixture roster's counters, ratings made like the
 * kiosk makes them, and ingest through the server's own ingestBatch (so the rollups are kept as
 * in production). One place calls ingestBatch, so a change of its parameters is one change here.
 */
import { CRITERIA_KEYS, type CriteriaAnswers } from '../../../shared/criteria';
import type { DeskRole, RatingV1 } from '../../../shared/rating';
import { uuidv7 } from '../../../shared/uuid';
import { DEFAULT_LIMITS } from '../../../server/app';
import type { ServerDb } from '../../../server/db/connect';
import { sealUnknownSecret } from '../../../server/devices';
import { ingestBatch, ReferenceCache } from '../../../server/ingest';
import { SecretKeyRing } from '../../../server/secret-keys';
import fixture from '../../fixtures/roster.json';

export const COUNTERS = fixture.counters.map((c) => ({ id: c.id, unitId: c.unitId, deskRole: c.deskRole as DeskRole }));
export const STAFF = fixture.staff.filter((s) => s.active).map((s) => ({ id: s.id, unitId: s.unitId }));

export interface TestKiosk {
  deviceId: string;
  unitId: string;
  counterId: string;
  deskRole: DeskRole;
  seq: number;
}

/** A kiosk enrolled at a counter of the fixture roster, or another one (a devices row, as enrolment makes it). */
export async function addKiosk(db: ServerDb, counterId: string | (typeof COUNTERS)[number], at: number): Promise<TestKiosk> {
  const counter = typeof counterId === 'string' ? COUNTERS.find((c) => c.id === counterId)! : counterId;
  const deviceId = uuidv7(at);
  await db
    .insertInto('devices')
    .values({
      id: deviceId,
      ...sealUnknownSecret(SecretKeyRing.development(), deviceId),
      unit_id: counter.unitId,
      counter_id: counter.id,
      name: `Kiosk ${counter.id}`,
      app_version: '0.1.0',
      enrolled_at: at,
      revoked_at: null,
      last_seen_at: null,
      last_heartbeat_at: null,
      pending_count: null,
      oldest_pending_age_ms: null,
      last_error: null,
      clock_offset_ms: null,
    })
    .execute();
  return { deviceId, unitId: counter.unitId, counterId: counter.id, deskRole: counter.deskRole, seq: 0 };
}

export function answers(partial: Partial<CriteriaAnswers> = {}): CriteriaAnswers {
  return { ...(Object.fromEntries(CRITERIA_KEYS.map((key) => [key, null])) as CriteriaAnswers), ...partial };
}

/** A rating made at `createdAt` on the kiosk's clock. */
export function makeRating(kiosk: TestKiosk, createdAt: number, overrides: Partial<RatingV1> = {}): RatingV1 {
  kiosk.seq += 1;
  return {
    id: uuidv7(Math.max(0, createdAt)),
    deviceId: kiosk.deviceId,
    seq: kiosk.seq,
    unitId: kiosk.unitId,
    counterId: kiosk.counterId,
    deskRole: kiosk.deskRole,
    staffId: null,
    staffSessionId: null,
    createdAt,
    clockOffsetMs: 0,
    scale: 'vn3',
    score: 3,
    criteria: answers(),
    comment: null,
    dossierCode: null,
    locale: 'vi',
    durationMs: 4000,
    appVersion: '0.1.0',
    ...overrides,
  };
}

const references = new ReferenceCache();

/** Sends one batch as the kiosk would, received at `receivedAt` on the server's clock. */
export function ingest(db: ServerDb, kiosk: TestKiosk, ratings: unknown[], receivedAt: number, sentAt = receivedAt) {
  const limits = {
    maxRatings: DEFAULT_LIMITS.maxBatchRatings,
    futureToleranceMs: DEFAULT_LIMITS.futureToleranceMs,
    maxAgeMs: DEFAULT_LIMITS.maxRatingAgeMs,
    maxConflictsPerRating: DEFAULT_LIMITS.maxConflictsPerRating,
    maxConflictsPerDevicePerDay: DEFAULT_LIMITS.maxConflictsPerDevicePerDay,
  };
  const body = { batchId: uuidv7(receivedAt), sentAt, ratings };
  return ingestBatch(db, { device: { id: kiosk.deviceId, unit_id: kiosk.unitId }, body, receivedAt, limits, references });
}
