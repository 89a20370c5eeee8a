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
