import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegritySettings } from '../../../../shared/console/integrity';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { SettingsNumberForm } from '../../components/SettingsNumberForm';
import { useSession } from '../../session/session';

const NUMBER_FIELDS = [
  'burstSeconds',
  'burstMinRatings',
  'shareSpikePoints',
  'shareSpikeVolumeFactor',
  'shareSpikeMinRatings',
  'negativeSharePct',
  'alertWindowDays',
  'alertMinRatings',
  'dropPoints',
] as const satisfies readonly (keyof IntegritySettings)[];

/** The gaming checks' and the alerts' thresholds (docs/integrity.md): the province changes them, unit heads read them. */
export function IntegritySettingsSection() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const view = useApiData('integrity-settings', (signal) => api.integritySettings(signal));
  return (
    <section aria-labelledby={`${id}-settings`} className="panel">
      <h2 id={`${id}-settings`}>{t('review.settings.title')}</h2>
      {view.state === 'loading' && <Loading />}
      {view.state === 'failed' && <ErrorNotice error={view.error} />}
      {view.state === 'ready' && <IntegritySettingsForm settings={view.data} />}
    </section>
  );
}

function IntegritySettingsForm({ settings }: { settings: IntegritySettings }) {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const [mailUnitHeads, setMailUnitHeads] = useState(settings.mailUnitHeads);
  return (
    <SettingsNumberForm
      testId="integrity-settings-form"
      fields={NUMBER_FIELDS}
      values={settings}
      labelPrefix="review.settings.field"
      inputMode="decimal"
      editable={user.role === 'province'}
      onSave={(numbers) => api.saveIntegritySettings({ ...settings, ...numbers, mailUnitHeads })}
      savedText={t('review.settings.saved')}
      saveLabel={t('review.settings.save')}
    >
      <div className="field wide">
        <label>
          <input type="checkbox" checked={mailUnitHeads} onChange={(e) => setMailUnitHeads(e.target.checked)} disabled={user.role !== 'province'} /> {t('review.settings.field.mailUnitHeads')}
        </label>
      </div>
    </SettingsNumberForm>
  );
}
