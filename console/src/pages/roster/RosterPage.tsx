import { useTranslation } from 'react-i18next';
import { roleManagesWholeRoster } from '../../../../shared/console/roster';
import { PageHeading } from '../../components/PageHeading';
import { Link } from '../../routing/router';
import { ROSTER_PARTS, type RosterPart } from '../../routing/routes';
import { useSession } from '../../session/session';
import { CountersList } from './CountersList';
import { RosterImport } from './RosterImport';
import { StaffList } from './StaffList';
import { UnitsList } from './UnitsList';

/**
 * The roster (docs/roster.md): staff, counters and units, each a searched, paged table with a form
 * to add or edit, and the import of HR's files with a preview. The server checks role and scope.
 */
export function RosterPage({ part }: { part: RosterPart }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const wholeRoster = roleManagesWholeRoster(user.role);
  const parts = ROSTER_PARTS.filter((p) => p !== 'import' || wholeRoster);
  return (
    <div className="roster-page">
      <PageHeading title={`${t('roster.title')} – ${t(`roster.parts.${part}`)}`} />
      <nav aria-label={t('roster.partsLabel')} className="sub-nav">
        <ul>
          {parts.map((p) => (
            <li key={p}>
              <Link href={`/roster/${p}`} aria-current={p === part ? 'page' : undefined} data-testid={`roster-${p}`}>
                {t(`roster.parts.${p}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {part === 'staff' && <StaffList />}
      {part === 'counters' && <CountersList />}
      {part === 'units' && <UnitsList editable={wholeRoster} />}
      {part === 'import' && (wholeRoster ? <RosterImport /> : <p>{t('shell.notAllowed')}</p>)}
    </div>
  );
}
