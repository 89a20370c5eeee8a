import { useTranslation } from 'react-i18next';

export interface ExportLink {
  /** What the file holds, in words. */
  label: string;
  href: string;
  testId: string;
}

/**
 * The files of a page: its tables as a workbook, each as CSV (and, for province accounts, the raw
 * ratings). Plain links: the browser downloads them with the session, the server writes each to
 * the audit log — which the menu says, since an export is not just a view.
 */
export function ExportMenu({ links }: { links: ExportLink[] }) {
  const { t } = useTranslation();
  return (
    <details className="export-menu" data-testid="export-menu">
      <summary>{t('exports.menu')}</summary>
      <div className="export-links">
        <ul>
          {links.map((link) => (
            <li key={link.testId}>
              <a href={link.href} download data-testid={link.testId}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
        <p className="hint">{t('exports.audited')}</p>
      </div>
    </details>
  );
}
