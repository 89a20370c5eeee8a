import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrendPoint } from '../../../../shared/console/api';
import { Count, Percent } from '../../components/Figures';
import { formatCount, formatMonth, formatPercent, languageOf } from '../../format/numbers';

const TrendChart = lazy(() => import('../../charts/TrendChart'));

export interface TrendSeries {
  /** The subject first; on officer pages the unit and the province follow. */
  label: string;
  trend: TrendPoint[];
}

/** Ratings and the satisfaction rate month by month: a chart, and its numbers as a table. */
export function TrendSection({ series }: { series: TrendSeries[] }) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const subject = series[0]!;
  const months = subject.trend.map((p) => p.month);
  const chart = useMemo(
    () => ({
      months: months.map(formatMonth),
      // One subject: its page names it. Several (an officer's page): each line says whose it is.
      bars: { name: series.length > 1 ? t('report.trend.ratingsOf', { name: subject.label }) : t('report.columns.ratings'), values: subject.trend.map((p) => p.counts.ratings) },
      lines: series.map((s) => ({
        name: series.length > 1 ? t('report.trend.satisfactionOf', { name: s.label }) : t('report.columns.satisfaction'),
        values: months.map((month) => {
          const point = s.trend.find((p) => p.month === month);
          return point && !point.counts.tooFew ? point.counts.satisfactionPct : null;
        }),
      })),
      description: t('report.trend.description', {
        name: subject.label,
        from: formatMonth(months[0] ?? ''),
        to: formatMonth(months[months.length - 1] ?? ''),
      }),
      percentAxisLabel: (value: number) => formatPercent(value, language).replace(/[.,]0(?=\D*$)/, ''),
      countAxisLabel: (value: number) => formatCount(value, language),
    }),
    // The chart is redrawn when the data or the language changes, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, language],
  );
  if (months.length === 0) return null;
  return (
    <section aria-labelledby="trend-heading" className="panel trend">
      <h2 id="trend-heading">{t('report.trend.heading')}</h2>
      <figure>
        <Suspense fallback={<div className="trend-chart" />}>
          <TrendChart {...chart} />
        </Suspense>
        <figcaption>{t('report.trend.tableNote')}</figcaption>
      </figure>
      <details className="chart-table" data-testid="trend-table">
        <summary>{t('report.trend.showTable', { months: months.length })}</summary>
        <table className="data">
          <caption>{t('report.trend.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.columns.month')}</th>
              {series.map((s, index) => [
                <th scope="col" className="num" key={`${index}-n`}>
                  {series.length > 1 ? t('report.trend.ratingsOf', { name: s.label }) : t('report.columns.ratings')}
                </th>,
                <th scope="col" className="num" key={`${index}-pct`}>
                  {series.length > 1 ? t('report.trend.satisfactionOf', { name: s.label }) : t('report.columns.satisfaction')}
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {months.map((month) => (
              <tr key={month}>
                <th scope="row">{formatMonth(month)}</th>
                {series.map((s, index) => {
                  const point = s.trend.find((p) => p.month === month);
                  return [
                    <td className="num" key={`${index}-n`}>
                      {point ? <Count value={point.counts.ratings} /> : '–'}
                    </td>,
                    <td className="num" key={`${index}-pct`}>
                      {point ? <Percent value={point.counts.satisfactionPct} tooFew={point.counts.tooFew} /> : '–'}
                    </td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
