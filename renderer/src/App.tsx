import { useCallback, useEffect, useRef, useState } from 'react';
import { IdleCountdown } from './components/IdleCountdown';
import { LanguageSwitch } from './components/LanguageSwitch';
import { useTranslation } from 'react-i18next';
import type { KioskState } from '../../shared/contract';
import type { Locale } from '../../shared/rating';
import { DEFAULT_KIOSK_SETTINGS } from '../../shared/settings';
import { takeEarlyState } from './flow/early-state';
import { useRatingFlow, type ScreenName } from './flow/useRatingFlow';
import { kiosk } from './kiosk';
import { CommentScreen } from './screens/CommentScreen';
import { DetailsScreen } from './screens/DetailsScreen';
import { DossierScreen } from './screens/DossierScreen';
import { ErrorScreen } from './screens/ErrorScreen';
import { IdleScreen } from './screens/IdleScreen';
import { ThanksScreen } from './screens/ThanksScreen';
import { speak, type Prompt } from './sounds';
// Slot of the staff badge-login layer (issue 4): it overlays the citizen's screens when staff act.
import { StaffLayer } from './staff/StaffLayer';

const STATE_POLL_MS = 5_000;
/** Fired on window by anything that changed the kiosk's state (e.g. a staff login) to refresh at once. */
export const KIOSK_REFRESH_EVENT = 'kiosk:refresh';

const PROMPT_OF: Partial<Record<ScreenName, Prompt>> = {
  details: 'details',
  comment: 'comment',
  dossier: 'dossier',
  thanks: 'thanks',
};

export function App() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<KioskState | null>(null);
  const settings = state?.settings ?? DEFAULT_KIOSK_SETTINGS;
  const locale: Locale = i18n.language === 'en' ? 'en' : 'vi';

  const refresh = useCallback(() => {
    void kiosk.getKioskState().then((result) => {
      if (result.ok) setState(result.value);
    });
  }, []);

  // Each new citizen starts in the kiosk's default language (Vietnamese).
  const onFlowEnd = useCallback(() => {
    void i18n.changeLanguage(settings.defaultLocale);
    refresh();
  }, [i18n, refresh, settings.defaultLocale]);

  const flow = useRatingFlow(settings, locale, onFlowEnd);
  const { view } = flow;
  const { screen } = view;

  useEffect(() => {
    let mounted = true;
    void takeEarlyState().then((result) => {
      if (mounted && result.ok) setState(result.value);
    });
    const timer = setInterval(refresh, STATE_POLL_MS);
    window.addEventListener(KIOSK_REFRESH_EVENT, refresh);
    return () => {
      mounted = false;
      clearInterval(timer);
      window.removeEventListener(KIOSK_REFRESH_EVENT, refresh);
    };
  }, [refresh]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  // IT staff asked from the console for the screen to reload: done between citizens, never mid-flow.
  const reloadMark = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    if (!state) return;
    if (reloadMark.current === undefined) reloadMark.current = state.screenReloadRequestedAt;
    else if (state.screenReloadRequestedAt !== reloadMark.current && screen === 'idle') window.location.reload();
  }, [state, screen]);

  // Short spoken prompts, when the unit turned them on.
  const spoken = settings.spokenPrompts;
  const lastSpoken = useRef<ScreenName>('idle');
  useEffect(() => {
    const prompt = PROMPT_OF[screen];
    if (spoken && prompt && lastSpoken.current !== screen) speak(prompt, i18n.language);
    lastSpoken.current = screen;
  }, [screen, spoken, i18n.language]);

  return (
    <div className="kiosk" data-screen={screen}>
      <header className="topbar">
        <span className="brand" lang="vi">
          {t('app.name')}
        </span>
        <LanguageSwitch />
      </header>

      {state && !state.storage.ok && (
        <p className="it-warning" role="status">
          {t('admin.storageProblem', { error: state.storage.error ?? '' })}
        </p>
      )}
      {state?.storage.movedAside.map((file) => (
        <p className="it-warning" role="status" key={file.path}>
          {t('admin.movedAside', { path: file.path })}
        </p>
      ))}

      <main className="stage">
        {screen === 'idle' && (
          <IdleScreen state={state} saving={view.saving} coolingDown={view.coolingDown} onRate={flow.rate} />
        )}
        {screen === 'details' && (
          <DetailsScreen
            score={view.flow.score}
            criteria={view.flow.criteria}
            hasComment={view.flow.comment.trim() !== ''}
            dossierCode={view.flow.dossierCode}
            showDossier={state?.counter?.deskRole === 'results'}
            saveFailed={view.detailsSaveFailed}
            onCriterion={flow.setCriterion}
            onComment={() => flow.open('comment')}
            onDossier={() => flow.open('dossier')}
            onDone={flow.done}
          />
        )}
        {screen === 'comment' && (
          <CommentScreen comment={view.flow.comment} language={i18n.language} onChange={flow.setComment} onDone={() => flow.open('details')} />
        )}
        {screen === 'dossier' && (
          <DossierScreen
            initialCode={view.flow.dossierCode}
            pattern={settings.dossierCodePattern}
            saveStatus={view.dossierSaveStatus}
            onSave={flow.saveDossierCode}
            onClose={() => flow.open('details')}
          />
        )}
        {screen === 'thanks' && <ThanksScreen />}
        {screen === 'error' && (
          <ErrorScreen code={view.error ?? 'internal'} retrySecondsLeft={view.retrySecondsLeft} onRetry={flow.retry} onBack={flow.back} />
        )}
      </main>

      {view.idleSecondsLeft !== null && <IdleCountdown secondsLeft={view.idleSecondsLeft} onStillHere={flow.stillHere} />}

      <StaffLayer />
    </div>
  );
}
