import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionResponse } from '../../../shared/console/api';
import { ApiError, asApiError, type ConsoleApi } from '../api/client';
import { ErrorText } from '../components/Notices';
import { PageHeading } from '../components/PageHeading';
import { LanguageSwitch } from '../shell/LanguageSwitch';

/** Sign-in with login and password; `reason` says why the user is here again (an expired session). */
export function SignInPage({ api, reason, onSignedIn }: { api: ConsoleApi; reason: string | null; onSignedIn: (session: SessionResponse) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(login, password));
    } catch (caught) {
      setError(asApiError(caught));
      setPassword('');
      setBusy(false);
    }
  };
  return (
    <div className="sign-in-page">
      <header className="sign-in-top">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="sign-in-main">
        <form onSubmit={submit} className="panel sign-in-form" data-testid="sign-in-form" aria-describedby={error ? `${id}-error` : undefined}>
          <PageHeading title={t('signIn.title')} />
          <p className="sign-in-lead">{t('signIn.lead')}</p>
          {reason && !error && (
            <p className="notice" role="status">
              {t(`errors.${reason}`, { defaultValue: t('errors.session_expired') })}
            </p>
          )}
          <div className="field">
            <label htmlFor={`${id}-login`}>{t('signIn.login')}</label>
            <input id={`${id}-login`} name="username" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} data-testid="sign-in-login" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="sign-in-password"
            />
          </div>
          {error && (
            <p className="notice notice-error" role="alert" id={`${id}-error`} data-testid="sign-in-error">
              <ErrorText error={error} />
            </p>
          )}
          <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
            {t('signIn.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
