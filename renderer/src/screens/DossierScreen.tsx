import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkDossierCode, DOSSIER_CODE_EXAMPLE, type DossierCodeProblem } from '../../../shared/dossier-code';
import { CodePad } from '../components/CodePad';
import type { DossierSaveStatus } from '../flow/rating-flow';
import { DOSSIER_CODE_MAX_LENGTH } from '../flow/input-text';
import { claimScans } from '../scanner/scan-router';

type Notice = { kind: 'problem'; problem: DossierCodeProblem } | { kind: 'scanned' } | null;

/**
 * The optional dossier code (results desk): typed on the pad or scanned from the receipt's
 * barcode, checked against the unit's pattern (the core checks it again) with a message saying
 * what is wrong. While this screen is open it claims scans, so a receipt scanned by a
 * keyboard-wedge scanner lands here and not in the staff badge login. A typed code returns to the
 * details once it is saved; a scanned one is saved at once and stays shown.
 */
export function DossierScreen({
  initialCode,
  pattern,
  saveStatus,
  onSave,
  onClose,
}: {
  initialCode: string;
  /** The unit's dossier-code pattern (setting dossierCodePattern). */
  pattern: string;
  saveStatus: DossierSaveStatus;
  onSave: (code: string | null, closeWhenSaved: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode);
  const [notice, setNotice] = useState<Notice>(null);
  /** The save's outcome is about the code on screen until the citizen edits it. */
  const [saveShown, setSaveShown] = useState(false);
  const latest = useRef({ onSave, pattern });
  useEffect(() => {
    latest.current = { onSave, pattern };
  });

  useEffect(
    () =>
      claimScans((raw) => {
        const check = checkDossierCode(raw, latest.current.pattern);
        if (!check.ok) {
          if (check.problem.kind !== 'empty') setNotice({ kind: 'problem', problem: check.problem });
          return;
        }
        setCode(check.code);
        setNotice({ kind: 'scanned' });
        setSaveShown(true);
        latest.current.onSave(check.code, false);
      }),
    [],
  );

  const edit = (next: string) => {
    if ([...next].length > DOSSIER_CODE_MAX_LENGTH) return;
    setNotice(null);
    setSaveShown(false);
    setCode(next);
  };

  const submit = () => {
    setNotice(null);
    setSaveShown(true);
    if (code === '') return onSave(null, true);
    const check = checkDossierCode(code, pattern);
    if (!check.ok) return setNotice({ kind: 'problem', problem: check.problem });
    onSave(check.code, true);
  };

  // Each odd character in quotes, so that a space shows too.
  const problemText = (problem: DossierCodeProblem) =>
    t(`dossier.problem.${problem.kind}`, {
      ...problem,
      characters: problem.kind === 'characters' ? problem.characters.map((c) => `“${c}”`).join(' ') : '',
      max: DOSSIER_CODE_MAX_LENGTH,
      example: DOSSIER_CODE_EXAMPLE,
    });
  // The core refused the code (its pattern changed meanwhile, or a scan raced): say what is wrong with it.
  const refused = (): DossierCodeProblem => {
    const check = checkDossierCode(code, pattern);
    return check.ok ? { kind: 'format', code: check.code, length: [...check.code].length } : check.problem;
  };
  const message =
    notice?.kind === 'problem'
      ? { text: problemText(notice.problem), error: true }
      : saveShown && saveStatus === 'failed'
        ? { text: t('details.saveFailed'), error: true }
        : saveShown && saveStatus === 'refused'
          ? { text: problemText(refused()), error: true }
          : notice?.kind === 'scanned'
            ? { text: t('dossier.scanned'), error: false }
            : null;

  return (
    <section className="screen dossier" data-testid="dossier-screen">
      <div className="screen-head">
        <h1 id="dossier-title">{t('dossier.title')}</h1>
        <button type="button" className="action" data-testid="dossier-skip" onClick={onClose}>
          {t('dossier.skip')}
        </button>
        <button type="button" className="action primary" data-testid="dossier-save" onClick={submit}>
          {t('dossier.save')}
        </button>
      </div>
      <p className="lead">{t('dossier.hint')}</p>
      <output className="code-display" aria-labelledby="dossier-title" data-testid="dossier-code">
        {code || <span className="placeholder">{t('dossier.empty')}</span>}
      </output>
      {message && (
        <p className={`notice${message.error ? ' error-text' : ''}`} role="status" data-testid="dossier-notice">
          {message.text}
        </p>
      )}
      <CodePad onChar={(c) => edit(code + c)} onBackspace={() => edit([...code].slice(0, -1).join(''))} onClear={() => edit('')} />
    </section>
  );
}
