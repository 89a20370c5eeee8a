import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleSettings } from '../../../../shared/console/api';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { useSession } from '../../session/session';
import { SaveFooter, useSave } from '../../components/SaveFooter';

/** The console's settings (administrators): the minimum number of ratings behind any figure. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const settings = useApiData('settings', (signal) => api.settings(signal));
  return (
    <div className="settings-page">
      <PageHeading title={t('settings.title')} />
      {settings.state === 'loading' && <Loading />}
      {settings.state === 'failed' && <ErrorNotice error={settings.error} />}
      {settings.state === 'ready' && <SettingsForm settings={settings.data} />}
    </div>
  );
}

function SettingsForm({ settings }: { settings: ConsoleSettings }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [minimum, setMinimum] = useState(String(settings.minRatingsForFigures));
  const { error, saved, submit } = useSave(async () => {
    const next = await api.saveSettings({ minRatingsForFigures: Number(minimum) });
    setMinimum(String(next.minRatingsForFigures));
  });
  return (
    <form onSubmit={submit} className="panel form-panel form-grid" data-testid="settings-form">
      <div className="field">
        <label htmlFor={`${id}-minimum`}>{t('settings.minRatingsForFigures')}</label>
        <input
          id={`${id}-minimum`}
          type="number"
          min={1}
          max={1000}
          step={1}
          required
          value={minimum}
          onChange={(e) => setMinimum(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <span className="hint" id={`${id}-hint`}>
          {t('settings.minRatingsHint')}
        </span>
      </div>
      {error && <ErrorNotice error={error} />}
      <SaveFooter saved={saved} savedText={t('settings.saved')} saveLabel={t('settings.save')} />
    </form>
  );
}
