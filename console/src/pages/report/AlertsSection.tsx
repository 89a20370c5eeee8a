import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api';
import { formatDateTime, formatPercent, languageOf } from '../../format/numbers';
import { useSession } from '../../session/session';

/**
 * The alerts on what citizens say in the user's scope (docs/integrity.md "Alerts"): open ones and
 * those ended in the last day, as a table; shown on the overview to the province and unit heads.
 */
export function AlertsSection() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const alerts = useApiData('satisfaction-alerts', (signal) => api.satisfactionAlerts(signal));
  if (alerts.state !== 'ready' || alerts.data.alerts.length === 0) return null;
  const language = languageOf(i18n.language);
  return (
    <section aria-labelledby="alerts-heading" className="panel" data-testid="satisfaction-alerts">
      <h2 id="alerts-heading">{t('report.alerts.heading')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('report.alerts.subject')}</th>
            <th scope="col">{t('report.alerts.kind')}</th>
            <th scope="col" className="number">
              {t('report.alerts.ratings')}
            </th>
            <th scope="col" className="number">
              {t('report.alerts.notSatisfied')}
            </th>
            <th scope="col" className="number">
              {t('report.alerts.satisfaction')}
            </th>
            <th scope="col">{t('report.alerts.since')}</th>
          </tr>
        </thead>
        <tbody>
          {alerts.data.alerts.map((alert) => (
            <tr key={alert.id} data-testid="satisfaction-alert">
              <th scope="row">
                {alert.subjectName}
                <span className="row-detail">{alert.unitName}</span>
              </th>
              <td>{t(`report.alerts.kinds.${alert.kind}`)}</td>
              <td className="number">{alert.detail.ratings}</td>
              <td className="number">{formatPercent(alert.detail.notSatisfiedPct, language)}</td>
              <td className="number">
                {formatPercent(alert.detail.satisfactionPct, language)}
                {alert.detail.usualSatisfactionPct != null && <span className="row-detail">{t('report.alerts.usual', { pct: formatPercent(alert.detail.usualSatisfactionPct, language) })}</span>}
              </td>
              <td className="nowrap">
                {formatDateTime(alert.startedAt)}
                {alert.endedAt !== null && <span className="row-detail">{t('report.alerts.ended', { at: formatDateTime(alert.endedAt) })}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
