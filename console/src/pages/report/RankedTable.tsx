import { useTranslation } from 'react-i18next';
import type { ReportRow } from '../../../../shared/console/api';
import { Link } from '../../routing/router';
import { reportHref, type ReportState } from '../../routing/routes';
import { CountsCells, CountsHead } from '../../components/CountsRow';

/**
 * Units below, counters or officers, ranked by satisfaction rate (the server ranks; rows with too
 * few ratings come after, unranked). Each name is a link one level down, with the same period.
 */
export function RankedTable({ rows, kind, state, testId }: { rows: ReportRow[]; kind: ReportRow['kind']; state: ReportState; testId: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  const detail = (row: ReportRow) => {
    if (!row.detail) return null;
    if (row.kind === 'unit') return t(`levels.${row.detail}`, { defaultValue: row.detail });
    if (row.kind === 'counter') return t(`deskRole.${row.detail}`, { defaultValue: row.detail });
    return row.detail;
  };
  return (
    <section aria-labelledby={`${testId}-heading`} className="panel">
      <h2 id={`${testId}-heading`}>{t(`report.ranked.${kind}.heading`)}</h2>
      <table className="data ranked" data-testid={testId}>
        <caption className="visually-hidden">{t(`report.ranked.${kind}.caption`)}</caption>
        <CountsHead before={t('report.columns.rank')} first={t(`report.ranked.${kind}.name`)} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="num">{row.rank ?? '–'}</td>
              <th scope="row">
                <Link href={reportHref({ kind: row.kind, id: row.id }, state)}>{row.name}</Link>
                {/* A unit's level and a counter's desk are short: on the same line, the table stays dense. */}
                {detail(row) && <span className={row.kind === 'staff' ? 'row-detail' : 'row-detail inline'}>{detail(row)}</span>}
              </th>
              <CountsCells counts={row.counts} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
