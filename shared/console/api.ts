/**
 * The console's HTTP API (`/api/console/v1/…`): what the provincial server answers and accepts.
 * The server parses every request with these schemas; the console imports the types only (so
 * zod stays out of its bundle). Docs: docs/console.md.
 *
 * Errors answer `{error, message}`: `error` is a stable code the console translates
 * (`errors.<code>` in its locale files), `message` the same in the request's language for other
 * clients (Accept-Language: vi first, en).
 */
import { z } from 'zod';
import { CRITERIA_KEYS } from '../criteria';
import { DeskRoleSchema } from '../rating';
import { cleanText, RecordId } from '../schema-helpers';
import { checkPeriod, type PeriodProblem } from '../reports/periods';
import { CONSOLE_ROLES, type ConsoleRole } from './constants';
import { ReportIntegritySchema } from './integrity';

export { AUDIT_ACTIONS, CONSOLE_API_PREFIX, CSRF_HEADER, SESSION_COOKIE, CONSOLE_ROLES, roleReadsComments, roleHasUnitScope } from './constants';
export type { AuditAction, ConsoleRole } from './constants';

export const ConsoleRoleSchema = z.enum(CONSOLE_ROLES);

export const ConsoleLocaleSchema = z.enum(['vi', 'en']);

// ---------------------------------------------------------------- sign-in and accounts

export const ConsoleUserSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: ConsoleRoleSchema,
  /** The unit a unit head answers for (their scope is it and the units under it); null otherwise. */
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** Province accounts an administrator allowed to read phone numbers and ID numbers in comments. */
  maySeePersonalData: z.boolean(),
  locale: ConsoleLocaleSchema,
});
export type ConsoleUser = z.output<typeof ConsoleUserSchema>;

/** Logins: letters, digits, dot, dash, underscore; compared case-insensitively. */
export const LoginNameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore');

/** At least 10 characters: a pass phrase, not a PIN. The upper bound keeps scrypt's input sane. */
export const NewPasswordSchema = z.string().min(10).max(256);

export const LoginRequestSchema = z.strictObject({
  login: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const SessionResponseSchema = z.object({ user: ConsoleUserSchema, csrfToken: z.string() });
export type SessionResponse = z.output<typeof SessionResponseSchema>;

export const ChangePasswordRequestSchema = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: NewPasswordSchema });

export const AccountSchema = ConsoleUserSchema.extend({
  disabled: z.boolean(),
  createdAt: z.number(),
  lastLoginAt: z.number().nullable(),
});
export type Account = z.output<typeof AccountSchema>;

export const CreateAccountRequestSchema = z
  .strictObject({
    login: LoginNameSchema,
    displayName: cleanText(120).pipe(z.string().trim().min(1)),
    role: ConsoleRoleSchema,
    unitId: RecordId.nullable().optional(),
    password: NewPasswordSchema,
    maySeePersonalData: z.boolean().optional(),
    locale: ConsoleLocaleSchema.optional(),
  })
  .superRefine(unitMatchesRole);

export const UpdateAccountRequestSchema = z
  .strictObject({
    displayName: cleanText(120).pipe(z.string().trim().min(1)).optional(),
    role: ConsoleRoleSchema.optional(),
    unitId: RecordId.nullable().optional(),
    password: NewPasswordSchema.optional(),
    maySeePersonalData: z.boolean().optional(),
    disabled: z.boolean().optional(),
    locale: ConsoleLocaleSchema.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'nothing to change');

function unitMatchesRole(account: { role: ConsoleRole; unitId?: string | null | undefined; maySeePersonalData?: boolean | undefined }, ctx: z.RefinementCtx) {
  if (account.role === 'unit_head' && !account.unitId) ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'a unit head needs a unit' });
  if (account.role !== 'unit_head' && account.unitId) ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'only a unit head has a unit' });
  if (account.maySeePersonalData && account.role !== 'province') {
    ctx.addIssue({ code: 'custom', path: ['maySeePersonalData'], message: 'only province accounts may see personal data' });
  }
}

// ---------------------------------------------------------------- periods and scope

export const DayStringSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const PeriodKindSchema = z.enum(['day', 'week', 'month', 'quarter', 'year', 'range', 'campaign']);

/** A period from a query string: both days exist, from ≤ to, at most 20 years (shared/reports/periods.ts). */
export const PeriodQuerySchema = z
  .object({ from: DayStringSchema, to: DayStringSchema, kind: PeriodKindSchema.optional() })
  .superRefine((value, ctx) => {
    const checked = checkPeriod(value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', path: [checked.field], message: periodProblemMessage(checked.problem), params: { problem: checked.problem } });
  });

export function periodProblemMessage(problem: PeriodProblem): string {
  switch (problem) {
    case 'invalid_date':
      return 'not a date that exists';
    case 'to_before_from':
      return 'the period ends before it starts';
    case 'too_long':
      return 'a period may cover at most 20 years';
    case 'out_of_range':
      return 'dates must be between 2000 and 2099';
  }
}

export const PeriodSchema = z.object({ kind: PeriodKindSchema, from: DayStringSchema, to: DayStringSchema });

export const CampaignPeriodSchema = z.object({ id: z.string(), name: z.string(), from: DayStringSchema, to: DayStringSchema });
export type CampaignPeriod = z.output<typeof CampaignPeriodSchema>;

export const PeriodsResponseSchema = z.object({
  /** Named campaign periods configured by the province, and each calendar year with ratings. */
  campaigns: z.array(CampaignPeriodSchema),
  years: z.array(z.number().int()),
  /** Today in Vietnam time, by the server's clock. */
  today: DayStringSchema,
});

export const CreateCampaignPeriodRequestSchema = z
  .strictObject({ name: cleanText(120).pipe(z.string().trim().min(1)), from: DayStringSchema, to: DayStringSchema })
  .superRefine((value, ctx) => {
    const checked = checkPeriod(value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', path: [checked.field], message: periodProblemMessage(checked.problem) });
  });

export const UnitNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  parentId: z.string().nullable(),
});
export type UnitNode = z.output<typeof UnitNodeSchema>;

/** The units the signed-in user may read (a unit head: their unit and the units under it). */
export const UnitsResponseSchema = z.object({ units: z.array(UnitNodeSchema) });

// ---------------------------------------------------------------- reports

/** Filters of every report page (query string). */
export const ReportQuerySchema = PeriodQuerySchema.and(z.object({ deskRole: DeskRoleSchema.optional() }));
export type ReportQuery = z.output<typeof ReportQuerySchema>;

/** Counts and shares of one group; shares are null when `tooFew` (fewer ratings than the minimum). */
export const CountsSchema = z.object({
  ratings: z.number().int(),
  verySatisfied: z.number().int(),
  satisfied: z.number().int(),
  notSatisfied: z.number().int(),
  satisfactionPct: z.number().nullable(),
  verySatisfiedPct: z.number().nullable(),
  satisfiedPct: z.number().nullable(),
  notSatisfiedPct: z.number().nullable(),
  tooFew: z.boolean(),
});
export type Counts = z.output<typeof CountsSchema>;

export const BehaviourSchema = z.object({
  key: z.enum(CRITERIA_KEYS),
  yes: z.number().int(),
  no: z.number().int(),
  answered: z.number().int(),
  yesPct: z.number().nullable(),
  tooFew: z.boolean(),
});
export type Behaviour = z.output<typeof BehaviourSchema>;

export const TrendPointSchema = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), counts: CountsSchema });
export type TrendPoint = z.output<typeof TrendPointSchema>;

export const SubjectKindSchema = z.enum(['province', 'unit', 'counter', 'staff']);
export type SubjectKind = z.output<typeof SubjectKindSchema>;

/** One line of a table below the subject (a unit, a counter or an officer), ranked by satisfaction rate. */
export const ReportRowSchema = z.object({
  kind: z.enum(['unit', 'counter', 'staff']),
  id: z.string(),
  name: z.string(),
  /** A unit's level, a counter's desk role, an officer's title. */
  detail: z.string().nullable(),
  counts: CountsSchema,
  /** 1 = highest satisfaction rate; null for rows with too few ratings (listed after the ranked ones). */
  rank: z.number().int().nullable(),
});
export type ReportRow = z.output<typeof ReportRowSchema>;

export const CrumbSchema = z.object({ kind: SubjectKindSchema, id: z.string().nullable(), name: z.string() });

/** The measures of one subject for one period: totals, behaviours and trend. */
export const MeasuresSchema = z.object({ totals: CountsSchema, behaviours: z.array(BehaviourSchema), trend: z.array(TrendPointSchema) });

export const ReportSchema = z.object({
  subject: z.object({ kind: SubjectKindSchema, id: z.string().nullable(), name: z.string(), detail: z.string().nullable() }),
  /** From the top of the user's scope down to the subject (breadcrumbs of the drill-down). */
  path: z.array(CrumbSchema),
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  deskRole: DeskRoleSchema.nullable(),
  measures: MeasuresSchema,
  previousTotals: CountsSchema,
  /** Reception and results desks apart (the totals are both together). */
  byDeskRole: z.object({ reception: CountsSchema, results: CountsSchema }),
  /** Units directly below a province or unit subject. */
  units: z.array(ReportRowSchema),
  /** Counters of a unit subject (its own, not its sub-units'). */
  counters: z.array(ReportRowSchema),
  /** Officers of a unit subject or of a counter subject. */
  staff: z.array(ReportRowSchema),
  /** Ratings given while no officer was logged in (units that allow it). */
  withoutOfficer: CountsSchema,
  /** Officer pages: the officer's unit and the province over the same period, for comparison. */
  comparison: z.object({ unit: MeasuresSchema.extend({ name: z.string() }), province: MeasuresSchema }).nullable(),
  minRatingsForFigures: z.number().int(),
  /** What the figures exclude and why, what is flagged but counted, and the ratings with an uncertain time (docs/integrity.md). */
  integrity: ReportIntegritySchema,
});
export type Report = z.output<typeof ReportSchema>;

// ---------------------------------------------------------------- comments

export const CommentsQuerySchema = PeriodQuerySchema.and(
  z.object({
    unit: RecordId.optional(),
    counter: RecordId.optional(),
    staff: RecordId.optional(),
    score: z.coerce.number().int().min(1).max(3).optional(),
    q: cleanText(100).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  }),
);
export type CommentsQuery = z.output<typeof CommentsQuerySchema>;

export const CommentSchema = z.object({
  id: z.string(),
  /** Corrected time of the rating (UTC ms). */
  at: z.number(),
  score: z.number().int(),
  unitId: z.string(),
  unitName: z.string(),
  counterId: z.string(),
  counterName: z.string(),
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  /** Masked unless the user may see personal data. */
  text: z.string(),
  /** How many phone numbers, ID numbers and addresses were hidden in it. */
  masked: z.number().int(),
});
export type Comment = z.output<typeof CommentSchema>;

export const CommentsPageSchema = z.object({
  items: z.array(CommentSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

// ---------------------------------------------------------------- settings and audit

export const ConsoleSettingsSchema = z.strictObject({
  /** No share from fewer ratings than this on any page an officer could be shown (DOMAIN: default 5). */
  minRatingsForFigures: z.number().int().min(1).max(1000),
});
export type ConsoleSettings = z.output<typeof ConsoleSettingsSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  login: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  /** What was read or changed: unit, period, filters, the account changed, … */
  details: z.record(z.string(), z.unknown()),
  address: z.string().nullable(),
});
export type AuditEntry = z.output<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  from: DayStringSchema.optional(),
  to: DayStringSchema.optional(),
  action: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ConsoleErrorSchema = z.object({ error: z.string(), message: z.string(), field: z.string().optional() });
export type ConsoleError = z.output<typeof ConsoleErrorSchema>;
