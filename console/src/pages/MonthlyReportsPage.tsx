import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Holiday, MailRelay, MonthlySend } from '../../../shared/console/monthly-reports';
import { ApiError, asApiError } from '../api/client';
import { useApiData } from '../api/use-api';
import { ErrorNotice, Loading } from '../components/Notices';
import { PageHeading } from '../components/PageHeading';
import { formatDateTime, formatMonth } from '../format/numbers';
import { useSession } from '../session/session';
import { SaveFooter } from '../components/SaveFooter';


/**
 * Monthly reports by e-mail: the province and unit heads subscribe an address and see what was
 * sent to them; administrators set the province's SMTP relay and the public holidays, and see
 * every send, with another try for those that failed.
 */
export function MonthlyReportsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <div className="monthly-reports-page">
      <PageHeading title={t('monthly.title')} />
      <p>{t('monthly.intro')}</p>
      {user.role === 'admin' ? (
        <>
          <RelayForm />
          <HolidaysForm />
          <AllSends />
        </>
      ) : (
        <MySubscription />
      )}
    </div>
  );
}

function SendsTable({ sends, caption, onRetry }: { sends: MonthlySend[]; caption: string; onRetry?: (send: MonthlySend) => void }) {
  const { t } = useTranslation();
  if (sends.length === 0) return <p>{t('monthly.noSends')}</p>;
  return (
    <table className="data" data-testid="monthly-sends">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('monthly.month')}</th>
          {onRetry && <th scope="col">{t('monthly.account')}</th>}
          <th scope="col">{t('monthly.email')}</th>
          <th scope="col">{t('monthly.status')}</th>
          <th scope="col" className="num">
            {t('monthly.attempts')}
          </th>
          <th scope="col">{t('monthly.detail')}</th>
          {onRetry && (
            <th scope="col">
              <span className="visually-hidden">{t('accounts.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {sends.map((send) => (
          <tr key={`${send.userId}-${send.month}`} data-status={send.status}>
            <th scope="row">{formatMonth(send.month)}</th>
            {onRetry && <td>{send.login}</td>}
            <td>{send.email}</td>
            <td>{t(`monthly.statuses.${send.status}`)}</td>
            <td className="num">{send.attempts}</td>
            <td>
              {send.status === 'sent' && send.sentAt !== null && t('monthly.sentAt', { at: formatDateTime(send.sentAt) })}
              {send.status === 'failed' && (send.nextAttemptAt !== null ? t('monthly.nextAttempt', { at: formatDateTime(send.nextAttemptAt) }) : t('monthly.gaveUp'))}
              {send.lastError && <span className="hint"> {send.lastError}</span>}
            </td>
            {onRetry && (
              <td>{(send.status === 'failed' || send.status === 'uncertain') && <button type="button" onClick={() => onRetry(send)}>{t('monthly.retry')}</button>}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MySubscription() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const mine = useApiData('monthly-mine', (signal) => api.myMonthlyReports(signal));
  const [email, setEmail] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (mine.state === 'loading') return <Loading />;
  if (mine.state === 'failed') return <ErrorNotice error={mine.error} />;
  const current = mine.data.subscription;
  const value = email ?? current?.email ?? '';
  const act = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      setEmail(null);
      mine.reload();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(() => api.subscribe(value), t('monthly.subscribed', { email: value.trim() }));
  };
  return (
    <>
      <form onSubmit={submit} className="panel form-panel form-grid" data-testid="subscription-form" noValidate>
        <p>{current ? t('monthly.subscribedTo', { email: current.email }) : t('monthly.notSubscribed')}</p>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('monthly.email')}</label>
          <input id={`${id}-email`} type="email" autoComplete="email" value={value} onChange={(e) => setEmail(e.target.value)} aria-invalid={error?.field === 'email' || undefined} />
        </div>
        {error && <ErrorNotice error={error} />}
        {notice && (
          <p className="notice notice-ok" role="status">
            {notice}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {current ? t('monthly.change') : t('monthly.subscribe')}
          </button>
          {current && (
            <button type="button" onClick={() => void act(() => api.unsubscribe(), t('monthly.unsubscribed'))}>
              {t('monthly.unsubscribe')}
            </button>
          )}
        </div>
      </form>
      <SendsTable sends={mine.data.sends} caption={t('monthly.mySends')} />
    </>
  );
}

function RelayForm() {
  const { api } = useSession();
  const relay = useApiData('mail-relay', (signal) => api.mailRelay(signal));
  if (relay.state === 'loading') return <Loading />;
  if (relay.state === 'failed') return <ErrorNotice error={relay.error} />;
  return <RelayFields relay={relay.data} />;
}

function RelayFields({ relay }: { relay: MailRelay | null }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [draft, setDraft] = useState({
    host: relay?.host ?? '',
    port: String(relay?.port ?? 587),
    security: relay?.security ?? 'starttls',
    username: relay?.username ?? '',
    password: '',
    fromAddress: relay?.fromAddress ?? '',
  });
  const [passwordSet, setPasswordSet] = useState(relay?.passwordSet ?? false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const field = (name: keyof typeof draft) => ({ id: `${id}-${name}`, value: draft[name], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const next = await api.saveMailRelay({
        host: draft.host,
        port: Number(draft.port),
        security: draft.security,
        username: draft.username.trim() || null,
        ...(draft.password ? { password: draft.password } : {}),
        fromAddress: draft.fromAddress,
      });
      setPasswordSet(next.passwordSet);
      setDraft({ ...draft, password: '' });
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <form onSubmit={submit} className="panel form-panel form-grid" data-testid="relay-form" noValidate>
      <h2>{t('monthly.relay.heading')}</h2>
      <div className="field">
        <label htmlFor={`${id}-host`}>{t('monthly.relay.host')}</label>
        <input {...field('host')} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-port`}>{t('monthly.relay.port')}</label>
        <input {...field('port')} type="number" min={1} max={65535} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-security`}>{t('monthly.relay.security')}</label>
        <select {...field('security')}>
          {(['starttls', 'tls', 'none'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`monthly.relay.securities.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-username`}>{t('monthly.relay.username')}</label>
        <input {...field('username')} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('monthly.relay.password')}</label>
        <input {...field('password')} type="password" autoComplete="new-password" aria-describedby={`${id}-password-hint`} />
        <span className="hint" id={`${id}-password-hint`}>
          {passwordSet ? t('monthly.relay.passwordKept') : t('monthly.relay.passwordNone')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-fromAddress`}>{t('monthly.relay.from')}</label>
        <input {...field('fromAddress')} type="email" required />
      </div>
      {error && <ErrorNotice error={error} />}
      <SaveFooter saved={saved} savedText={t('monthly.relay.saved')} saveLabel={t('settings.save')} />
    </form>
  );
}

/** Holidays as lines "YYYY-MM-DD Name", the way an official copies them from the government's notice. */
function HolidaysForm() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const holidays = useApiData('mail-holidays', (signal) => api.holidays(signal));
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  if (holidays.state === 'loading') return <Loading />;
  if (holidays.state === 'failed') return <ErrorNotice error={holidays.error} />;
  const value = text ?? holidays.data.map((h) => `${h.day} ${h.name}`).join('\n');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const list: Holiday[] = value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => ({ day: line.slice(0, 10), name: line.slice(10).trim() }));
    try {
      await api.saveHolidays(list);
      setText(null);
      setSaved(true);
      holidays.reload();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <form onSubmit={submit} className="panel form-panel form-grid" data-testid="holidays-form">
      <h2>{t('monthly.holidays.heading')}</h2>
      <div className="field">
        <label htmlFor={`${id}-holidays`}>{t('monthly.holidays.label')}</label>
        <textarea id={`${id}-holidays`} rows={6} value={value} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-holidays-hint`} />
        <span className="hint" id={`${id}-holidays-hint`}>
          {t('monthly.holidays.hint')}
        </span>
      </div>
      {error && <ErrorNotice error={error} />}
      <SaveFooter saved={saved} savedText={t('monthly.holidays.saved')} saveLabel={t('settings.save')} />
    </form>
  );
}

function AllSends() {
  const { t } = useTranslation();
  const { api } = useSession();
  const sends = useApiData('monthly-sends', (signal) => api.monthlySends(signal));
  const [error, setError] = useState<ApiError | null>(null);
  if (sends.state === 'loading') return <Loading />;
  if (sends.state === 'failed') return <ErrorNotice error={sends.error} />;
  const retry = async (send: MonthlySend) => {
    setError(null);
    try {
      await api.retrySend(send.userId, send.month);
      sends.reload();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section className="panel" aria-labelledby="monthly-sends-heading">
      <h2 id="monthly-sends-heading">{t('monthly.allSends')}</h2>
      <p>{t('monthly.subscribers', { count: sends.data.subscriptions.length })}</p>
      {error && <ErrorNotice error={error} />}
      <SendsTable sends={sends.data.sends} caption={t('monthly.allSends')} onRetry={(send) => void retry(send)} />
    </section>
  );
}
