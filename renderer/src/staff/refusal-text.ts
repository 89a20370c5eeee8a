import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** What the screen says for a refused staff call: the core's reason, in the kiosk's language. */
export function useRefusalText(): (error: { code: string; reason?: string; retryAfterMs?: number }) => string {
  const { t } = useTranslation();
  return useCallback(
    (error) => {
      if (error.code === 'rate_limited') {
        return t('staff.refused.throttled', { seconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 1000)) });
      }
      if (error.code === 'refused' && error.reason) return t(`staff.refused.${error.reason}`, { defaultValue: t('staff.refused.generic') });
      if (error.code === 'invalid_input') return t('staff.refused.not_a_badge');
      if (error.code === 'not_configured') return t('staff.refused.not_configured');
      if (error.code === 'not_found') return t('staff.refused.nobody');
      return t('staff.refused.generic');
    },
    [t],
  );
}
