import { useTranslation } from 'react-i18next';
import type { Ranking, RankingRow } from '../../../../shared/console/rankings';
import { Count, Percent } from '../../components/Figures';
import { formatPercent, languageOf } from '../../format/numbers';
import { Link } from '../../routing/router';
import { reportHref, type RankingsState } from '../../routing/routes';

/**
 * Ranked rows: the rank, who (a link to their report, same period and desk), the count, the
 * satisfaction rate with its 95% interval, and the score they are ranked by.
 */
export function RankingTable({ ranking, rows, state, heading, caption, testId }: { ranking: Ranking; rows: RankingRow[]; state: RankingsState; heading: string | null; caption: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const headingId = `${testId}-heading`;
  const table = (
    <table className="data ranked ranking" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            {t('report.columns.rank')}
          </th>
          <th scope="col">{t(`rankings.columns.${ranking.by}`)}</th>
          <th scope="col" className="num">
            {t('report.columns.ratings')}
          </th>
          <th scope="col" className="num">
            {t('report.columns.satisfaction')}
          </th>
          <th scope="col" className="num">
            {t('rankings.columns.interval')}
          </th>
          <th scope="col" className="num">
            {t('rankings.columns.score')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td className="num">{row.rank}</td>
            <th scope="row">
              <Link href={reportHref({ kind: ranking.by === 'staff' ? 'staff' : 'unit', id: row.key }, { period: state.period, deskRole: state.deskRole })}>{row.name}</Link>
              <span className="row-detail">{ranking.by === 'staff' ? [row.detail, row.unitName].filter(Boolean).join(' · ') : t(`levels.${row.detail ?? ''}`, { defaultValue: row.detail ?? '' })}</span>
            </th>
            <td className="num">
              <Count value={row.counts.ratings} />
            </td>
            <td className="num">
              <Percent value={row.counts.satisfactionPct} tooFew={row.counts.tooFew} />
            </td>
            <td className="num">
              {row.ciLowPct !== null && row.ciHighPct !== null ? t('rankings.interval', { low: formatPercent(row.ciLowPct, language), high: formatPercent(row.ciHighPct, language) }) : '–'}
            </td>
            <td className="num strong">{row.scorePct === null ? '–' : formatPercent(row.scorePct, language, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (heading === null) return table;
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{heading}</h2>
      {table}
    </section>
  );
}
