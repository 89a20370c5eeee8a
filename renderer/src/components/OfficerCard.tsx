import { useTranslation } from 'react-i18next';
import type { KioskState } from '../../../shared/contract';

/** Initials of a Vietnamese full name: family name and given name ("Nguyễn Thị Thu Hà" → "NH"). */
export function initials(fullName: string): string {
  const words = fullName.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Whom the citizen rates: photo or initials, full name, title, counter and desk role. */
export function OfficerCard({ state }: { state: KioskState }) {
  const { t } = useTranslation();
  const { officer, counter } = state;
  if (!counter) return null;
  return (
    <div className="officer" data-testid="officer">
      {officer &&
        (officer.photo ? (
          <img className="avatar" src={officer.photo} alt={t('idle.photoAlt', { name: officer.fullName })} />
        ) : (
          <div className="avatar" aria-hidden="true">
            {initials(officer.fullName)}
          </div>
        ))}
      <div className="officer-text">
        {officer && (
          <>
            <p className="label">{t('idle.officerAt')}</p>
            <p className="name" data-testid="officer-name">
              {officer.fullName}
            </p>
            <p className="title">{officer.title}</p>
          </>
        )}
        <p className="counter">
          <span>{counter.name}</span>
          <span className="desk-role">{t(`deskRole.${counter.deskRole}`)}</span>
        </p>
      </div>
    </div>
  );
}
