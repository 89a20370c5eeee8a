import { useTranslation } from 'react-i18next';
import { roleReadsRankings } from '../../../shared/console/constants';
import type { Period } from '../periods/period-selection';
import { Link } from '../routing/router';
import { rankingsHref, reportHref, type ReportSubject } from '../routing/routes';
import { useSession } from '../session/session';

/**
 * The two views of a scope for those who rank (the province and unit heads): its report, and its
 * fair ranking for rewards — the same unit and period, one click apart.
 */
export function ScopeViews({ subject, period, current }: { subject: ReportSubject; period: Period; current: 'report' | 'rankings' }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!roleReadsRankings(user.role) || subject.kind === 'counter' || subject.kind === 'staff') return null;
  const unit = subject.kind === 'unit' ? subject.id : null;
  const views = [
    { key: 'report', href: reportHref(subject, { period, deskRole: null }), label: t('rankings.views.report') },
    { key: 'rankings', href: rankingsHref({ period, by: 'staff', unit, deskRole: null, minRatings: null, weight: null }), label: t('rankings.views.rankings') },
  ] as const;
  return (
    <nav className="scope-views" aria-label={t('rankings.views.label')}>
      <ul>
        {views.map((view) => (
          <li key={view.key}>
            <Link href={view.href} aria-current={current === view.key ? 'page' : undefined} data-testid={`view-${view.key}`}>
              {view.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
