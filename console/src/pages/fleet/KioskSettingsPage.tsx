import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { useSession } from '../../session/session';
import { unitsInTreeOrder } from '../unit-tree';
import { AlertSettingsSection } from './AlertSettingsForm';
import { SettingsForm } from './SettingsForm';

/** Kiosk settings for every kiosk or per unit, with the value in force (a kiosk's own are on its page). */
export function KioskSettingsPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const id = useId();
  const [unitId, setUnitId] = useState('*');
  const units = useApiData('units', (signal) => api.units(signal));
  const settings = useApiData(`kiosk-settings:${unitId}`, (signal) => api.unitSettings(unitId, signal));
  return (
    <div className="kiosk-settings-page">
      <PageHeading title={t('fleet.settings.title')} />
      <p className="hint">{t('fleet.settings.intro')}</p>
      <div className="filters">
        <div className="field wide">
          <label htmlFor={`${id}-unit`}>{t('fleet.settings.level')}</label>
          <select id={`${id}-unit`} value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="settings-unit">
            <option value="*">{t('fleet.settings.everyKiosk')}</option>
            {unitsInTreeOrder(units.state === 'ready' ? units.data : []).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0\u00a0'.repeat(depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {settings.state === 'loading' && <Loading />}
      {settings.state === 'failed' && <ErrorNotice error={settings.error} />}
      {settings.state === 'ready' && (
        <SettingsForm
          key={unitId}
          effective={settings.data.effective}
          own={settings.data.own}
          onSave={async (values) => {
            await api.saveUnitSettings(unitId, values);
            settings.reload();
          }}
        />
      )}
      <AlertSettingsSection />
    </div>
  );
}
