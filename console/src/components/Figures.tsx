import { useTranslation } from 'react-i18next';
import type { Counts } from '../../../shared/console/api';
import { formatCount, formatPercent, languageOf } from '../format/numbers';

/** A count in the reader's language. */
export function Count({ value }: { value: number }) {
  const { i18n } = useTranslation();
  return <>{formatCount(value, languageOf(i18n.language))}</>;
}

/**
 * A share, "too few ratings" for a group under the minimum (DOMAIN: no figure an officer could
 * trace to a citizen), or a dash when there is nothing to divide.
 */
export function Percent({ value, tooFew }: { value: number | null; tooFew: boolean }) {
  const { t, i18n } = useTranslation();
  if (tooFew) return <span className="too-few">{t('report.tooFew')}</span>;
  if (value === null) {
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('report.noRatings')}</span>
      </>
    );
  }
  return <>{formatPercent(value, languageOf(i18n.language))}</>;
}

/** A level's count, hidden with its share when the group is too small (a count of 1 is one citizen's choice). */
export function LevelCount({ counts, value }: { counts: Counts; value: number }) {
  const { t } = useTranslation();
  if (counts.tooFew) return <span className="too-few">{t('report.tooFew')}</span>;
  return <Count value={value} />;
}
