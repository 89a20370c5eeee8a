import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { readPeriod } from '../periods/period-selection';
import { Link, useLocation } from '../routing/router';
import { commentsHref, reportHref, type Route } from '../routing/routes';
import { pagesFor, scopeSubject, type NavPage } from '../session/roles';
import { useSession } from '../session/session';
import { LanguageSwitch } from './LanguageSwitch';

/** Which entry of the page list a route belongs to (drill-down pages all belong to the overview). */
const NAV_PAGE_OF: Partial<Record<Route['page'], NavPage>> = {
  report: 'overview',
  // The ranking is the overview's other view of the same scope (components/ScopeViews.tsx).
  rankings: 'overview',
  comments: 'comments',
  fleet: 'fleet',
  kiosk: 'fleet',
  'kiosk-settings': 'kiosk-settings',
  enrolment: 'enrolment',
  badges: 'badges',
  'monthly-reports': 'monthly-reports',
  updates: 'updates',
  periods: 'periods',
  accounts: 'accounts',
  audit: 'audit',
  settings: 'settings',
  review: 'review',
  'record-chains': 'record-chains',
  roster: 'roster',
};

/**
 * The frame of every signed-in page: a skip link, who is signed in (name, role, scope), the pages
 * the role may open, the language, the password and sign-out; the page in <main>.
 */
export function Shell({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const { user, periods, signOut } = useSession();
  const { search } = useLocation();
  // Moving between pages keeps the period the user chose.
  const period = readPeriod(new URLSearchParams(search), periods.today);
  const href: Record<NavPage, string> = {
    overview: reportHref(scopeSubject(user), { period, deskRole: null }),
    comments: commentsHref({ period, unit: null, staff: null, score: null, q: '', page: 1 }),
    fleet: '/fleet',
    'kiosk-settings': '/fleet/settings',
    enrolment: '/fleet/enrolment',
    badges: '/badges',
    'monthly-reports': '/monthly-reports',
    updates: '/updates',
    periods: '/periods',
    accounts: '/accounts',
    audit: '/audit',
    settings: '/settings',
    review: '/review',
    'record-chains': '/integrity/chains',
    roster: '/roster/staff',
  };
  const current = NAV_PAGE_OF[route.page] ?? null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar-row">
          <span className="brand">{t('app.name')}</span>
          <div className="who" data-testid="who">
            <span className="who-name">{user.displayName}</span>
            <span className="who-role">
              {t(`roles.${user.role}`)} · {user.unitName ?? t('shell.wholeProvince')}
            </span>
          </div>
          <div className="topbar-actions">
            <LanguageSwitch />
            <Link href="/password" className="button-link" aria-current={route.page === 'password' ? 'page' : undefined}>
              {t('shell.changePassword')}
            </Link>
            <button type="button" onClick={() => void signOut()} data-testid="sign-out">
              {t('shell.signOut')}
            </button>
          </div>
        </div>
        <nav aria-label={t('shell.navigation')} className="main-nav">
          <ul>
            {pagesFor(user.role).map((page) => (
              <li key={page}>
                <Link href={href[page]} aria-current={current === page ? 'page' : undefined} data-testid={`nav-${page}`}>
                  {t(`shell.nav.${page}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
