import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetAlertSettings, FleetAlertSettingsView } from '../../../../shared/console/fleet';
import { ApiError, asApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, ErrorText, Loading } from '../../components/Notices';
import { useSession } from '../../session/session';
import { SaveFooter } from '../../components/SaveFooter';

const NUMBER_FIELDS = ['graceMinutes', 'offlineAlertMinutes', 'backlogAlertMinutes', 'diskAlertMb'] as const;

/** The fleet's alert thresholds and who is e-mailed when an alert begins (docs/fleet.md "Alerts"). */
export function AlertSettingsSection() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const view = useApiData('fleet-alert-settings', (signal) => api.fleetAlertSettings(signal));
  return (
    <section aria-labelledby={`${id}-alerts`} className="panel">
      <h2 id={`${id}-alerts`}>{t('fleet.alertSettings.title')}</h2>
      {view.state === 'loading' && <Loading />}
      {view.state === 'failed' && <ErrorNotice error={view.error} />}
      {view.state === 'ready' && <AlertSettingsForm view={view.data} />}
    </section>
  );
}

function AlertSettingsForm({ view }: { view: FleetAlertSettingsView }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [numbers, setNumbers] = useState<Record<string, string>>(() => Object.fromEntries(NUMBER_FIELDS.map((key) => [key, String(view.settings[key])])));
  const [emails, setEmails] = useState(view.settings.alertEmails.join('\n'));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    // Sent as typed: the server checks every value and names the one out of range.
    const settings = {
      ...Object.fromEntries(NUMBER_FIELDS.map((key) => [key, Number(numbers[key]?.trim() === '' ? NaN : numbers[key])])),
      alertEmails: emails.split(/[\s,;]+/).filter(Boolean),
    } as unknown as FleetAlertSettings;
    try {
      await api.saveFleetAlertSettings(settings);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <form className="form-grid" onSubmit={submit} data-testid="alert-settings-form">
      {NUMBER_FIELDS.map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{t(`fleet.alertSettings.field.${key}`)}</label>
          <input id={`${id}-${key}`} inputMode="numeric" value={numbers[key]} onChange={(e) => setNumbers({ ...numbers, [key]: e.target.value })} required data-setting={key} />
        </div>
      ))}
      <div className="field wide">
        <label htmlFor={`${id}-emails`}>{t('fleet.alertSettings.field.alertEmails')}</label>
        <textarea id={`${id}-emails`} rows={3} value={emails} onChange={(e) => setEmails(e.target.value)} aria-describedby={`${id}-emails-hint`} data-setting="alertEmails" />
        <span className="hint" id={`${id}-emails-hint`}>
          {view.relaySet ? t('fleet.alertSettings.emailsHint') : t('fleet.alertSettings.noRelay')}
        </span>
      </div>
      {error && (
        <p className="notice notice-error form-error" role="alert" data-testid="alert-settings-error">
          <ErrorText error={error} />
        </p>
      )}
      <SaveFooter saved={saved} savedText={t('fleet.alertSettings.saved')} saveLabel={t('fleet.alertSettings.save')} />
    </form>
  );
}
