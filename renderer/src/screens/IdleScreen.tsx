import { useTranslation } from 'react-i18next';
import type { KioskState } from '../../../shared/contract';
import { VN3_SCORES, type Vn3Score } from '../../../shared/scales';
import { Face } from '../components/Face';
import { OfficerCard } from '../components/OfficerCard';

/** Whom the citizen rates and the three faces; or why the counter takes no ratings now. */
export function IdleScreen({
  state,
  saving,
  coolingDown,
  onRate,
}: {
  state: KioskState | null;
  saving: boolean;
  coolingDown: boolean;
  onRate: (score: Vn3Score) => void;
}) {
  const { t } = useTranslation();
  if (!state) {
    return (
      <section className="screen idle" data-testid="loading">
        <p className="lead">{t('idle.loading')}</p>
      </section>
    );
  }
  if (!state.counter) {
    return (
      <section className="screen idle" data-testid="not-serving">
        <h1 className="invitation">{t('idle.notServing')}</h1>
        <p className="lead">{t('idle.notConfigured')}</p>
      </section>
    );
  }
  if (!state.ratingEnabled) {
    return (
      <section className="screen idle" data-testid="not-serving">
        <OfficerCard officer={state.officer} label={t('idle.officerAt')} counter={state.counter} testId="officer" />
        <h1 className="invitation">{t('idle.notServing')}</h1>
        <p className="lead">{t('idle.notServingHint')}</p>
      </section>
    );
  }
  return (
    <section className="screen idle" data-testid="idle" aria-busy={saving}>
      <OfficerCard officer={state.officer} label={t('idle.officerAt')} counter={state.counter} testId="officer" />
      <h1 className="invitation">{state.officer ? t('idle.invitation') : t('idle.invitationCounter')}</h1>
      <div className="faces">
        {VN3_SCORES.map((score) => (
          <button
            type="button"
            key={score}
            className={`face face-${score}`}
            data-testid={`face-${score}`}
            disabled={coolingDown}
            onClick={() => onRate(score)}
          >
            <Face score={score} size={132} />
            <span>{t(`scale.vn3.${score}`)}</span>
          </button>
        ))}
      </div>
      <p className="hint" role="status" data-testid={coolingDown ? 'cooldown' : undefined}>
        {coolingDown ? t('idle.cooldown') : t('idle.oneTap')}
      </p>
    </section>
  );
}
