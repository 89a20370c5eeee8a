import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/result';

const KNOWN: readonly ErrorCode[] = ['storage_unavailable', 'rating_disabled', 'rate_limited', 'not_configured'];

/**
 * A polite message when a save failed: never a thank-you for something not on disk. A refused
 * rating says when rating is possible again (`retrySecondsLeft`, counted down from the core's answer).
 */
export function ErrorScreen({
  code,
  retrySecondsLeft,
  onRetry,
  onBack,
}: {
  code: ErrorCode;
  retrySecondsLeft: number | null;
  onRetry: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const retryable = code === 'storage_unavailable' || code === 'internal';
  return (
    <section className="screen error" role="alert" data-testid="save-error" data-code={code}>
      <h1>{t('errors.notSaved')}</h1>
      <p className="lead">{KNOWN.includes(code) ? t(`errors.${code}`) : t('errors.generic')}</p>
      {code === 'rate_limited' && retrySecondsLeft !== null && (
        <p className="retry-after" data-testid="retry-after">
          {retrySecondsLeft > 0 ? t('errors.rateAgainIn', { seconds: retrySecondsLeft }) : t('errors.rateAgainNow')}
        </p>
      )}
      <div className="actions">
        {retryable && (
          <button type="button" className="action primary" data-testid="retry" onClick={onRetry}>
            {t('errors.retry')}
          </button>
        )}
        <button type="button" className="action" data-testid="back" onClick={onBack}>
          {t('errors.back')}
        </button>
      </div>
    </section>
  );
}
