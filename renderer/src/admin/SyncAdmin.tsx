import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../shared/sync-status';
import { kiosk } from '../kiosk';

/** The admin route: `#admin` in the address (web host, development). Citizens never see it. */
export function isAdminRoute(): boolean {
  return window.location.hash === '#admin';
}

/** Renders the IT staff's sync panel on the admin route, the kiosk otherwise. */
export function AdminOr({ app }: { app: ReactNode }) {
  return isAdminRoute() ? <SyncAdmin /> : <>{app}</>;
}

/** Dates and numbers in the panel's language; times always in Vietnam's time zone. */
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

/** The status table: label and value of each line, in the panel's language. */
export function statusRows(status: SyncStatus, t: TFunction, language: string): [string, ReactNode][] {
  const number = new Intl.NumberFormat(locale(language));
  const time = (at: number | null) => formatTime(at, language);
  return [
    [t('admin.sync.status'), t(`admin.sync.phase.${status.phase}`)],
    [t('admin.sync.server'), status.serverUrl ?? '—'],
    [t('admin.sync.serverSignsAnswers'), status.enrolled ? t(status.serverSignsAnswers ? 'admin.sync.yes' : 'admin.sync.no') : '—'],
    [t('admin.sync.deviceId'), status.serverDeviceId ?? '—'],
    [t('admin.sync.unit'), status.unitId ?? '—'],
    [t('admin.sync.pending'), number.format(status.pendingCount)],
    [t('admin.sync.oldestPending'), formatAge(status.oldestPendingAgeMs, t, language)],
    [t('admin.sync.quarantined'), number.format(status.quarantinedCount)],
    [t('admin.sync.lastSuccess'), time(status.lastSuccessAt)],
    [t('admin.sync.lastError'), status.lastError ? `${time(status.lastError.at)}: ${status.lastError.message}` : '—'],
    [t('admin.sync.clockOffset'), status.clockOffsetMs === null ? '—' : t('admin.sync.milliseconds', { ms: number.format(status.clockOffsetMs) })],
    [t('admin.sync.secretStorage'), status.secretStorage],
    [t('admin.sync.enrolmentError'), status.enrolment.error?.message ?? '—'],
  ];
}

/** IT staff: enrol this kiosk with the provincial server and watch its sync (docs/sync.md). */
export function SyncAdmin() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const [status, setStatus] = useState<SyncStatus | null>(null);
  // The core's own error text, or the queued notice (kept as such so it follows a language switch).
  const [message, setMessage] = useState<{ queued: true } | { error: string } | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [replace, setReplace] = useState(false);

  useEffect(() => {
    let live = true;
    const refresh = () =>
      void kiosk.getSyncStatus().then((result) => {
        if (!live) return;
        if (result.ok) setStatus(result.value);
        else setMessage({ error: result.error.message });
      });
    refresh();
    const timer = setInterval(refresh, 2_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const enrol = async (event: FormEvent) => {
    event.preventDefault();
    const result = await kiosk.enrollDevice({ serverUrl, enrollmentCode: code, ...(replace ? { replace } : {}) });
    if (result.ok) {
      setStatus(result.value);
      setMessage({ queued: true });
      setCode('');
    } else {
      setMessage({ error: result.error.message });
    }
  };

  const rows = status ? statusRows(status, t, language) : [];


  return (
    <main className="sync-admin" lang={language}>
      <header className="topbar">
        <h1>{t('admin.sync.title')}</h1>
        <LanguageSwitch />
      </header>
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status && status.quarantined.length > 0 && (
        <ul aria-label={t('admin.sync.quarantinedList')}>
          {status.quarantined.map((q) => (
            <li key={q.id}>
              #{q.seq} {q.id}: {q.reason}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void enrol(event)}>
        <h2>{t('admin.sync.enrolTitle')}</h2>
        <label>
          {t('admin.sync.serverUrl')}
          <input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder={t('admin.sync.serverUrlPlaceholder')} required />
        </label>
        <label>
          {t('admin.sync.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" required />
        </label>
        {status?.enrolled && (
          <label>
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> {t('admin.sync.replace')}
          </label>
        )}
        <button type="submit">{t('admin.sync.enrol')}</button>
      </form>
      {message && <p role="status">{'queued' in message ? t('admin.sync.queued') : message.error}</p>}
    </main>
  );
}
