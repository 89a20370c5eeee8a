import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskRole } from '../../../shared/rating';
import { initials } from '../../../shared/text';

/** What every screen shows of an officer: the roster's name, title and photo. */
export interface OfficerLike {
  fullName: string;
  title: string;
  photo: string | null;
}

/**
 * The officer's photo, or their initials (one rule, shared/text.ts) where there is none. `small`
 * is for lists where the name stands beside it, so the picture is decorative there.
 */
export function OfficerPhoto({ officer, small = false }: { officer: OfficerLike; small?: boolean }) {
  const { t } = useTranslation();
  const className = small ? 'avatar avatar-small' : 'avatar';
  if (officer.photo) {
    return <img className={className} src={officer.photo} alt={small ? '' : t('idle.photoAlt', { name: officer.fullName })} />;
  }
  return (
    <div className={className} aria-hidden="true" data-testid="officer-initials">
      {initials(officer.fullName)}
    </div>
  );
}

/**
 * Whom a screen is about: photo or initials, full name and title, and where given the counter and
 * desk role (the citizen's idle screen) or staff-only lines (`children`). The same card on the
 * citizen's screens and the staff layer, so an officer looks the same everywhere.
 */
export function OfficerCard({
  officer,
  label,
  counter,
  testId,
  children,
}: {
  officer: OfficerLike | null;
  /** A line above the name, e.g. "the officer serving you". */
  label?: string;
  counter?: { name: string; deskRole: DeskRole } | null;
  testId?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="officer" data-testid={testId}>
      {officer && <OfficerPhoto officer={officer} />}
      <div className="officer-text">
        {officer && (
          <>
            {label && <p className="label">{label}</p>}
            <p className="name" data-testid="officer-name">
              {officer.fullName}
            </p>
            <p className="title">{officer.title}</p>
          </>
        )}
        {counter && (
          <p className="counter">
            <span>{counter.name}</span>
            <span className="desk-role">{t(`deskRole.${counter.deskRole}`)}</span>
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
