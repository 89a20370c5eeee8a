import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegritySettings } from '../../../../shared/console/integrity';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, ErrorText, Loading } from '../../components/Notices';
import { SaveFooter } from '../../components/SaveFooter';
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
  const id = useId();
  const editable = user.role === 'province';
  const [numbers, setNumbers] = useState<Record<string, string>>(() => Object.fromEntries(NUMBER_FIELDS.map((key) => [key, String(settings[key])])));
  const [mailUnitHeads, setMailUnitHeads] = useState(settings.mailUnitHeads);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    // Sent as typed: the server checks every value and names the one out of range.
    const change = {
      ...settings,
      ...Object.fromEntries(NUMBER_FIELDS.map((key) => [key, Number(numbers[key]?.trim() === '' ? NaN : numbers[key])])),
      mailUnitHeads,
    } as IntegritySettings;
    try {
      await api.saveIntegritySettings(change);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <form className="form-grid" onSubmit={submit} data-testid="integrity-settings-form">
      {NUMBER_FIELDS.map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{t(`review.settings.field.${key}`)}</label>
          <input id={`${id}-${key}`} inputMode="decimal" value={numbers[key]} onChange={(e) => setNumbers({ ...numbers, [key]: e.target.value })} required readOnly={!editable} />
        </div>
      ))}
      <div className="field wide">
        <label>
          <input type="checkbox" checked={mailUnitHeads} onChange={(e) => setMailUnitHeads(e.target.checked)} disabled={!editable} /> {t('review.settings.field.mailUnitHeads')}
        </label>
      </div>
      {error && (
        <p className="notice notice-error form-error" role="alert">
          <ErrorText error={error} />
        </p>
      )}
      {editable && <SaveFooter saved={saved} savedText={t('review.settings.saved')} saveLabel={t('review.settings.save')} />}
    </form>
  );
}
