import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from './Notices';
import { SaveFooter, useSave } from './SaveFooter';

/**
 * A settings form of numbers, one field each (labelled `${labelPrefix}.${key}`), then the form's
 * other fields (`children`), its error and its save button. Numbers are sent as typed (an empty
 * field as NaN): the server checks every value and names the one out of range, in the user's
 * language. Read-only, without a save button, for a user who may only read the settings.
 */
export function SettingsNumberForm<Key extends string>({
  testId,
  fields,
  values,
  labelPrefix,
  inputMode,
  editable = true,
  onSave,
  savedText,
  saveLabel,
  errorTestId,
  children,
}: {
  testId: string;
  fields: readonly Key[];
  values: Record<Key, number>;
  labelPrefix: string;
  inputMode: 'numeric' | 'decimal';
  editable?: boolean;
  /** Stores the numbers (with the form's other fields); throws the server's refusal. */
  onSave: (numbers: Record<Key, number>) => Promise<unknown>;
  savedText: string;
  saveLabel: string;
  errorTestId?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [numbers, setNumbers] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((key) => [key, String(values[key])])));
  const { error, saved, submit } = useSave(() => onSave(Object.fromEntries(fields.map((key) => [key, Number(numbers[key]?.trim() === '' ? NaN : numbers[key])])) as Record<Key, number>));
  return (
    <form className="form-grid" onSubmit={submit} data-testid={testId}>
      {fields.map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{t(`${labelPrefix}.${key}`)}</label>
          <input id={`${id}-${key}`} inputMode={inputMode} value={numbers[key]} onChange={(e) => setNumbers({ ...numbers, [key]: e.target.value })} required readOnly={!editable} data-setting={key} />
        </div>
      ))}
      {children}
      {error && (
        <p className="notice notice-error form-error" role="alert" data-testid={errorTestId}>
          <ErrorText error={error} />
        </p>
      )}
      {editable && <SaveFooter saved={saved} savedText={savedText} saveLabel={saveLabel} />}
    </form>
  );
}
