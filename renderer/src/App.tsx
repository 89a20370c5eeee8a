import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskState } from '../../shared/contract';
import type { ErrorCode } from '../../shared/result';
import { VN3_SCORES, type Vn3Score } from '../../shared/scales';
import { Face } from './components/Face';
import { uuidv7 } from '../../shared/uuid';
import { kiosk } from './kiosk';

type Screen = { name: 'idle' } | { name: 'thanks' } | { name: 'error'; code: ErrorCode };

const THANKS_MS = 4_000;
const STATE_POLL_MS = 5_000;

export function App() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<KioskState | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'idle' });
  const saving = useRef(false);
  const flowStartedAt = useRef(0);

  const refresh = useCallback(() => {
    void kiosk.getKioskState().then((result) => {
      if (result.ok) setState(result.value);
    });
  }, []);

  useEffect(() => {
    flowStartedAt.current = performance.now();
    const first = setTimeout(refresh, 0);
    const timer = setInterval(refresh, STATE_POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  useEffect(() => {
    if (screen.name === 'idle') return;
    const timer = setTimeout(() => {
      setScreen({ name: 'idle' });
      flowStartedAt.current = performance.now();
      void i18n.changeLanguage('vi'); // every new citizen starts in Vietnamese
    }, THANKS_MS);
    return () => clearTimeout(timer);
  }, [screen, i18n]);

  const rate = async (score: Vn3Score) => {
    if (saving.current) return; // a second tap while saving makes no second rating
    saving.current = true;
    try {
      const result = await kiosk.submitRating({
        flowId: uuidv7(),
        scale: 'vn3',
        score,
        locale: i18n.language === 'en' ? 'en' : 'vi',
        durationMs: Math.round(performance.now() - flowStartedAt.current),
      });
      if (result.ok) {
        void kiosk.finishRating({ id: result.value.id });
        setScreen({ name: 'thanks' });
      } else {
        setScreen({ name: 'error', code: result.error.code });
      }
      refresh();
    } finally {
      saving.current = false;
    }
  };

  const switchLanguage = () => void i18n.changeLanguage(i18n.language === 'vi' ? 'en' : 'vi');

  return (
    <main className="kiosk" lang={i18n.language}>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <button type="button" className="language" onClick={switchLanguage} data-testid="language-switch">
          {t('language.switchTo')}
        </button>
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

      {screen.name === 'thanks' && (
        <section className="panel thanks" data-testid="thanks">
          <Face score={3} size={160} />
          <h1>{t('thanks.title')}</h1>
          <p>{t('thanks.body')}</p>
        </section>
      )}

      {screen.name === 'error' && (
        <section className="panel error" role="alert" data-testid="save-error">
          <p>{t(`errors.${screen.code}`, { defaultValue: t('errors.generic') })}</p>
        </section>
      )}

      {screen.name === 'idle' && state && (
        <section className="panel idle" data-testid="idle">
          {state.officer && state.counter ? (
            <>
              <div className="officer" data-testid="officer">
                <div className="avatar" aria-hidden="true">
                  {state.officer.fullName.split(' ').pop()?.[0] ?? ''}
                </div>
                <div>
                  <p className="label">{t('idle.officerAt')}</p>
                  <p className="name">{state.officer.fullName}</p>
                  <p className="title">{state.officer.title}</p>
                  <p className="counter">
                    {state.counter.name} · {t(`deskRole.${state.counter.deskRole}`)}
                  </p>
                </div>
              </div>
            </>
          ) : (
            <p className="not-serving">{state.counter ? t('idle.notServingHint') : t('idle.notConfigured')}</p>
          )}
          {state.ratingEnabled ? (
            <>
              <h1 className="invitation">{t('idle.invitation')}</h1>
              <div className="faces">
                {VN3_SCORES.map((score) => (
                  <button
                    type="button"
                    key={score}
                    className={`face face-${score}`}
                    data-testid={`face-${score}`}
                    onClick={() => void rate(score)}
                  >
                    <Face score={score} />
                    <span>{t(`scale.vn3.${score}`)}</span>
                  </button>
                ))}
              </div>
            </>
          ) : (
            <h1 className="invitation">{t('idle.notServing')}</h1>
          )}
        </section>
      )}
    </main>
  );
}
