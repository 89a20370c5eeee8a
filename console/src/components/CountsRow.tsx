import { useTranslation } from 'react-i18next';
import type { Counts } from '../../../shared/console/api';
import { Count, Percent } from './Figures';

/** The three levels of the national scale, best first, with their fields in Counts. */
export const LEVELS = [
  { level: 3, count: 'verySatisfied', pct: 'verySatisfiedPct' },
  { level: 2, count: 'satisfied', pct: 'satisfiedPct' },
  { level: 1, count: 'notSatisfied', pct: 'notSatisfiedPct' },
] as const;

/** Column heads of a table of counts: ratings, satisfaction rate, the three shares. */
export function CountsHead({ first, before }: { first: string; before?: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {before !== undefined && (
          <th scope="col" className="num">
            {before}
          </th>
        )}
        <th scope="col">{first}</th>
        <th scope="col" className="num">
          {t('report.columns.ratings')}
        </th>
        <th scope="col" className="num">
          {t('report.columns.satisfaction')}
        </th>
        {LEVELS.map(({ level }) => (
          <th scope="col" className="num" key={level}>
            {t(`scale.vn3.${level}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function CountsCells({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="num">
        <Count value={counts.ratings} />
      </td>
      {counts.tooFew ? (
        <td colSpan={1 + LEVELS.length} className="too-few">
          {t('report.tooFew')}
        </td>
      ) : (
        <>
          <td className="num strong">
            <Percent value={counts.satisfactionPct} tooFew={false} />
          </td>
          {LEVELS.map(({ level, pct }) => (
            <td className="num" key={level}>
              <Percent value={counts[pct]} tooFew={false} />
            </td>
          ))}
        </>
      )}
    </>
  );
}
