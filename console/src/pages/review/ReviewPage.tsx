import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewFlag } from '../../../../shared/console/integrity';
import { FLAG_REASONS, FLAG_STATUSES, type FlagDecision, type FlagReason, type FlagStatus } from '../../../../shared/console/integrity-names';
import type { ApiError } from '../../api/client';
import { useApiData } from '../../api/use-api';
import { ErrorNotice, Loading } from '../../components/Notices';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime, languageOf } from '../../format/numbers';
import { navigate, useLocation } from '../../routing/router';
import { useSession } from '../../session/session';
import { evidenceFields } from './evidence';
import { IntegritySettingsSection } from './IntegritySettingsSection';

interface ReviewFilters {
  status: FlagStatus;
  reason: FlagReason | '';
}

function readFilters(search: string): ReviewFilters {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  const reason = params.get('reason') ?? '';
  return {
    status: (FLAG_STATUSES as readonly string[]).includes(status) ? (status as FlagStatus) : 'open',
    reason: (FLAG_REASONS as readonly string[]).includes(reason) ? (reason as FlagReason) : '',
  };
}

function filtersQuery(filters: ReviewFilters): string {
  const params = new URLSearchParams({ status: filters.status });
  if (filters.reason) params.set('reason', filters.reason);
  return params.toString();
}

/**
 * The review queue (docs/integrity.md): the flags of the user's scope with their evidence, each
 * to be confirmed (its ratings leave reports and rankings) or dismissed (they count). The server
 * checks the scope of every decision again.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { search } = useLocation();
  const filters = readFilters(search);
  const query = filtersQuery(filters);
  const flags = useApiData(`flags?${query}`, (signal) => api.flags(query, signal));
  const [outcome, setOutcome] = useState<{ removed: number; restored: number } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);

  const decide = async (flag: ReviewFlag, decision: FlagDecision, note: string) => {
    setFailure(null);
    try {
      const answer = await api.decideFlag(flag.id, decision, note);
      setOutcome({ removed: answer.removed, restored: answer.restored });
      flags.reload();
    } catch (error) {
      setFailure(error as ApiError);
    }
  };

  return (
    <div className="review-page">
      <PageHeading title={t('review.title')} />
      <p>{t('review.intro')}</p>
      <ReviewFilterForm key={search} filters={filters} onApply={(next) => navigate(`/review?${filtersQuery(next)}`)} />
      {outcome && (
        <p className="notice" role="status" data-testid="review-outcome">
          {t('review.decided', outcome)}
        </p>
      )}
      {failure && <ErrorNotice error={failure} />}
      {flags.state === 'loading' && <Loading />}
      {flags.state === 'failed' && <ErrorNotice error={flags.error} />}
      {flags.state === 'ready' && (
        <table className="data" data-testid="review-table">
          <caption>{t('review.total', { shown: flags.data.items.length, total: flags.data.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('review.columns.reason')}</th>
              <th scope="col">{t('review.columns.unit')}</th>
              <th scope="col">{t('review.columns.kiosk')}</th>
              <th scope="col">{t('review.columns.officer')}</th>
              <th scope="col">{t('review.columns.span')}</th>
              <th scope="col" className="number">
                {t('review.columns.ratings')}
              </th>
              <th scope="col">{t('review.columns.evidence')}</th>
              <th scope="col">{t('review.columns.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {flags.data.items.length === 0 && (
              <tr>
                <td colSpan={8}>{t('review.noneFound')}</td>
              </tr>
            )}
            {flags.data.items.map((flag) => (
              <tr key={flag.id} data-testid="review-row" data-reason={flag.reason}>
                <td>{t(`review.reasons.${flag.reason}`)}</td>
                <td>{flag.unitName}</td>
                <td>{flag.deviceName ?? '–'}</td>
                <td>{flag.staffName ?? '–'}</td>
                <td className="nowrap">
                  {formatDateTime(flag.firstAt)} – {formatDateTime(flag.lastAt)}
                </td>
                <td className="number">{flag.ratingCount}</td>
                <td>
                  <Evidence evidence={flag.evidence} />
                </td>
                <td>
                  <DecisionCell flag={flag} onDecide={(decision, note) => void decide(flag, decision, note)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <IntegritySettingsSection />
    </div>
  );
}

function ReviewFilterForm({ filters, onApply }: { filters: ReviewFilters; onApply: (filters: ReviewFilters) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(filters.status);
  const [reason, setReason] = useState(filters.reason);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ status, reason });
  };
  return (
    <form className="filters" onSubmit={submit}>
      <label>
        {t('review.status')}
        <select value={status} onChange={(event) => setStatus(event.target.value as FlagStatus)} data-testid="review-status">
          {FLAG_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`review.statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.reason')}
        <select value={reason} onChange={(event) => setReason(event.target.value as FlagReason | '')}>
          <option value="">{t('review.allReasons')}</option>
          {FLAG_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`review.reasons.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('review.show')}</button>
    </form>
  );
}

/** The figures that raised the flag, as labelled fields in the reader's language (never a comment). */
function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="audit-details" data-testid="review-evidence">
      {evidenceFields(evidence, t, languageOf(i18n.language)).map((field, i) => (
        <div key={`${field.key}-${i}`}>
          <dt>{field.label}</dt>
          <dd>{field.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DecisionCell({ flag, onDecide }: { flag: ReviewFlag; onDecide: (decision: FlagDecision, note: string) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState(flag.decisionNote ?? '');
  return (
    <div className="review-decision">
      {flag.decidedBy && flag.decidedAt !== null && (
        <p className="row-detail">{t('review.decidedBy', { status: t(`review.statuses.${flag.status}`), login: flag.decidedBy, at: formatDateTime(flag.decidedAt) })}</p>
      )}
      <label>
        {t('review.note')}
        <input type="text" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      {flag.status !== 'confirmed' && (
        <button type="button" onClick={() => onDecide('confirm', note)} data-testid="review-confirm">
          {t('review.confirm')}
        </button>
      )}
      {flag.status !== 'dismissed' && (
        <button type="button" onClick={() => onDecide('dismiss', note)} data-testid="review-dismiss">
          {t('review.dismiss')}
        </button>
      )}
    </div>
  );
}
