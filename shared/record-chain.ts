import { z } from 'zod';
import { ChainHashSchema, MonotonicMsSchema } from './rating';
import { DeviceEpochMs, RecordId, UuidV7 } from './schema-helpers';

/**
 * Revision 3 of the sync protocol (docs/protocol.md "Record chain"): staff session events as
 * records of their own, in the device's chain beside its ratings, and the per-session cap's
 * refusals as counts.
 */

export const SESSION_EVENT_KINDS = ['login', 'logout'] as const;
export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

/** Most session events of one batch; more refuse the batch (400). */
export const BATCH_MAX_SESSION_EVENTS = 500;
/** Most refusal counts of one batch. */
export const BATCH_MAX_REFUSAL_COUNTS = 500;

/** How a session began or ended, as the kiosk names it (`badge`, `pin`, `manual`, `shift_end`, `inactivity`, …). */
const SessionEventReason = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case word of at most 40 letters, digits or _');

/** A login or logout of an officer at the device's counter: a record of the device's chain. */
export const SessionEventV1Schema = z
  .strictObject({
    id: UuidV7,
    /** In the device's one sequence, shared with its ratings. */
    seq: z.number().int().positive(),
    kind: z.enum(SESSION_EVENT_KINDS),
    sessionId: UuidV7,
    staffId: RecordId,
    counterId: RecordId,
    reason: SessionEventReason,
    createdAt: DeviceEpochMs,
    clockOffsetMs: z.number().int().min(-Date.UTC(2100, 0, 1)).max(Date.UTC(2100, 0, 1)).nullable(),
    bootId: RecordId.optional(),
    monotonicMs: MonotonicMsSchema.optional(),
    prevHash: ChainHashSchema,
  })
  .refine((event) => (event.bootId === undefined) === (event.monotonicMs === undefined), {
    message: 'bootId and monotonicMs come together or not at all',
    path: ['monotonicMs'],
  });
export type SessionEventV1 = z.output<typeof SessionEventV1Schema>;

/**
 * Attempts the per-session cap refused in one session (or, with `staffSessionId` null, at the
 * counter without an officer): a running total, so a resend changes nothing. Never a score.
 */
export const RefusalCountSchema = z.strictObject({
  staffSessionId: UuidV7.nullable(),
  counterId: RecordId,
  refused: z.number().int().min(0).max(10_000_000),
});
export type RefusalCount = z.output<typeof RefusalCountSchema>;
