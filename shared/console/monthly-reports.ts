/**
 * Monthly reports by e-mail (`/api/console/v1/monthly-reports/…`): a province or unit-head account
 * subscribes one address; administrators set the province's SMTP relay and the public holidays,
 * and see every send. The console imports types only. Docs: docs/evaluation.md.
 */
import { z } from 'zod';
import { DayStringSchema } from './api';
import { cleanText } from '../schema-helpers';

/** An address a relay can deliver to: one mailbox, no display name, no spaces or angle brackets. */
export const EmailAddressSchema = z.string().trim().max(254).pipe(z.email({ message: 'not an e-mail address' }));

export const SubscribeRequestSchema = z.strictObject({ email: EmailAddressSchema });

export const SEND_STATUSES = ['sending', 'sent', 'failed', 'uncertain'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export const MonthlySendSchema = z.object({
  userId: z.string(),
  login: z.string(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  email: z.string(),
  /** sending: claimed, in flight; failed: will be retried at nextAttemptAt (null: gave up); uncertain: the server stopped mid-send (never resent by itself). */
  status: z.enum(SEND_STATUSES),
  attempts: z.number().int(),
  claimedAt: z.number(),
  nextAttemptAt: z.number().nullable(),
  sentAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type MonthlySend = z.output<typeof MonthlySendSchema>;

export const SubscriptionSchema = z.object({ email: z.string(), createdAt: z.number() });
export type Subscription = z.output<typeof SubscriptionSchema>;

export const MyMonthlyReportsSchema = z.object({ subscription: SubscriptionSchema.nullable(), sends: z.array(MonthlySendSchema) });
export type MyMonthlyReports = z.output<typeof MyMonthlyReportsSchema>;

export const RELAY_SECURITIES = ['starttls', 'tls', 'none'] as const;

/** The relay as the console shows it: the password never leaves the server, only whether one is set. */
export const MailRelaySchema = z.object({
  host: z.string(),
  port: z.number().int(),
  security: z.enum(RELAY_SECURITIES),
  username: z.string().nullable(),
  passwordSet: z.boolean(),
  fromAddress: z.string(),
});
export type MailRelay = z.output<typeof MailRelaySchema>;

/** A change of the relay; `password` absent keeps the stored one, null removes it. */
export const MailRelayRequestSchema = z.strictObject({
  host: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'a host name or an address'),
  port: z.number().int().min(1).max(65535),
  security: z.enum(RELAY_SECURITIES),
  username: cleanText(254).nullable(),
  password: z.string().max(512).nullable().optional(),
  fromAddress: EmailAddressSchema,
});
export type MailRelayRequest = z.output<typeof MailRelayRequestSchema>;

export const HolidaySchema = z.strictObject({ day: DayStringSchema, name: cleanText(120).pipe(z.string().trim().min(1)) });
export const HolidaysRequestSchema = z.strictObject({ holidays: z.array(HolidaySchema).max(400) });
export type Holiday = z.output<typeof HolidaySchema>;
