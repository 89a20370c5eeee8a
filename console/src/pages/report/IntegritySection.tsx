import { useTranslation } from 'react-i18next';
import type { ReportIntegrity } from '../../../../shared/console/integrity';
import { Count } from '../../components/Figures';
import { Link } from '../../routing/router';
import { useSession } from '../../session/session';

/**
 * What the report's figures leave out and why, what is flagged but still counted, and the ratings
 * with an uncertain time (docs/integrity.md), as a table; hidden when there is nothing to say.
 */
export function IntegritySection({ integrity }: { integrity: ReportIntegrity }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const reason = (r: string) => t(`review.reasons.${r}`);
  const rows: { key: string; label: string; ratings: number; detail?: string }[] = [
    { key: 'excluded', label: t('report.integrity.excluded'), ratings: integrity.excludedTotal, detail: integrity.excluded.map((l) => `${reason(l.reason)}: ${l.ratings}`).join('; ') },
    { key: 'held', label: t('report.integrity.held'), ratings: integrity.heldUntilReviewed },
    { key: 'unreviewed', label: t('report.integrity.unreviewed'), ratings: integrity.unreviewedTotal, detail: integrity.unreviewed.map((l) => `${reason(l.reason)}: ${l.ratings}`).join('; ') },
    {
      key: 'uncertain',
      label: t('report.integrity.uncertain'),
      ratings: integrity.uncertainTime.ratings,
      ...(integrity.uncertainTime.excluded > 0 ? { detail: `${t('report.integrity.uncertainExcluded')}: ${integrity.uncertainTime.excluded}` } : {}),
    },
  ];
  if (rows.every((row) => row.ratings === 0)) return null;
  return (
    <section aria-labelledby="integrity-heading" className="panel" data-testid="integrity-section">
      <h2 id="integrity-heading">{t('report.integrity.heading')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('report.integrity.line')}</th>
            <th scope="col" className="number">
              {t('report.integrity.ratings')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={`integrity-${row.key}`}>
              <th scope="row">
                {row.label}
                {row.detail && <span className="row-detail">{row.detail}</span>}
              </th>
              <td className="number">
                <Count value={row.ratings} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(user.role === 'province' || user.role === 'unit_head') && (
        <p>
          <Link href="/review">{t('report.integrity.reviewLink')}</Link>
        </p>
      )}
    </section>
  );
}
