import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, asApiError } from '../../api/client';
import { ErrorNotice, ErrorText } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { formatDay } from '../../format/numbers';
import { useSession } from '../../session/session';

/** Named campaign periods (sơ kết, tổng kết, each year's evaluation): the province and administrators configure them. */
export function PeriodsPage() {
  const { t } = useTranslation();
  const { api, periods, refreshPeriods } = useSession();
  const id = useId();
  const [draft, setDraft] = useState({ name: '', from: '', to: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await refreshPeriods();
      setNotice(done);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.createCampaignPeriod(draft);
      setDraft({ name: '', from: '', to: '' });
    }, t('campaigns.created', { name: draft.name.trim() }));
  };

  return (
    <div className="periods-page">
      <PageHeading title={t('campaigns.title')} />
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      {error && !busy && <ErrorNotice error={error} />}
      <table className="data" data-testid="campaigns-table">
        <caption>{t('campaigns.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('campaigns.name')}</th>
            <th scope="col">{t('periods.from')}</th>
            <th scope="col">{t('periods.to')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('accounts.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {periods.campaigns.length === 0 && (
            <tr>
              <td colSpan={4}>{t('campaigns.none')}</td>
            </tr>
          )}
          {periods.campaigns.map((campaign) => (
            <tr key={campaign.id}>
              <th scope="row">{campaign.name}</th>
              <td>{formatDay(campaign.from)}</td>
              <td>{formatDay(campaign.to)}</td>
              <td>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('campaigns.deleteOne', { name: campaign.name })}
                  onClick={() => {
                    if (window.confirm(t('campaigns.confirmDelete', { name: campaign.name }))) void run(() => api.deleteCampaignPeriod(campaign.id), t('campaigns.deleted', { name: campaign.name }));
                  }}
                >
                  {t('campaigns.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby={`${id}-heading`} className="panel form-panel">
        <h2 id={`${id}-heading`}>{t('campaigns.createHeading')}</h2>
        <form onSubmit={create} className="form-grid">
          <div className="field grow">
            <label htmlFor={`${id}-name`}>{t('campaigns.name')}</label>
            <input id={`${id}-name`} value={draft.name} maxLength={120} required onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('periods.from')}</label>
            <input id={`${id}-from`} type="date" value={draft.from} required onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('periods.to')}</label>
            <input id={`${id}-to`} type="date" value={draft.to} required onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          {error?.field && (
            <p className="notice notice-error form-error">
              <ErrorText error={error} />
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('campaigns.create')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
