import { z } from 'zod';
import { CRITERIA_KEYS, type CriterionKey } from './criteria';
import { cleanText, DeviceEpochMs, RecordId, UuidV7 } from './schema-helpers';

export const COMMENT_MAX_LENGTH = 500;
export const DOSSIER_CODE_MAX_LENGTH = 40;
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DESK_ROLES = ['reception', 'results'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

export const Vn3ScoreSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const LocaleSchema = z.enum(LOCALES);
export const DeskRoleSchema = z.enum(DESK_ROLES);

const criterionAnswer = z.boolean().nullable();

/** All eight criteria, each answered or null. Unknown keys are refused. */
export const CriteriaSchema = z.strictObject(
  Object.fromEntries(CRITERIA_KEYS.map((key) => [key, criterionAnswer])) as Record<
    CriterionKey,
    typeof criterionAnswer
  >,
);

/** Some of the eight criteria (the renderer sends what the citizen answered). Unknown keys are refused. */
export const PartialCriteriaSchema = CriteriaSchema.partial();

export const CommentSchema = cleanText(COMMENT_MAX_LENGTH);

/** Dossier codes as printed on receipts: letters, digits and a few separators. */
export const DossierCodeSchema = cleanText(DOSSIER_CODE_MAX_LENGTH)
  .transform((value) => value.trim().toUpperCase())
  .refine((value) => /^[A-Z0-9][A-Z0-9./_-]*$/.test(value), {
    message: 'must be letters, digits, dot, slash, dash or underscore',
  });

export const DurationMsSchema = z.number().int().min(0).max(24 * 60 * 60 * 1000);

/** A boot's monotonic clock runs at most this long (ten years of uptime) before it is absurd. */
export const MONOTONIC_MAX_MS = 10 * 366 * 24 * 60 * 60 * 1000;
export const MonotonicMsSchema = z.number().int().min(0).max(MONOTONIC_MAX_MS);

/**
 * What the renderer sends when a citizen taps a face. Who is rated, where and when is decided by
 * the core from its own state, never taken from the renderer.
 */
export const RatingDraftSchema = z.strictObject({
  /** Made by the renderer when a citizen's flow starts: one flow makes at most one rating. */
  flowId: UuidV7,
  scale: z.literal('vn3'),
  score: Vn3ScoreSchema,
  locale: LocaleSchema,
  durationMs: DurationMsSchema.optional(),
});
export type RatingDraft = z.input<typeof RatingDraftSchema>;

/** Optional details given after the tap, saved to the same rating as they are given. */
export const RatingDetailsUpdateSchema = z.strictObject({
  id: UuidV7,
  criteria: PartialCriteriaSchema.optional(),
  comment: CommentSchema.nullable().optional(),
  dossierCode: DossierCodeSchema.nullable().optional(),
  locale: LocaleSchema.optional(),
  durationMs: DurationMsSchema.optional(),
});
export type RatingDetailsUpdate = z.input<typeof RatingDetailsUpdateSchema>;

/** Names one rating: the citizen's flow ended (thank-you or idle timeout), no more details will come. */
export const RatingRefSchema = z.strictObject({ id: UuidV7 });
export type RatingRef = z.input<typeof RatingRefSchema>;

/**
 * A link of a device's record chain (revision 3, docs/protocol.md "Record chain"): the lower-case
 * hex SHA-256 of the device's previous record; 64 zeros before the first record of a chain.
 */
export const ChainHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash: 64 lower-case hex digits');
export const CHAIN_GENESIS = '0'.repeat(64);

/** Rating v1 of the sync protocol (ARCHITECTURE.md): the record as the kiosk sends it. */
export const RatingV1Schema = z.strictObject({
  id: UuidV7,
  deviceId: RecordId,
  seq: z.number().int().positive(),
  unitId: RecordId,
  counterId: RecordId,
  deskRole: DeskRoleSchema,
  staffId: RecordId.nullable(),
  staffSessionId: UuidV7.nullable(),
  createdAt: DeviceEpochMs,
  // Up to a century either way: a clock reset to 2001 is still corrected, not refused.
  clockOffsetMs: z.number().int().min(-Date.UTC(2100, 0, 1)).max(Date.UTC(2100, 0, 1)).nullable(),
  scale: z.literal('vn3'),
  score: Vn3ScoreSchema,
  criteria: CriteriaSchema,
  comment: CommentSchema.nullable(),
  dossierCode: DossierCodeSchema.nullable(),
  locale: LocaleSchema,
  durationMs: DurationMsSchema.nullable(),
  appVersion: z.string().min(1).max(32),
  /**
   * Revision 2, optional and together: the kiosk core's start ("boot") the rating was made in, and
   * that boot's monotonic clock at the tap, which no setting of the wall clock moves. With a clock
   * anchor of the boot they give the rating's time whatever the kiosk's clock said.
   */
  bootId: RecordId.optional(),
  monotonicMs: MonotonicMsSchema.optional(),
  /** Revision 3, optional: the chain link of the device's previous record (rating or session event). */
  prevHash: ChainHashSchema.optional(),
}).refine((rating) => (rating.bootId === undefined) === (rating.monotonicMs === undefined), {
  message: 'bootId and monotonicMs come together or not at all',
  path: ['monotonicMs'],
});
export type RatingV1 = z.output<typeof RatingV1Schema>;
