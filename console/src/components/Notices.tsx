import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';

/** Codes whose server message carries the detail (which rule, which field): that message says it best. */
const DETAILED = new Set(['invalid_input', 'invalid_period', 'invalid_setting', 'pairing_not_found', 'unknown_counter', 'counter_of_other_unit', 'unknown_kiosk', 'kiosk_retired', 'unit_in_use', 'counter_has_kiosks', 'roster_file', 'roster_plan_refused', 'record_exists', 'parent_loop']);

/** The server's error in the user's language: the console's own text for the code, else the server's. */
export function useErrorText(): (error: ApiError) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (DETAILED.has(error.code) && error.serverMessage) return error.serverMessage;
    if (i18n.exists(`errors.${error.code}`)) return t(`errors.${error.code}`);
    return error.serverMessage || t('errors.internal');
  };
}

export function ErrorText({ error }: { error: ApiError }) {
  return <>{useErrorText()(error)}</>;
}

export function ErrorNotice({ error, id }: { error: ApiError; id?: string }) {
  return (
    <p className="notice notice-error" role="alert" id={id}>
      <ErrorText error={error} />
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="notice" role="status">
      {t('common.loading')}
    </p>
  );
}
