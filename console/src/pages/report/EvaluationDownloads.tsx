import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, asApiError } from '../../api/client';
import { ErrorNotice } from '../../components/Notices';
import { saveFile } from '../../components/save-file';
import { reportPath, reportQuery, type ReportState, type ReportSubject } from '../../routing/routes';
import { useSession } from '../../session/session';

type Format = 'pdf' | 'xlsx';

/**
 * The evaluation report of the page's subject and period as PDF or Excel. The file is fetched
 * (a PDF takes seconds: the button says so) and handed to the browser as a download; a refusal
 * shows here in the user's language instead of a page of JSON.
 */
export function EvaluationDownloads({ subject, state }: { subject: ReportSubject; state: ReportState }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [making, setMaking] = useState<Format | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const params = new URLSearchParams(reportQuery({ ...state, deskRole: null }));
  const fetchFile = async (format: Format) => {
    setMaking(format);
    setError(null);
    params.set('format', format);
    try {
      const { blob, fileName } = await api.download(`${reportPath(subject)}/evaluation`, params.toString());
      saveFile(blob, fileName);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setMaking(null);
    }
  };
  return (
    <section className="evaluation-downloads" aria-label={t('evaluation.heading')}>
      <span>{t('evaluation.heading')}</span>
      {(['pdf', 'xlsx'] as const).map((format) => (
        <button key={format} type="button" onClick={() => void fetchFile(format)} disabled={making !== null} data-testid={`evaluation-${format}`} aria-busy={making === format}>
          {making === format ? t('evaluation.making') : t(`evaluation.${format}`)}
        </button>
      ))}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
