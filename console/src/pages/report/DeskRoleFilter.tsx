import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskRole } from '../../../../shared/rating';

const CHOICES = [null, 'reception', 'results'] as const;

/** Both desks, or the reception or the results desk alone. */
export function DeskRoleFilter({ value, onChange }: { value: DeskRole | null; onChange: (value: DeskRole | null) => void }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend>{t('report.deskRole.legend')}</legend>
      {CHOICES.map((choice) => (
        <label key={choice ?? 'both'}>
          <input type="radio" name={name} value={choice ?? 'both'} checked={value === choice} onChange={() => onChange(choice)} />
          <span>{t(`report.deskRole.${choice ?? 'both'}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
