import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EffectiveSettings } from '../../../../shared/console/fleet';
import { ApiError, asApiError } from '../../api/client';
import { ErrorText } from '../../components/Notices';
import { SaveFooter } from '../../components/SaveFooter';

/** The settings IT staff edit per unit and per kiosk, and how each is typed in the form. */
const FIELDS = [
  { key: 'idleTimeoutMs', kind: 'seconds' },
  { key: 'cooldownMs', kind: 'seconds' },
  { key: 'maxRatingsPerSessionPerMinute', kind: 'number' },
  { key: 'staffShiftEndTimes', kind: 'times' },
  { key: 'staffIdleLogoutMinutes', kind: 'number' },
  { key: 'allowRatingWithoutOfficer', kind: 'boolean' },
  { key: 'spokenPrompts', kind: 'boolean' },
  { key: 'dossierCodePattern', kind: 'text' },
  { key: 'openingHours', kind: 'hours' },
  { key: 'heartbeatIntervalMs', kind: 'seconds' },
] as const;

type Field = (typeof FIELDS)[number];
type OpeningPeriod = { days: number[]; from: string; to: string };

/** "1-5 07:00-17:30; 6 07:30-11:30" (1 = Monday … 7 = Sunday). */
function hoursToText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return (value as OpeningPeriod[])
    .map((period) => {
      const days = [...period.days].sort((a, b) => a - b);
      const run = days.length > 1 && days[days.length - 1]! - days[0]! === days.length - 1 ? `${days[0]}-${days[days.length - 1]}` : days.join(',');
      return `${run} ${period.from}-${period.to}`;
    })
    .join('; ');
}

function textToHours(text: string): OpeningPeriod[] | null {
  const periods: OpeningPeriod[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([1-7](?:\s*[-,]\s*[1-7])*)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(part);
    if (!match) return null;
    const days = new Set<number>();
    for (const piece of match[1]!.split(',')) {
      const [from, to] = piece.split('-').map((d) => Number(d.trim()));
      for (let day = from!; day <= (to ?? from!); day++) days.add(day);
    }
    periods.push({ days: [...days], from: match[2]!, to: match[3]! });
  }
  return periods;
}

function toText(field: Field, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'seconds':
      return String(Number(value) / 1000);
    case 'times':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'hours':
      return hoursToText(value);
    case 'boolean':
      return value ? 'yes' : 'no';
    default:
      return String(value);
  }
}

/** The form's text as the API's value; `undefined` when left empty (inherit), `null` when it cannot be read. */
function fromText(field: Field, text: string): unknown {
  const value = text.trim();
  if (value === '') return undefined;
  switch (field.kind) {
    case 'seconds':
      return Number.isFinite(Number(value.replace(',', '.'))) ? Math.round(Number(value.replace(',', '.')) * 1000) : value;
    case 'number':
      return Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'yes';
    case 'times':
      return value.split(/[,;\s]+/).filter(Boolean);
    case 'hours':
      return textToHours(value);
    default:
      return value;
  }
}

/**
 * One level's own settings (every kiosk, a unit, or one kiosk): each field shows the value in force
 * and where it comes from; an empty field inherits it. Saving replaces this level's own settings.
 */
export function SettingsForm({ effective, own, onSave }: { effective: EffectiveSettings; own: Record<string, unknown>; onSave: (settings: Record<string, unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((field) => [field.key, toText(field, own[field.key])])));
  const [error, setError] = useState<ApiError | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setLocalError(null);
    setSaved(false);
    const settings: Record<string, unknown> = {};
    for (const field of FIELDS) {
      const value = fromText(field, texts[field.key] ?? '');
      if (value === null) {
        setLocalError(t('fleet.settings.openingHoursFormat'));
        return;
      }
      if (value !== undefined) settings[field.key] = value;
    }
    try {
      await onSave(settings);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const describedBy = (key: string) => `${id}-${key}-hint${error?.field?.startsWith(key) ? ` ${id}-error` : ''}`;
  return (
    <form className="form-grid settings-form" onSubmit={submit} data-testid="kiosk-settings-form">
      {FIELDS.map((field) => {
        const current = effective[field.key];
        const inputId = `${id}-${field.key}`;
        const hint = (
          <span className="hint" id={`${id}-${field.key}-hint`}>
            {t('fleet.settings.inForce', { value: toText(field, current?.value) || '–', source: t(`fleet.settings.source.${current?.source ?? 'default'}`) })}
            {field.kind === 'hours' ? ` ${t('fleet.settings.hoursHint')}` : ''}
          </span>
        );
        return (
          <div className="field wide" key={field.key}>
            <label htmlFor={inputId}>
              {t(`fleet.settings.field.${field.key}`)}
              {field.kind === 'seconds' ? ` (${t('fleet.settings.seconds')})` : ''}
            </label>
            {field.kind === 'boolean' ? (
              <select id={inputId} value={texts[field.key]} onChange={(e) => setTexts({ ...texts, [field.key]: e.target.value })} aria-describedby={describedBy(field.key)}>
                <option value="">{t('fleet.settings.inherit')}</option>
                <option value="yes">{t('common.yes')}</option>
                <option value="no">{t('common.no')}</option>
              </select>
            ) : (
              <input
                id={inputId}
                value={texts[field.key]}
                inputMode={field.kind === 'seconds' || field.kind === 'number' ? 'decimal' : undefined}
                placeholder={t('fleet.settings.inherit')}
                onChange={(e) => setTexts({ ...texts, [field.key]: e.target.value })}
                aria-describedby={describedBy(field.key)}
                data-setting={field.key}
              />
            )}
            {hint}
          </div>
        );
      })}
      {(error || localError) && (
        <p className="notice notice-error form-error" role="alert" id={`${id}-error`} data-testid="settings-error">
          {error ? <ErrorText error={error} /> : localError}
        </p>
      )}
      <SaveFooter saved={saved} savedText={t('fleet.settings.saved')} saveLabel={t('fleet.settings.save')} />
    </form>
  );
}
