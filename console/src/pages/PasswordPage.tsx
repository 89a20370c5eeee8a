import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, asApiError } from '../api/client';
import { ErrorNotice } from '../components/Notices';
import { PageHeading } from '../components/PageHeading';
import { useSession } from '../session/session';

/** One's own password: the current one, and the new one twice (other sessions of the account end). */
export function PasswordPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <div className="password-page">
      <PageHeading title={t('password.title')} />
      <form onSubmit={submit} className="panel form-panel form-narrow" data-testid="password-form">
        <div className="field">
          <label htmlFor={`${id}-current`}>{t('password.current')}</label>
          <input id={`${id}-current`} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-new`}>{t('password.new')}</label>
          <input
            id={`${id}-new`}
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-describedby={`${id}-hint`}
          />
          <span className="hint" id={`${id}-hint`}>
            {t('accounts.passwordHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-repeat`}>{t('password.repeat')}</label>
          <input id={`${id}-repeat`} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </div>
        {mismatch && (
          <p className="notice notice-error" role="alert">
            {t('password.mismatch')}
          </p>
        )}
        {error && <ErrorNotice error={error} />}
        {done && (
          <p className="notice notice-ok" role="status">
            {t('password.changed')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('password.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
