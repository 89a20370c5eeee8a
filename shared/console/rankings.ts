/**
 * The console's fair rankings (`GET /rankings`, `GET|PUT /rankings/settings`): officers or units
 * of a scope and period ordered by the Bayesian score of shared/reports/fair-ranking.ts, with the
 * count, the satisfaction rate and its 95% Wilson interval; those under the minimum apart. The
 * console imports types only (zod stays out of its bundle); plain values are in constants.ts.
 * Docs: docs/console.md "Rankings".
 */
import { z } from 'zod';
import { DeskRoleSchema } from '../rating';
import { RecordId } from '../schema-helpers';
import { CountsSchema, PeriodQuerySchema, PeriodSchema } from './api';
import { RANKING_SUBJECTS } from './constants';

/** The ranking's defaults, which the province sets: the minimum (DOMAIN: 30) and the weight m (null: the median). */
export const RankingSettingsSchema = z.strictObject({
  minRatingsForRanking: z.number().int().min(1).max(100_000),
  /** m of the score; null takes the median number of ratings of those rated in the scope and period. */
  rankingWeight: z.number().min(0).max(1_000_000).nullable(),
});
export type RankingSettings = z.output<typeof RankingSettingsSchema>;

/** A change of the defaults (`PUT /rankings/settings`): numbers here, their bounds checked by the server with messages of their own. */
export const RankingSettingsChangeSchema = z
  .strictObject({ minRatingsForRanking: z.number().optional(), rankingWeight: z.number().nullable().optional() })
  .refine((change) => Object.keys(change).length > 0, 'nothing to change');

export const DEFAULT_RANKING_SETTINGS: RankingSettings = { minRatingsForRanking: 30, rankingWeight: null };

/**
 * A ranking's query: the period, what is ranked, the unit (with the units under it; absent: the
 * top of the user's scope), the desk, and optionally a minimum and a weight other than the
 * settings'. Their bounds (a minimum of at least 1 and of the figures' minimum, a weight of at
 * least 0) are checked by the server with messages of their own.
 */
export const RankingQuerySchema = PeriodQuerySchema.and(
  z.object({
    by: z.enum(RANKING_SUBJECTS).default('staff'),
    unit: RecordId.optional(),
    deskRole: DeskRoleSchema.optional(),
    minRatings: z.coerce.number().refine(Number.isFinite, 'must be a number').optional(),
    weight: z.coerce.number().refine(Number.isFinite, 'must be a number').optional(),
  }),
);
export type RankingQuery = z.output<typeof RankingQuerySchema>;

export const RankingRowSchema = z.object({
  /** 1 = the best score; equal scores share a rank; null for "not enough ratings". */
  rank: z.number().int().nullable(),
  /** The officer's or the unit's id. */
  key: z.string(),
  name: z.string(),
  /** An officer's title, a unit's level. */
  detail: z.string().nullable(),
  /** The officer's unit (a unit: itself). */
  unitId: z.string(),
  unitName: z.string(),
  /** Counts and shares as everywhere in the console (no share below the figures' minimum). */
  counts: CountsSchema,
  /** The Bayesian score in percent, two decimals; null below the figures' minimum. */
  scorePct: z.number().nullable(),
  /** The 95% Wilson interval of the satisfaction rate, percent with one decimal; null below the figures' minimum. */
  ciLowPct: z.number().nullable(),
  ciHighPct: z.number().nullable(),
});
export type RankingRow = z.output<typeof RankingRowSchema>;

export const RankingSchema = z.object({
  by: z.enum(RANKING_SUBJECTS),
  period: PeriodSchema,
  deskRole: DeskRoleSchema.nullable(),
  /** The unit ranked within (with the units under it); null for the whole province. */
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  parameters: z.object({
    minRatings: z.number().int(),
    /** m as used. */
    weight: z.number(),
    /** Where m came from: the median of the period, the province's setting, or this request. */
    weightFrom: z.enum(['median', 'setting', 'request']),
    /** p̄: the satisfaction rate of everyone in the ranking together, percent with one decimal. */
    scopeSatisfactionPct: z.number().nullable(),
    /** Everyone's ratings together. */
    ratings: z.number().int(),
  }),
  ranked: z.array(RankingRowSchema),
  notEnough: z.array(RankingRowSchema),
  minRatingsForFigures: z.number().int(),
});
export type Ranking = z.output<typeof RankingSchema>;
