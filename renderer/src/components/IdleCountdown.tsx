import { useTranslation } from 'react-i18next';
import { IDLE_COUNTDOWN_ATTRIBUTE } from '../flow/useRatingFlow';

/**
 * The last seconds before the idle timeout takes the citizen's flow away: a visible countdown and
 * a large "I'm still here". Whatever happens, what was given is kept, and it says so. Touches
 * elsewhere go through to the screen beneath (and count as activity, which also ends the countdown).
 */
export function IdleCountdown({ secondsLeft, onStillHere }: { secondsLeft: number; onStillHere: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="idle-countdown-layer">
      <section
        className="idle-countdown"
        role="alertdialog"
        aria-labelledby="idle-countdown-title"
        aria-describedby="idle-countdown-kept"
        data-testid="idle-countdown"
        {...{ [IDLE_COUNTDOWN_ATTRIBUTE]: '' }}
      >
        <h2 id="idle-countdown-title">{t('idleCountdown.title')}</h2>
        <p className="idle-countdown-seconds" data-testid="idle-countdown-seconds">
          {t('idleCountdown.seconds', { seconds: secondsLeft })}
        </p>
        <p id="idle-countdown-kept" className="lead">
          {t('idleCountdown.kept')}
        </p>
        <button type="button" className="action primary still-here" data-testid="still-here" onClick={onStillHere}>
          {t('idleCountdown.stillHere')}
        </button>
      </section>
    </div>
  );
}
