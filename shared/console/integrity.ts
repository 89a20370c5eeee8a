/**
 * The console's integrity API (docs/integrity.md): what reports exclude and why, the review queue
 * of flags on ratings, the gaming checks' settings, and the alerts on what citizens say. The server
 * parses requests with these schemas; the console imports types only.
 */
import { z } from 'zod';
import { RecordId } from '../schema-helpers';

import { FLAG_DECISIONS, FLAG_REASONS, FLAG_STATUSES, type FlagReason, type FlagStatus } from './integrity-names';

export { FLAG_DECISIONS, FLAG_REASONS, FLAG_STATUSES } from './integrity-names';
export type { FlagDecision, FlagReason, FlagStatus } from './integrity-names';

const ReasonCountSchema = z.object({ reason: z.enum(FLAG_REASONS), ratings: z.number().int() });

/**
 * What a report's figures leave out or count with a doubt, for its scope and period: ratings
 * excluded after review (by reason), ratings held out until reviewed (a device's volume above the
 * maximum), flagged ratings not yet reviewed (they count), and ratings with an uncertain time (by
 * received time, never in the day's figures).
 */
export const ReportIntegritySchema = z.object({
  /** Ratings under a confirmed flag, per reason (a rating under two reasons is in both lines). */
  excluded: z.array(ReasonCountSchema),
  /** Distinct ratings under a confirmed flag. */
  excludedTotal: z.number().int(),
  /** Ratings under an open flag that holds them out until reviewed (device volume). */
  heldUntilReviewed: z.number().int(),
  /** Ratings under an open flag that still count, per reason. */
  unreviewed: z.array(ReasonCountSchema),
  /** Distinct ratings under an open flag that still count. */
  unreviewedTotal: z.number().int(),
  /** Ratings with an uncertain time received in the period, and how many of them a reviewer excluded. */
  uncertainTime: z.object({ ratings: z.number().int(), excluded: z.number().int() }),
});
export type ReportIntegrity = z.output<typeof ReportIntegritySchema>;

// ---------------------------------------------------------------- review queue

export const FlagListQuerySchema = z.strictObject({
  status: z.enum(FLAG_STATUSES).default('open'),
  reason: z.enum(FLAG_REASONS).optional(),
  unit: RecordId.optional(),
});

export interface ReviewFlag {
  id: string;
  reason: FlagReason;
  status: FlagStatus;
  unitId: string;
  unitName: string;
  deviceId: string | null;
  deviceName: string | null;
  staffId: string | null;
  staffName: string | null;
  staffSessionId: string | null;
  firstAt: number;
  lastAt: number;
  ratingCount: number;
  /** The times, counts and thresholds that raised it. */
  evidence: Record<string, unknown>;
  createdAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  decisionNote: string | null;
}

export interface FlagList {
  items: ReviewFlag[];
  /** Flags matching the query; at most the first 500 are listed. */
  total: number;
}

export const FlagDecisionSchema = z.strictObject({
  decision: z.enum(FLAG_DECISIONS),
  /** Why (kept with the decision and in the audit log). */
  note: z.string().trim().max(500).default(''),
});

export interface FlagDecisionAnswer {
  flag: ReviewFlag;
  /** Ratings that left or returned to the reports with this decision. */
  removed: number;
  restored: number;
}

// ---------------------------------------------------------------- settings

export const IntegritySettingsSchema = z.strictObject({
  /** A run of at least burstMinRatings ratings in one session, each within burstSeconds of the previous, is a burst. */
  burstSeconds: z.number().int().min(1).max(600),
  burstMinRatings: z.number().int().min(2).max(1000),
  /** Ratings this close to the officer's login or logout are flagged. */
  nearSessionEdgeSeconds: z.number().int().min(1).max(600),
  /** A session whose share of "Rất hài lòng" is this many points above the officer's usual… */
  shareSpikePoints: z.number().int().min(1).max(100),
  /** …while the counter's ratings that day are this many times its usual day. */
  shareSpikeVolumeFactor: z.number().min(1).max(100),
  /** Sessions with fewer ratings are not judged for a share spike. */
  shareSpikeMinRatings: z.number().int().min(1).max(10_000),
  /** Negative-share alert: the share of "Không hài lòng" (percent) above which a counter or officer alerts… */
  negativeSharePct: z.number().min(1).max(100),
  /** …over the last this many days… */
  alertWindowDays: z.number().int().min(1).max(90),
  /** …when they have at least this many ratings in the window. */
  alertMinRatings: z.number().int().min(1).max(100_000),
  /** Sudden drop: the satisfaction rate in the window this many points below its own usual (the 90 days before). */
  dropPoints: z.number().min(1).max(100),
  /** Unit heads are e-mailed their units' alerts. */
  mailUnitHeads: z.boolean(),
});
export type IntegritySettings = z.output<typeof IntegritySettingsSchema>;

export const DEFAULT_INTEGRITY_SETTINGS: IntegritySettings = {
  burstSeconds: 20,
  burstMinRatings: 5,
  nearSessionEdgeSeconds: 10,
  shareSpikePoints: 30,
  shareSpikeVolumeFactor: 3,
  shareSpikeMinRatings: 10,
  negativeSharePct: 20,
  alertWindowDays: 7,
  alertMinRatings: 20,
  dropPoints: 20,
  mailUnitHeads: true,
};

// ---------------------------------------------------------------- alerts on what citizens say

export const SATISFACTION_ALERT_KINDS = ['negative_share', 'sudden_drop'] as const;
export type SatisfactionAlertKind = (typeof SATISFACTION_ALERT_KINDS)[number];

export interface SatisfactionAlert {
  id: number;
  kind: SatisfactionAlertKind;
  subjectKind: 'counter' | 'staff';
  subjectId: string;
  subjectName: string;
  unitId: string;
  unitName: string;
  startedAt: number;
  endedAt: number | null;
  /** The window's ratings and shares when it opened. */
  detail: { ratings: number; notSatisfiedPct: number; satisfactionPct: number; usualSatisfactionPct?: number | null };
  mailedAt: number | null;
}
