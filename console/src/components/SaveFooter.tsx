import { useState, type FormEvent } from 'react';
import { ApiError, asApiError } from '../api/client';

/**
 * The end of a settings form: "saved" said once the server kept it (a status, read out), then the
 * form's one submit button. Errors differ per form (a field's own, a form's) and stay with it.
 */
export function SaveFooter({ saved, savedText, saveLabel }: { saved: boolean; savedText: string; saveLabel: string }) {
  return (
    <>
      {saved && (
        <p className="notice notice-ok" role="status">
          {savedText}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          {saveLabel}
        </button>
      </div>
    </>
  );
}

/**
 * A settings form's submit: clears the last error and "saved", runs `save`, then says saved, or
 * keeps the server's refusal for the form to show where it belongs.
 */
export function useSave(save: () => Promise<unknown>): { error: ApiError | null; saved: boolean; submit: (event: FormEvent) => Promise<void> } {
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await save();
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return { error, saved, submit };
}
