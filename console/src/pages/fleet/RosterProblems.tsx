import { useTranslation } from 'react-i18next';
import type { RosterProblem } from '../../../../shared/fleet';

/** A reason code in words; a code a newer kiosk sent that this console does not know shows as it is. */
export function useRosterReason(): (reason: string) => string {
  const { t } = useTranslation();
  return (reason) => t(`rosterProblems.reason.${reason}`, { defaultValue: reason });
}

/** The fleet table's short form: the kiosk is in error, how many rows it left out, and the first reasons. */
export function RosterProblemsSummary({ problems }: { problems: RosterProblem[] }) {
  const { t } = useTranslation();
  const reasonOf = useRosterReason();
  const first = problems.slice(0, 2).map((p) => (p.staffId ? `${p.staffId}: ${reasonOf(p.reason)}` : reasonOf(p.reason)));
  return (
    <span className="roster-problems" data-testid="roster-problems-summary">
      <strong>{t('rosterProblems.summary', { count: problems.length })}</strong>
      <span className="row-detail">{first.join('; ') + (problems.length > first.length ? '; …' : '')}</span>
    </span>
  );
}

/** The kiosk page's full list: one row per left-out roster row, by staff id and reason (no names). */
export function RosterProblemsTable({ problems }: { problems: RosterProblem[] }) {
  const { t } = useTranslation();
  const reasonOf = useRosterReason();
  return (
    <div className="roster-problems" role="alert">
      <p>
        <strong>{t('rosterProblems.summary', { count: problems.length })}</strong> {t('rosterProblems.hint')}
      </p>
      <table className="data dense" data-testid="roster-problems">
        <caption className="visually-hidden">{t('rosterProblems.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rosterProblems.staffColumn')}</th>
            <th scope="col">{t('rosterProblems.reasonColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, i) => (
            <tr key={`${problem.staffId ?? ''}-${problem.reason}-${i}`}>
              <td>{problem.staffId ?? '–'}</td>
              <td>{reasonOf(problem.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
