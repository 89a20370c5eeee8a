import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, asApiError } from '../api/client';
import { useSession } from '../session/session';
import { ErrorNotice } from './Notices';
import { saveFile } from './save-file';

export interface ExportLink {
  /** What the file holds, in words. */
  label: string;
  href: string;
  testId: string;
}

/**
 * The files of a page: its tables as a workbook, each as CSV (and, for province accounts, the raw
 * ratings). Each is fetched with the session and then saved, so that a refusal (a period out of
 * the user's rights, a session that ended) is explained here instead of saved as a file; the link
 * stays a link, for the keyboard and for "copy address". The server writes each export to the
 * audit log — which the menu says, since an export is not just a view.
 */
export function ExportMenu({ links }: { links: ExportLink[] }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [fetching, setFetching] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const fetchFile = async (event: MouseEvent<HTMLAnchorElement>, link: ExportLink) => {
    event.preventDefault();
    if (fetching !== null) return;
    setFetching(link.testId);
    setError(null);
    try {
      const { blob, fileName } = await api.downloadFrom(link.href);
      saveFile(blob, fileName);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setFetching(null);
    }
  };
  return (
    <details className="export-menu" data-testid="export-menu">
      <summary>{t('exports.menu')}</summary>
      <div className="export-links">
        <ul>
          {links.map((link) => (
            <li key={link.testId}>
              <a href={link.href} download data-testid={link.testId} aria-busy={fetching === link.testId} onClick={(event) => void fetchFile(event, link)}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
        <p className="hint">{t('exports.audited')}</p>
        {error && <ErrorNotice error={error} />}
      </div>
    </details>
  );
}
