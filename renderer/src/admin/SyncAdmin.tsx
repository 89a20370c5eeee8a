import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ItCredential } from '../../../shared/it-credential';
import type { KioskError } from '../../../shared/result';
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
    [
      t('admin.sync.secretStorage'),
      status.secretStorageProtected ? status.secretStorage : `${t('admin.sync.secretNotProtected')} (${status.secretStorage})`,
    ],
    [t('admin.sync.enrolmentError'), status.enrolment.error?.message ?? '—'],
  ];
}

/** What IT staff typed to prove they are an IT officer: a badge code (scanned into the field) or staff id and PIN. */
export interface CredentialFields {
  badgeCode: string;
  staffId: string;
  pin: string;
}

/** The credential to send: the badge when one was scanned, else the staff id and PIN; none when empty. */
export function itCredentialFrom(fields: CredentialFields): ItCredential | undefined {
  if (fields.badgeCode.trim()) return { badgeCode: fields.badgeCode.trim() };
  if (fields.staffId.trim() && fields.pin) return { staffId: fields.staffId.trim(), pin: fields.pin };
  return undefined;
}

/** A refusal in the panel's language where the core gave a reason the panel knows; the core's own text otherwise. */
export function refusalText(error: KioskError, t: TFunction): string {
  const known = ['it_credential_required', 'it_credential_refused', 'throttled'];
  return error.reason && known.includes(error.reason) ? t(`admin.sync.refusal.${error.reason}`) : error.message;
}

/** Re-enrolment of an enrolled kiosk: the IT officer's badge, or staff id and PIN (docs/sync.md#enrolment). */
export function ItCredentialFields({ fields, onChange }: { fields: CredentialFields; onChange: (fields: CredentialFields) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('admin.sync.itCredential')}</legend>
      <label>
        {t('admin.sync.itBadge')}
        <input value={fields.badgeCode} onChange={(e) => onChange({ ...fields, badgeCode: e.target.value })} autoComplete="off" />
      </label>
      <p>{t('admin.sync.itPinInstead')}</p>
      <label>
        {t('admin.sync.itStaffId')}
        <input value={fields.staffId} onChange={(e) => onChange({ ...fields, staffId: e.target.value })} autoComplete="off" />
      </label>
      <label>
        {t('admin.sync.itPin')}
        <input type="password" inputMode="numeric" value={fields.pin} onChange={(e) => onChange({ ...fields, pin: e.target.value })} autoComplete="off" />
      </label>
    </fieldset>
  );
}

const NO_CREDENTIAL: CredentialFields = { badgeCode: '', staffId: '', pin: '' };

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
  const [credential, setCredential] = useState<CredentialFields>(NO_CREDENTIAL);

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
    const itCredential = replace ? itCredentialFrom(credential) : undefined;
    const result = await kiosk.enrollDevice({ serverUrl, enrollmentCode: code, ...(replace ? { replace } : {}), ...(itCredential ? { itCredential } : {}) });
    // The credential is not kept on the screen, whatever the answer.
    setCredential(NO_CREDENTIAL);
    if (result.ok) {
      setStatus(result.value);
      setMessage({ queued: true });
      setCode('');
    } else {
      setMessage({ error: refusalText(result.error, t) });
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
        {status?.enrolled && replace && <ItCredentialFields fields={credential} onChange={setCredential} />}
        <button type="submit">{t('admin.sync.enrol')}</button>
      </form>
      {message && <p role="status">{'queued' in message ? t('admin.sync.queued') : message.error}</p>}
    </main>
  );
}
