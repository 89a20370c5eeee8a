import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EffectiveSettings } from '../../../../shared/console/fleet';
import { ApiError, asApiError } from '../../api/client';
import { ErrorText } from '../../components/Notices';
import { SaveFooter } from '../../components/SaveFooter';
import { languageOf } from '../../format/numbers';
import { FIELDS, hoursToText, inForceText, issuesByField, type Field, type OpeningPeriod } from './setting-fields';

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
    case 'minutes':
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
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const id = useId();
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((field) => [field.key, toText(field, own[field.key])])));
  const [error, setError] = useState<ApiError | null>(null);
  /** Fields the form could not read before sending (the opening hours' own notation). */
  const [unreadable, setUnreadable] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setUnreadable([]);
    setSaved(false);
    const settings: Record<string, unknown> = {};
    const cannotRead: string[] = [];
    for (const field of FIELDS) {
      const value = fromText(field, texts[field.key] ?? '');
      if (value === null) cannotRead.push(field.key);
      else if (value !== undefined) settings[field.key] = value;
    }
    if (cannotRead.length > 0) {
      setUnreadable(cannotRead);
      return;
    }
    try {
      await onSave(settings);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  // Every refused setting beside its field; what maps to no field of this form stays in the notice.
  const problems = error?.code === 'invalid_setting' ? issuesByField(error.issues, t, language) : new Map<string, string[]>();
  for (const key of unreadable) problems.set(key, [t('fleet.settings.openingHoursFormat')]);
  const fieldProblems = (key: string) => problems.get(key) ?? [];
  const others = problems.get('') ?? [];
  const labelled = FIELDS.filter((field) => fieldProblems(field.key).length > 0).map((field) => t(`fleet.settings.field.${field.key}`));
  const describedBy = (key: string) => `${id}-${key}-hint${fieldProblems(key).length > 0 ? ` ${id}-${key}-error` : ''}${problems.size > 0 || error ? ` ${id}-error` : ''}`;
  return (
    <form className="form-grid settings-form" onSubmit={submit} data-testid="kiosk-settings-form" noValidate>
      {FIELDS.map((field) => {
        const current = effective[field.key];
        const inputId = `${id}-${field.key}`;
        const invalid = fieldProblems(field.key).length > 0;
        const hint = (
          <span className="hint" id={`${id}-${field.key}-hint`}>
            {t('fleet.settings.inForce', { value: inForceText(field, current?.value, t, language) || '–', source: t(`fleet.settings.source.${current?.source ?? 'default'}`) })}
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
              <select id={inputId} value={texts[field.key]} onChange={(e) => setTexts({ ...texts, [field.key]: e.target.value })} aria-describedby={describedBy(field.key)} aria-invalid={invalid || undefined}>
                <option value="">{t('fleet.settings.inherit')}</option>
                <option value="yes">{t('common.yes')}</option>
                <option value="no">{t('common.no')}</option>
              </select>
            ) : (
              <input
                id={inputId}
                value={texts[field.key]}
                inputMode={field.kind === 'seconds' || field.kind === 'number' || field.kind === 'minutes' ? 'decimal' : undefined}
                placeholder={t('fleet.settings.inherit')}
                onChange={(e) => setTexts({ ...texts, [field.key]: e.target.value })}
                aria-describedby={describedBy(field.key)}
                aria-invalid={invalid || undefined}
                data-setting={field.key}
              />
            )}
            {hint}
            {invalid && (
              <span className="field-error" id={`${id}-${field.key}-error`} data-testid="setting-error" data-error-for={field.key}>
                {fieldProblems(field.key).join(' ')}
              </span>
            )}
          </div>
        );
      })}
      {(error || problems.size > 0) && (
        <p className="notice notice-error form-error" role="alert" id={`${id}-error`} data-testid="settings-error">
          {problems.size > 0 ? [labelled.length > 0 ? t('fleet.settings.invalidSummary', { fields: labelled.join(', ') }) : '', ...others].filter(Boolean).join(' ') : error && <ErrorText error={error} />}
        </p>
      )}
      <SaveFooter saved={saved} savedText={t('fleet.settings.saved')} saveLabel={t('fleet.settings.save')} />
    </form>
  );
}
