import type { TFunction } from 'i18next';
import type { ConnectionTest } from '../../../shared/kiosk-admin';
import type { KioskError } from '../../../shared/result';
import type { SyncError, SyncStatus } from '../../../shared/sync-status';

/** Dates and numbers in the screen's language; times always in Vietnam's time zone. */
function locale(language: string): string {
  return language === 'en' ? 'en-GB' : 'vi-VN';
}

export function formatTime(at: number | null, language: string): string {
  return at === null ? '—' : new Date(at).toLocaleString(locale(language), { timeZone: 'Asia/Ho_Chi_Minh' });
}

/** An age in whole minutes up to two hours, in whole hours beyond. */
export function formatAge(ms: number | null, t: TFunction, language: string): string {
  if (ms === null) return '—';
  const number = new Intl.NumberFormat(locale(language));
  const minutes = Math.round(ms / 60_000);
  return minutes < 120
    ? t('admin.sync.minutes', { minutes: number.format(minutes) })
    : t('admin.sync.hours', { hours: number.format(Math.round(minutes / 60)) });
}

/** A sync error in the screen's language, from its code: never the journal's English message. */
export function syncErrorText(error: SyncError | null, t: TFunction, language: string): string {
  return error ? t('admin.screen.errorAt', { time: formatTime(error.at, language), error: t(`admin.error.${error.code}`) }) : '—';
}

/** An ETag as a version: its quotes and weak mark are noise to IT staff. */
export function versionText(etag: string | null, t: TFunction): string {
  return etag ? etag.replace(/^W\//, '').replace(/"/g, '') : t('admin.screen.notYet');
}

/**
 * Where the device secret is kept, in the screen's language: the stores describe themselves in
 * English for logs (electron/core/sync/secret-store.ts, electron/main/device-secret.ts); the
 * known descriptions are named here, Electron's backend kept as it is (a technical name).
 */
export function secretStorageText(description: string, t: TFunction): string {
  const backend = /backend (\w+)|safeStorage \((\w+)\)/.exec(description);
  const named = backend?.[1] ?? backend?.[2];
  const kind = description.startsWith('file readable')
    ? 'file'
    : description.startsWith('memory only')
      ? 'memory'
      : description.startsWith('a 0600 file, not encrypted')
        ? 'plainFile'
        : description.includes('fixed key')
          ? 'fixedKey'
          : description.startsWith('encrypted by Electron safeStorage')
            ? 'safeStorage'
            : 'other';
  return t(`admin.secretStorage.${kind}`) + (named ? ` (${named})` : '');
}

export interface StatusLine {
  key: string;
  label: string;
  value: string;
  /** Shown as a warning (an error, a backlog, an unprotected secret). */
  warn?: boolean;
}

/** The status, line by line, in the screen's language: what IT staff check first comes first. */
export function statusLines(status: SyncStatus, t: TFunction, language: string): StatusLine[] {
  const number = new Intl.NumberFormat(locale(language));
  const yesNo = (value: boolean) => t(value ? 'admin.sync.yes' : 'admin.sync.no');
  return [
    { key: 'phase', label: t('admin.sync.status'), value: t(`admin.sync.phase.${status.phase}`), warn: status.phase === 'retrying' || status.phase === 'storage_unavailable' },
    { key: 'server', label: t('admin.sync.server'), value: status.serverUrl ?? status.pairing?.serverUrl ?? t('admin.screen.noServer') },
    { key: 'pending', label: t('admin.sync.pending'), value: number.format(status.pendingCount) },
    { key: 'oldestPending', label: t('admin.sync.oldestPending'), value: formatAge(status.oldestPendingAgeMs, t, language) },
    { key: 'lastError', label: t('admin.sync.lastError'), value: syncErrorText(status.lastError, t, language), warn: status.lastError !== null },
    { key: 'lastSuccess', label: t('admin.sync.lastSuccess'), value: formatTime(status.lastSuccessAt, language) },
    { key: 'rosterVersion', label: t('admin.screen.rosterVersion'), value: versionText(status.versions.roster, t) },
    { key: 'settingsVersion', label: t('admin.screen.settingsVersion'), value: versionText(status.versions.settings, t) },
    { key: 'quarantined', label: t('admin.sync.quarantined'), value: number.format(status.quarantinedCount), warn: status.quarantinedCount > 0 },
    { key: 'unit', label: t('admin.sync.unit'), value: status.unitId ?? '—' },
    { key: 'deviceId', label: t('admin.sync.deviceId'), value: status.serverDeviceId ?? '—' },
    { key: 'serverSignsAnswers', label: t('admin.sync.serverSignsAnswers'), value: status.enrolled ? yesNo(status.serverSignsAnswers) : '—' },
    {
      key: 'clockOffset',
      label: t('admin.sync.clockOffset'),
      value: status.clockOffsetMs === null ? '—' : t('admin.sync.milliseconds', { ms: number.format(status.clockOffsetMs) }),
    },
    {
      key: 'secretStorage',
      label: t('admin.sync.secretStorage'),
      value: status.secretStorageProtected
        ? secretStorageText(status.secretStorage, t)
        : `${t('admin.sync.secretNotProtected')} (${secretStorageText(status.secretStorage, t)})`,
      warn: !status.secretStorageProtected,
    },
    { key: 'enrolmentError', label: t('admin.sync.enrolmentError'), value: syncErrorText(status.enrolment.error, t, language), warn: status.enrolment.error !== null },
  ];
}

/** What the connection test found, in the screen's language. */
export function connectionTestText(test: ConnectionTest, t: TFunction, language: string): string {
  const number = new Intl.NumberFormat(locale(language));
  if (test.ok) {
    const how = t(test.signed ? 'admin.test.okSigned' : 'admin.test.okUnsigned');
    return test.roundTripMs === null ? how : `${how} ${t('admin.test.roundTrip', { ms: number.format(test.roundTripMs) })}`;
  }
  const problem = t(`admin.test.problem.${test.problem ?? 'server_error'}`);
  return test.httpStatus === null ? problem : `${problem} ${t('admin.test.httpStatus', { status: test.httpStatus })}`;
}

const KNOWN_REFUSALS = ['it_credential_required', 'it_credential_refused', 'throttled', 'bad_server_url', 'already_enrolled'];

/** A refused admin call in the screen's language: the core's reason when the screen knows it, a plain failure otherwise. */
export function refusalText(error: KioskError, t: TFunction): string {
  if (error.code === 'rate_limited') return t('admin.refusal.throttled');
  if (error.reason && KNOWN_REFUSALS.includes(error.reason)) return t(`admin.refusal.${error.reason}`);
  if (error.code === 'invalid_input') return t('admin.refusal.invalid_input');
  if (error.code === 'storage_unavailable') return t('admin.error.storage_unavailable');
  if (error.code === 'not_found') return t('admin.refusal.not_found');
  return t('admin.refusal.generic');
}
