import { useTranslation } from 'react-i18next';
import type { Report } from '../../../../shared/console/api';
import { Link } from '../../routing/router';
import { reportHref, type ReportState } from '../../routing/routes';

/** Where the user is in the drill-down, from the top of their scope; every step up is a link with the same period. */
export function Breadcrumbs({ path, state }: { path: Report['path']; state: ReportState }) {
  const { t } = useTranslation();
  if (path.length < 2) return null;
  return (
    <nav aria-label={t('report.breadcrumbs')} className="breadcrumbs">
      <ol>
        {path.map((crumb, index) => (
          <li key={`${crumb.kind}:${crumb.id ?? ''}`}>
            {index === path.length - 1 ? (
              <span aria-current="page">{crumb.name}</span>
            ) : (
              <Link href={reportHref({ kind: crumb.kind, id: crumb.id }, state)}>{crumb.name}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
