import { useTranslation } from 'react-i18next';
import type { Behaviour } from '../../../../shared/console/api';
import { CRITERIA } from '../../../../shared/criteria';
import { Count, Percent } from '../../components/Figures';

export interface BehaviourColumn {
  /** Whose behaviours: the subject, or (officer pages) the unit and the province beside them. */
  label: string;
  behaviours: Behaviour[];
}

/**
 * The eight "4 xin, 4 luôn" behaviours: the share of "yes" among those who answered, and how many
 * answered (DOMAIN: "not answered" counts in neither).
 */
export function BehavioursSection({ columns }: { columns: BehaviourColumn[] }) {
  const { t } = useTranslation();
  const compare = columns.length > 1;
  return (
    <section aria-labelledby="behaviours-heading" className="panel">
      <h2 id="behaviours-heading">{t('report.behaviours.heading')}</h2>
      <table className="data behaviours">
        <caption>{t('report.behaviours.caption')}</caption>
        <thead>
          {compare && (
            <tr>
              <td />
              {columns.map((column) => (
                <th scope="colgroup" colSpan={2} key={column.label}>
                  {column.label}
                </th>
              ))}
            </tr>
          )}
          <tr>
            <th scope="col">{t('report.columns.behaviour')}</th>
            {columns.map((column) => [
              <th scope="col" className="num" key={`${column.label}-yes`}>
                {t('report.columns.yesShare')}
              </th>,
              <th scope="col" className="num" key={`${column.label}-answered`}>
                {t('report.columns.answered')}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {CRITERIA.map((criterion) => (
            <tr key={criterion.key} data-testid={`behaviour-${criterion.key}`}>
              <th scope="row">
                {t(criterion.labelKey)}
                <span className="group-tag">{t(`report.behaviours.group.${criterion.group}`)}</span>
              </th>
              {columns.map((column) => {
                const behaviour = column.behaviours.find((b) => b.key === criterion.key);
                return [
                  <td className="num strong" key={`${column.label}-yes`}>
                    {behaviour ? <Percent value={behaviour.yesPct} tooFew={behaviour.tooFew} /> : '–'}
                  </td>,
                  <td className="num" key={`${column.label}-answered`}>
                    {behaviour ? <Count value={behaviour.answered} /> : '–'}
                  </td>,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
