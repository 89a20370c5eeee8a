import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleUser, SessionResponse } from '../../shared/console/api';
import { roleReadsRankings } from '../../shared/console/constants';
import { ConsoleApi, type PeriodsAnswer } from './api/client';
import { Loading } from './components/Notices';
import { PageHeading } from './components/PageHeading';
import { applyAccountLanguage } from './i18n';
import { AccountsPage } from './pages/admin/AccountsPage';
import { AuditPage } from './pages/admin/AuditPage';
import { PeriodsPage } from './pages/admin/PeriodsPage';
import { SettingsPage } from './pages/admin/SettingsPage';
import { BadgesPage } from './pages/badges/BadgesPage';
import { CommentsPage } from './pages/CommentsPage';
import { EnrolmentPage } from './pages/fleet/EnrolmentPage';
import { FleetPage } from './pages/fleet/FleetPage';
import { KioskPage } from './pages/fleet/KioskPage';
import { KioskSettingsPage } from './pages/fleet/KioskSettingsPage';
import { MonthlyReportsPage } from './pages/MonthlyReportsPage';
import { UpdatesPage } from './pages/updates/UpdatesPage';
import { RosterPage } from './pages/roster/RosterPage';
import { PasswordPage } from './pages/PasswordPage';
import { RankingsPage } from './pages/rankings/RankingsPage';
import { RecordChainsPage } from './pages/RecordChainsPage';
import { ReportPage } from './pages/report/ReportPage';
import { ReviewPage } from './pages/review/ReviewPage';
import { SignInPage } from './pages/SignInPage';
import { defaultPeriod } from './periods/period-selection';
import { navigate, useLocation } from './routing/router';
import { parseRoute, redirectOf, reportHref, type Route } from './routing/routes';
import { mayOpen, scopeSubject } from './session/roles';
import { SessionContext, type Session } from './session/session';
import { Shell } from './shell/Shell';

type Auth = { state: 'checking' } | { state: 'signed-out'; reason: string | null } | { state: 'signed-in'; user: ConsoleUser; periods: PeriodsAnswer };

/** Signs the user in (or finds their session), then shows the page the URL names, if their role may open it. */
export function App() {
  const { i18n } = useTranslation();
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const [api] = useState(
    () =>
      new ConsoleApi(
        () => i18n.language,
        (code) => setAuth({ state: 'signed-out', reason: code }),
      ),
  );
  const location = useLocation();
  const route = parseRoute(location.pathname);

  const start = useCallback(
    async ({ user }: SessionResponse) => {
      try {
        const periods = await api.periods();
        applyAccountLanguage(user.locale);
        setAuth({ state: 'signed-in', user, periods });
      } catch {
        setAuth({ state: 'signed-out', reason: null });
      }
    },
    [api],
  );

  useEffect(() => {
    api.session().then(start, () => setAuth({ state: 'signed-out', reason: null }));
  }, [api, start]);

  // A section's path (/roster) shows its first page and says so in the address bar.
  useEffect(() => {
    const redirect = redirectOf(location.pathname);
    if (redirect) navigate(`${redirect}${location.search}`, { replace: true });
  }, [location.pathname, location.search]);

  // A signed-in user at / or at the sign-in page goes to the overview of their scope.
  const signedIn = auth.state === 'signed-in' ? auth : null;
  useEffect(() => {
    if (signedIn && (route.page === 'home' || route.page === 'sign-in')) {
      navigate(reportHref(scopeSubject(signedIn.user), { period: defaultPeriod(signedIn.periods.today), deskRole: null }), { replace: true });
    }
  }, [signedIn, route.page]);

  const refreshPeriods = useCallback(async () => {
    const periods = await api.periods();
    setAuth((current) => (current.state === 'signed-in' ? { ...current, periods } : current));
  }, [api]);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setAuth({ state: 'signed-out', reason: null });
      navigate('/sign-in');
    }
  }, [api]);

  if (auth.state === 'checking') return <Loading />;
  if (auth.state === 'signed-out') return <SignInPage api={api} reason={auth.reason} onSignedIn={(session) => void start(session)} />;
  const session: Session = { user: auth.user, api, periods: auth.periods, refreshPeriods, signOut };
  return (
    <SessionContext.Provider value={session}>
      <Shell route={route}>
        <Page route={route} user={auth.user} />
      </Shell>
    </SessionContext.Provider>
  );
}

function Page({ route, user }: { route: Route; user: ConsoleUser }) {
  switch (route.page) {
    case 'report':
      return <ReportPage key={`${route.subject.kind}:${route.subject.id ?? ''}`} subject={route.subject} />;
    case 'comments':
      return mayOpen(user.role, 'comments') ? <CommentsPage /> : <NotAllowed />;
    case 'rankings':
      return roleReadsRankings(user.role) ? <RankingsPage /> : <NotAllowed />;
    case 'monthly-reports':
      return mayOpen(user.role, 'monthly-reports') ? <MonthlyReportsPage /> : <NotAllowed />;
    case 'updates':
      return mayOpen(user.role, 'updates') ? <UpdatesPage /> : <NotAllowed />;
    case 'badges':
      return mayOpen(user.role, 'badges') ? <BadgesPage /> : <NotAllowed />;
    case 'accounts':
    case 'audit':
    case 'periods':
    case 'settings': {
      if (!mayOpen(user.role, route.page)) return <NotAllowed />;
      if (route.page === 'accounts') return <AccountsPage />;
      if (route.page === 'audit') return <AuditPage />;
      if (route.page === 'periods') return <PeriodsPage />;
      return <SettingsPage />;
    }
    case 'fleet':
      return mayOpen(user.role, 'fleet') ? <FleetPage /> : <NotAllowed />;
    case 'kiosk':
      return mayOpen(user.role, 'fleet') ? <KioskPage key={route.id} id={route.id} /> : <NotAllowed />;
    case 'kiosk-settings':
      return mayOpen(user.role, 'kiosk-settings') ? <KioskSettingsPage /> : <NotAllowed />;
    case 'enrolment':
      return mayOpen(user.role, 'enrolment') ? <EnrolmentPage /> : <NotAllowed />;
    case 'review':
      return mayOpen(user.role, 'review') ? <ReviewPage /> : <NotAllowed />;
    case 'record-chains':
      return <RecordChainsPage />;
    case 'roster':
      return mayOpen(user.role, 'roster') ? <RosterPage key={route.part} part={route.part} /> : <NotAllowed />;
    case 'password':
      return <PasswordPage />;
    case 'home':
    case 'sign-in':
      return <Loading />;
    case 'not-found':
      return <NotFound />;
  }
}

function NotAllowed() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('errors.forbidden')} />
      <p>{t('shell.notAllowed')}</p>
    </>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('errors.not_found')} />
      <p>{t('shell.notFound')}</p>
    </>
  );
}
