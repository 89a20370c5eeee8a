/**
 * Fleet management in protocol v1, added compatibly (docs/protocol.md "Pairing", "Heartbeat",
 * "Commands"): a kiosk that is not enrolled asks to be paired and waits for IT staff to approve it
 * in the console; a heartbeat says what the kiosk applied and what it could not, how much disk it
 * has left, and what became of the commands IT staff sent it; the heartbeat's answer carries the
 * commands waiting for it.
 */
import { z } from 'zod';
import { cleanText, DeviceEpochMs, EpochMs, RecordId, UuidV7 } from './schema-helpers';
import { KioskSettingsShape } from './settings';

/** A pairing code as a kiosk shows it: six Crockford base32 characters (no I, L, O, U) in two groups. */
export const PAIRING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/;

/** The pairing code IT staff type, in its shown form: case, spaces and dashes do not matter. */
export function normalizePairingCode(typed: string): string | null {
  const raw = typed.replace(/[\s-]/g, '').toUpperCase();
  const code = `${raw.slice(0, 3)}-${raw.slice(3)}`;
  return PAIRING_CODE_PATTERN.test(code) ? code : null;
}

/** POST /api/v1/pairings (unsigned): a kiosk that is not enrolled asks to be paired. */
export const PairingRequestSchema = z.strictObject({
  deviceName: cleanText(100).pipe(z.string().trim().min(1)),
  appVersion: z.string().min(1).max(32),
});
export type PairingRequest = z.input<typeof PairingRequestSchema>;

export const PairingCreatedSchema = z.object({
  pairingId: UuidV7,
  pairingCode: z.string().regex(PAIRING_CODE_PATTERN),
  /** Known only to the kiosk: it alone can collect the answer. */
  pollToken: z.string().min(32).max(256),
  expiresAt: EpochMs,
  serverTime: EpochMs,
});
export type PairingCreated = z.output<typeof PairingCreatedSchema>;

/** POST /api/v1/pairings/poll (unsigned): the kiosk asks what IT staff decided. */
export const PairingPollRequestSchema = z.strictObject({ pairingId: UuidV7, pollToken: z.string().min(32).max(256) });

export const PAIRING_STATES = ['pending', 'approved', 'refused', 'expired'] as const;
export type PairingState = (typeof PAIRING_STATES)[number];

export const PairingPollResponseSchema = z.object({
  status: z.enum(PAIRING_STATES),
  /** When approved: a single-use enrolment code bound to the unit and counter IT staff chose; the kiosk enrols with it. */
  enrollmentCode: z.string().trim().min(6).max(64).optional(),
  serverTime: EpochMs,
});
export type PairingPollResponse = z.output<typeof PairingPollResponseSchema>;

/** What IT staff can ask a kiosk to do from the console. */
export const KIOSK_COMMAND_KINDS = ['sync_now', 'reload_screen', 'send_diagnostics', 'repull'] as const;
export type KioskCommandKind = (typeof KIOSK_COMMAND_KINDS)[number];

/** A command in the heartbeat's answer. Kiosks ignore kinds they do not know (answered failed). */
export const KioskCommandSchema = z.object({ id: UuidV7, kind: z.string().min(1).max(40) });
export type KioskCommand = z.output<typeof KioskCommandSchema>;

/** "send_diagnostics": the kiosk's state and the last lines of its sync journal; never a comment, a code or a secret. */
export const DiagnosticsSchema = z.strictObject({
  status: z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).refine((value) => Object.keys(value).length <= 60, 'at most 60 entries'),
  log: z.array(cleanText(500)).max(200),
});
export type Diagnostics = z.output<typeof DiagnosticsSchema>;

export const CommandResultSchema = z.strictObject({
  id: UuidV7,
  outcome: z.enum(['done', 'failed']),
  /** Kiosk clock. */
  at: DeviceEpochMs,
  error: cleanText(500).nullable().optional(),
  diagnostics: DiagnosticsSchema.optional(),
});
export type CommandResult = z.output<typeof CommandResultSchema>;

/**
 * Why a roster row could not be applied on a kiosk (docs/protocol.md "Heartbeat"): the kiosk applies
 * every other row and keeps rating. Codes only, never a name; a newer kiosk may send codes this
 * version does not know, which the server keeps and shows as they are.
 */
export const ROSTER_PROBLEM_REASONS = [
  'duplicate_badge',
  'unknown_unit',
  'invalid_staff',
  'invalid_counter',
  'counter_unknown_unit',
  'invalid_unit',
  'invalid_badges',
  'invalid_pin',
  'not_applied',
] as const;
export type RosterProblemReason = (typeof ROSTER_PROBLEM_REASONS)[number];
export const RosterProblemSchema = z.strictObject({
  staffId: RecordId.optional(),
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
});
export type RosterProblem = z.output<typeof RosterProblemSchema>;
/** Roster problems a heartbeat carries at most (the kiosk reports the first ones). */
export const ROSTER_PROBLEMS_REPORTED = 50;

/**
 * The heartbeat's fleet fields, all optional (kiosks before them leave them out). Versions are the
 * ETags of the roster and config answers the kiosk applied.
 */
export const HeartbeatFleetFields = {
  freeDiskBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  rosterVersion: z.string().min(1).max(128).nullable().optional(),
  settingsVersion: z.string().min(1).max(128).nullable().optional(),
  /** Settings of the config the kiosk could not apply ("idleTimeoutMs: …"); the others were applied. */
  settingsProblems: z.array(cleanText(300)).max(50).optional(),
  /** Rows of the roster the kiosk applied that it had to leave out (it applied the others); [] once all applied. */
  rosterProblems: z.array(RosterProblemSchema).max(ROSTER_PROBLEMS_REPORTED).optional(),
  /** The counter the kiosk rates for now (chosen on the kiosk when the server assigned none). */
  counterId: RecordId.nullable().optional(),
  commandResults: z.array(CommandResultSchema).max(20).optional(),
};

/** The heartbeat's answer: the server's clock and the commands waiting for this kiosk (absent: none). */
export const HeartbeatResponseSchema = z.object({
  serverTime: EpochMs,
  commands: z.array(KioskCommandSchema).max(20).optional(),
});
export type HeartbeatResponse = z.output<typeof HeartbeatResponseSchema>;

/** A known setting whose value is not even of its type: the answer is not protocol v1 at all. */
function hasWrongType(settings: Record<string, unknown>): boolean {
  return Object.entries(settings).some(([key, value]) => {
    const schema = (KioskSettingsShape as Record<string, z.ZodType>)[key];
    const parsed = schema?.safeParse(value);
    return parsed !== undefined && !parsed.success && parsed.error.issues.some((issue) => issue.code === 'invalid_type');
  });
}

/**
 * The config answer as a kiosk reads it: settings key by key, so that one value this version
 * cannot take (out of its range or format: a newer server's) leaves the others to apply, and a key
 * it does not know is ignored. A value of the wrong type refuses the whole answer.
 */
export const ConfigEnvelopeSchema = z.object({
  settings: z.record(z.string(), z.unknown()).refine((settings) => !hasWrongType(settings), 'a setting of the wrong type'),
  counterId: RecordId.nullable().optional(),
  /** Revision 3: the protocol revision the server speaks (docs/protocol.md "Record chain"). */
  revision: z.number().int().min(1).optional(),
  serverTime: EpochMs,
});
