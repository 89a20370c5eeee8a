import { useTranslation } from 'react-i18next';
import type { MyFigures as Figures } from '../../../shared/staff-login';

/**
 * The officer's own figures: how many citizens rated them today and this month. Never a share
 * or a score: any share could be combined with ratings the officer knows to reveal one citizen's
 * choice (docs/badges.md). The panel only opens on the officer's demand, with their PIN or badge.
 */
export function MyFigures({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  return (
    <section className="staff-figures" data-testid="staff-figures" aria-live="polite">
      <h2>{t('staff.figures.title')}</h2>
      <p className="staff-figure" data-testid="staff-figures-today">
        {t('staff.figures.today', { count: figures.today })}
      </p>
      <p className="staff-figure" data-testid="staff-figures-month">
        {t('staff.figures.thisMonth', { count: figures.thisMonth })}
      </p>
      <p className="staff-muted">{t('staff.figures.whyNoShare')}</p>
    </section>
  );
}
