import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyFiguresToday } from '../../../shared/staff-login';
import { kiosk } from '../kiosk';

type Loaded = { kind: 'loading' } | { kind: 'figures'; figures: MyFiguresToday } | { kind: 'unavailable'; reason: string };

/**
 * The logged-in officer's own figures today: count and share satisfied, never an individual
 * rating. The core refuses while a citizen is rating; this panel only opens on the officer's demand.
 */
export function MyFigures() {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    void kiosk.getMyFiguresToday().then((result) => {
      if (!live) return;
      if (result.ok) setLoaded({ kind: 'figures', figures: result.value });
      else setLoaded({ kind: 'unavailable', reason: result.error.reason ?? result.error.code });
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="staff-figures" data-testid="staff-figures" aria-live="polite">
      <h2>{t('staff.figures.title')}</h2>
      {loaded.kind === 'loading' && <p>{t('staff.figures.loading')}</p>}
      {loaded.kind === 'unavailable' && (
        <p>{loaded.reason === 'citizen_rating' ? t('staff.figures.citizenRating') : t('staff.figures.unavailable')}</p>
      )}
      {loaded.kind === 'figures' && (
        <>
          <p className="staff-figure" data-testid="staff-figures-count">
            {t('staff.figures.count', { count: loaded.figures.count })}
          </p>
          <p className="staff-figure" data-testid="staff-figures-share">
            {loaded.figures.satisfiedShare === null
              ? t('staff.figures.notEnough', { minimum: loaded.figures.minimumForShare })
              : t('staff.figures.share', { percent: Math.round(loaded.figures.satisfiedShare * 100) })}
          </p>
        </>
      )}
    </section>
  );
}
