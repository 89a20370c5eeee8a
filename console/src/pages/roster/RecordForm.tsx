import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '../../api/client';
import { ErrorText } from '../../components/Notices';

export type FieldValue = string | boolean;

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'select' | 'checkbox';
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  /** Shown only when adding (an id is chosen once). */
  onlyNew?: boolean;
}

/**
 * The form to add a record or edit one: labelled fields, the server's error beside the field it
 * names, and only what changed sent for an edit (an empty change saves nothing).
 */
export function RecordForm({
  heading,
  fields,
  initial,
  isNew,
  onSave,
  onCancel,
  testId,
}: {
  heading: string;
  fields: FieldSpec[];
  initial: Record<string, FieldValue>;
  isNew: boolean;
  onSave: (values: Record<string, FieldValue>) => Promise<void>;
  onCancel?: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!isNew) headingRef.current?.focus();
  }, [isNew]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const sent = isNew ? values : Object.fromEntries(Object.entries(values).filter(([name, value]) => initial[name] !== value));
      await onSave(sent);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const shown = fields.filter((field) => isNew || !field.onlyNew);
  const fieldLabel = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  return (
    <section aria-labelledby={`${id}-heading`} className="panel form-panel">
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      <form onSubmit={submit} className="form-grid" data-testid={testId}>
        {shown.map((field) => {
          const inputId = `${id}-${field.name}`;
          const describedBy = [field.hint ? `${inputId}-hint` : '', error?.field === field.name ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
          const value = values[field.name];
          const set = (next: FieldValue) => setValues((v) => ({ ...v, [field.name]: next }));
          if (field.kind === 'checkbox') {
            return (
              <div className="field checkbox" key={field.name}>
                <input id={inputId} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} aria-describedby={describedBy} />
                <label htmlFor={inputId}>{field.label}</label>
              </div>
            );
          }
          return (
            <div className={`field${field.kind === 'select' ? ' wide' : ''}`} key={field.name}>
              <label htmlFor={inputId}>{field.label}</label>
              {field.kind === 'select' ? (
                <select id={inputId} value={String(value ?? '')} onChange={(e) => set(e.target.value)} aria-describedby={describedBy}>
                  {field.options?.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={inputId} value={String(value ?? '')} onChange={(e) => set(e.target.value)} required={field.required} autoComplete="off" aria-describedby={describedBy} />
              )}
              {field.hint && (
                <span className="hint" id={`${inputId}-hint`}>
                  {field.hint}
                </span>
              )}
            </div>
          );
        })}
        {error && (
          <p className="notice notice-error form-error" role="alert" id={`${id}-error`}>
            {error.field ? `${fieldLabel(error.field)}: ` : ''}
            <ErrorText error={error} />
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {isNew ? t('roster.add') : t('roster.save')}
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              {t('roster.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
