/**
 * The console's fleet API (`/api/console/v1/fleet/…`, docs/fleet.md): kiosks at a glance, one
 * kiosk's history, pairing, enrolment codes at scale, settings per unit and kiosk, commands and
 * alerts. The server parses requests with these schemas; the console imports types only.
 */
import { z } from 'zod';
import { KIOSK_COMMAND_KINDS, PAIRING_STATES, type RosterProblem } from '../fleet';
import { RecordId } from '../schema-helpers';

export const KIOSK_STATUSES = ['online', 'late', 'offline', 'closed', 'retired'] as const;
export type KioskStatus = (typeof KIOSK_STATUSES)[number];

export const ALERT_KINDS = ['offline', 'backlog', 'clock', 'roster_not_applied', 'settings_not_applied', 'disk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface FleetKiosk {
  deviceId: string;
  name: string;
  unitId: string;
  unitName: string;
  counterId: string | null;
  counterName: string | null;
  deskRole: string | null;
  appVersion: string;
  status: KioskStatus;
  enrolledAt: number;
  lastHeartbeatAt: number | null;
  pendingCount: number | null;
  oldestPendingAgeMs: number | null;
  clockOffsetMs: number | null;
  freeDiskBytes: number | null;
  rosterVersion: string | null;
  settingsVersion: string | null;
  /** The kiosk reported a version other than the one last served, or settings it could not apply. */
  rosterBehind: boolean;
  settingsBehind: boolean;
  settingsProblems: string[];
  /** Roster rows the kiosk reported it left out (it applied the others); [] once a roster applied whole. */
  rosterProblems: RosterProblem[];
  lastError: string | null;
  lastErrorAt: number | null;
  updater: { phase: string; version: string | null; error: string | null } | null;
  openAlerts: AlertKind[];
}

export interface FleetAlert {
  id: number;
  deviceId: string;
  deviceName: string;
  unitName: string;
  kind: AlertKind;
  startedAt: number;
  endedAt: number | null;
  detail: Record<string, unknown>;
  mailedAt: number | null;
  mailError: string | null;
}

export interface FleetPairing {
  id: string;
  code: string;
  deviceName: string;
  appVersion: string;
  address: string | null;
  createdAt: number;
  expiresAt: number;
  status: (typeof PAIRING_STATES)[number];
  decidedAt: number | null;
  decidedBy: string | null;
  unitId: string | null;
  counterId: string | null;
  deviceId: string | null;
}

export interface FleetCounter {
  id: string;
  unitId: string;
  name: string;
  deskRole: string;
}

export interface FleetOverview {
  kiosks: FleetKiosk[];
  counts: Record<KioskStatus, number>;
  alerts: FleetAlert[];
  pairings: FleetPairing[];
  counters: FleetCounter[];
  now: number;
}

export interface HeartbeatRecord {
  at: number;
  appVersion: string;
  pendingCount: number;
  oldestPendingAgeMs: number | null;
  clockOffsetMs: number | null;
  freeDiskBytes: number | null;
  lastError: string | null;
  problems: string[];
}

export interface KioskCommandView {
  id: string;
  kind: string;
  createdAt: number;
  createdBy: string | null;
  state: 'queued' | 'delivered' | 'done' | 'failed' | 'expired';
  deliveredAt: number | null;
  finishedAt: number | null;
  error: string | null;
  diagnostics: { status: Record<string, string | number | boolean | null>; log: string[] } | null;
}

export type SettingSource = 'default' | 'province' | 'unit' | 'kiosk';
export type EffectiveSettings = Record<string, { value: unknown; source: SettingSource }>;

export interface KioskDetail {
  kiosk: FleetKiosk;
  heartbeats: HeartbeatRecord[];
  alerts: FleetAlert[];
  commands: KioskCommandView[];
  settings: { effective: EffectiveSettings; own: Record<string, unknown> };
  counters: FleetCounter[];
  /** The server's clock when it answered: ages are counted from it. */
  now: number;
}

/**
 * One invalid setting of a refused change (the `issues` of an `invalid_setting` answer): the
 * console names the field by its label and gives `limit` in the unit its form uses.
 */
export interface SettingIssue {
  /** The setting's key (`idleTimeoutMs`, `openingHours`). */
  setting: string;
  /** Where inside it, e.g. `openingHours.0.from`. */
  path: string;
  problem: 'too_small' | 'too_big' | 'too_few' | 'too_many' | 'wrong_type' | 'time_format' | 'closes_before_opens' | 'unsafe_pattern' | 'unknown_setting' | 'not_allowed' | 'invalid';
  /** The bound broken, in the setting's own unit (ms for `…Ms`). */
  limit?: number;
}

export interface UnitSettings {
  unitId: string | null;
  effective: EffectiveSettings;
  own: Record<string, unknown>;
}

export const ApprovePairingSchema = z.strictObject({
  /** The code the kiosk shows, as typed (case, spaces and dashes do not matter). */
  code: z.string().trim().min(6).max(12),
  unitId: RecordId,
  counterId: RecordId.nullable(),
});

export const MoveKioskSchema = z.strictObject({ counterId: RecordId });

export const SendCommandSchema = z.strictObject({
  deviceIds: z.array(RecordId).min(1).max(1000),
  kind: z.enum(KIOSK_COMMAND_KINDS),
});

export const EnrolmentCodesRequestSchema = z.strictObject({
  unitId: RecordId,
  /** The counters to make codes for; absent: every counter of the unit. */
  counterIds: z.array(RecordId).min(1).max(1000).optional(),
  days: z.number().int().min(1).max(90).default(7),
});

/**
 * The codes just made (EnrolmentCodesRequest), each as one kiosk's provisioning file: the server
 * finds each code's counter by its hash, so only codes it issued for the unit, unused and still
 * valid, become files; the kiosks will enrol with `serverUrl`.
 */
export const ProvisioningFilesRequestSchema = z.strictObject({
  unitId: RecordId,
  /** The server's address as the kiosks reach it (http(s), no path). */
  serverUrl: z.string().trim().min(1).max(300),
  codes: z.array(z.string().trim().min(6).max(64)).min(1).max(1000),
});
export type ProvisioningFilesRequest = z.input<typeof ProvisioningFilesRequestSchema>;

export interface IssuedCode {
  counterId: string;
  counterName: string;
  deskRole: string;
  code: string;
  expiresAt: number;
  /** The code as a QR (SVG), for the printed sheet. */
  qrSvg: string;
}

export const FleetAlertSettingsSchema = z.strictObject({
  /** Extra silence tolerated beyond the heartbeat interval before a kiosk is late. */
  graceMinutes: z.number().int().min(0).max(120),
  /** An offline kiosk raises an alert after this long, during opening hours. */
  offlineAlertMinutes: z.number().int().min(5).max(24 * 60),
  /** The oldest rating waiting on a kiosk may be this old before an alert. */
  backlogAlertMinutes: z.number().int().min(5).max(7 * 24 * 60),
  /** Free disk under this many MB is "almost full". */
  diskAlertMb: z.number().int().min(50).max(100_000),
  /** Who is e-mailed when an alert begins (SMTP set in the mail settings); none: alerts stay in the console. */
  alertEmails: z.array(z.email().max(200)).max(20),
});
export type FleetAlertSettings = z.output<typeof FleetAlertSettingsSchema>;

export const DEFAULT_FLEET_ALERT_SETTINGS: FleetAlertSettings = {
  graceMinutes: 2,
  offlineAlertMinutes: 30,
  backlogAlertMinutes: 60,
  diskAlertMb: 500,
  alertEmails: [],
};

/** "A clock off by more than two minutes" (the issue): fixed, not a setting. */
export const CLOCK_ALERT_MS = 2 * 60_000;

/** The alert settings as the console shows them: whether mail can go out at all (the monthly reports' relay). */
export interface FleetAlertSettingsView {
  settings: FleetAlertSettings;
  relaySet: boolean;
}

