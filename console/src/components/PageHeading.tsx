import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigationCount, useLocation } from '../routing/router';

/**
 * The page's one h1. It names the browser tab, and takes the focus when the user moves to another
 * page of the app (not when only the period or a filter changed, and not on a fresh load, where
 * the keyboard starts at the skip link), so a screen reader starts reading there.
 */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (navigationCount() > 0) heading.current?.focus({ preventScroll: true });
  }, [pathname]);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <h1 ref={heading} tabIndex={-1} className="page-heading">
      {title}
      {children}
    </h1>
  );
}
