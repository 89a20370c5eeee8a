import { useTranslation } from 'react-i18next';
import { formatCount, languageOf } from '../format/numbers';

/** Previous and next page, and where the user is, for a paged list. */
export function Pager({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label: string }) {
  const { t, i18n } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        {t('common.previousPage')}
      </button>
      <span>{t('common.pageOf', { page, pages, total: formatCount(total, languageOf(i18n.language)) })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t('common.nextPage')}
      </button>
    </nav>
  );
}
