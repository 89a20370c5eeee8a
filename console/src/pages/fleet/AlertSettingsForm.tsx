import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetAlertSettingsView } from '../../../../shared/console/fleet';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { SettingsNumberForm } from '../../components/SettingsNumberForm';
import { useSession } from '../../session/session';

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
  const [emails, setEmails] = useState(view.settings.alertEmails.join('\n'));
  return (
    <SettingsNumberForm
      testId="alert-settings-form"
      fields={NUMBER_FIELDS}
      values={view.settings}
      labelPrefix="fleet.alertSettings.field"
      inputMode="numeric"
      onSave={(numbers) => api.saveFleetAlertSettings({ ...numbers, alertEmails: emails.split(/[\s,;]+/).filter(Boolean) })}
      savedText={t('fleet.alertSettings.saved')}
      saveLabel={t('fleet.alertSettings.save')}
      errorTestId="alert-settings-error"
    >
      <div className="field wide">
        <label htmlFor={`${id}-emails`}>{t('fleet.alertSettings.field.alertEmails')}</label>
        <textarea id={`${id}-emails`} rows={3} value={emails} onChange={(e) => setEmails(e.target.value)} aria-describedby={`${id}-emails-hint`} data-setting="alertEmails" />
        <span className="hint" id={`${id}-emails-hint`}>
          {view.relaySet ? t('fleet.alertSettings.emailsHint') : t('fleet.alertSettings.noRelay')}
        </span>
      </div>
    </SettingsNumberForm>
  );
}
