import { useTranslation } from 'react-i18next';
import type { Counts, Report } from '../../../../shared/console/api';
import { CountsCells, CountsHead, LEVELS } from '../../components/CountsRow';
import { Count, LevelCount, Percent } from '../../components/Figures';
import { ShareBar } from '../../components/ShareBar';
import { formatPointChange, languageOf } from '../../format/numbers';
import { periodLabel } from '../../periods/period-label';
import { useSession } from '../../session/session';

/** The subject's totals: ratings, the satisfaction rate and its change, and the three shares beside it. */
export function TotalsSection({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const { periods } = useSession();
  const totals = report.measures.totals;
  const previous = report.previousTotals;
  const previousLabel = periodLabel(report.previousPeriod, t, periods.campaigns);
  const comparable = totals.satisfactionPct !== null && previous.satisfactionPct !== null && !totals.tooFew && !previous.tooFew;
  return (
    <section aria-labelledby="totals-heading" className="panel">
      <h2 id="totals-heading">{t('report.totals.heading')}</h2>
      <dl className="key-figures">
        <div>
          <dt>{t('report.totals.ratings')}</dt>
          <dd className="figure" data-testid="total-ratings">
            <Count value={totals.ratings} />
          </dd>
          <dd className="figure-note">
            {t('report.totals.previousRatings', { period: previousLabel })} <Count value={previous.ratings} />
          </dd>
        </div>
        <div>
          <dt>{t('report.totals.satisfaction')}</dt>
          <dd className="figure" data-testid="satisfaction-rate">
            <Percent value={totals.satisfactionPct} tooFew={totals.tooFew} />
          </dd>
          <dd className="figure-note" data-testid="satisfaction-change">
            {comparable
              ? t('report.totals.change', {
                  change: formatPointChange(totals.satisfactionPct! - previous.satisfactionPct!, languageOf(i18n.language)),
                  period: previousLabel,
                })
              : t('report.totals.noComparison', { period: previousLabel })}
            {comparable && (
              <>
                {' ('}
                <Percent value={previous.satisfactionPct} tooFew={false} />)
              </>
            )}
          </dd>
        </div>
      </dl>
      <ShareBar counts={totals} />
      <table className="data levels">
        <caption>{t('report.totals.levelsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.columns.level')}</th>
            <th scope="col" className="num">
              {t('report.columns.ratings')}
            </th>
            <th scope="col" className="num">
              {t('report.columns.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {LEVELS.map(({ level, count, pct }) => (
            <tr key={level}>
              <th scope="row">
                <span className={`swatch share-${level}`} aria-hidden="true" />
                {t(`scale.vn3.${level}`)}
              </th>
              <td className="num">
                <LevelCount counts={totals} value={totals[count]} />
              </td>
              <td className="num">
                <Percent value={totals[pct]} tooFew={totals.tooFew} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Reception and results desks apart, and both together. */
export function DeskRolesSection({ report }: { report: Report }) {
  const { t } = useTranslation();
  const rows: { key: string; label: string; counts: Counts }[] = [
    { key: 'reception', label: t('deskRole.reception'), counts: report.byDeskRole.reception },
    { key: 'results', label: t('deskRole.results'), counts: report.byDeskRole.results },
  ];
  return (
    <section aria-labelledby="desks-heading" className="panel">
      <h2 id="desks-heading">{t('report.desks.heading')}</h2>
      <table className="data">
        <caption className="visually-hidden">{t('report.desks.caption')}</caption>
        <CountsHead first={t('report.columns.desk')} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={`desk-${row.key}`}>
              <th scope="row">{row.label}</th>
              <CountsCells counts={row.counts} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
