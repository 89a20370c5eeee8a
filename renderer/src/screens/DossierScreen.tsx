import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodePad } from '../components/CodePad';
import type { DossierSaveStatus } from '../flow/rating-flow';
import { DOSSIER_CODE_MAX_LENGTH, parseDossierCode } from '../flow/input-text';
import { claimScans } from '../scanner/scan-router';

type Notice = 'invalid' | 'scanned' | null;

/**
 * The optional dossier code (results desk): typed on the pad or scanned from the receipt's
 * barcode. While this screen is open it claims scans, so a receipt scanned by a keyboard-wedge
 * scanner lands here and not in the staff badge login. A typed code returns to the details once
 * it is saved; a scanned one is saved at once and stays shown.
 */
export function DossierScreen({
  initialCode,
  saveStatus,
  onSave,
  onClose,
}: {
  initialCode: string;
  saveStatus: DossierSaveStatus;
  onSave: (code: string | null, closeWhenSaved: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode);
  const [notice, setNotice] = useState<Notice>(null);
  const save = useRef(onSave);
  useEffect(() => {
    save.current = onSave;
  });

  useEffect(
    () =>
      claimScans((raw) => {
        const parsed = parseDossierCode(raw);
        if (!parsed) {
          setNotice('invalid');
          return;
        }
        setCode(parsed);
        setNotice('scanned');
        save.current(parsed, false);
      }),
    [],
  );

  const edit = (next: string) => {
    if ([...next].length > DOSSIER_CODE_MAX_LENGTH) return;
    setNotice(null);
    setCode(next);
  };

  const submit = () => {
    if (code === '') return onSave(null, true);
    const parsed = parseDossierCode(code);
    if (!parsed) {
      setNotice('invalid');
      return;
    }
    setNotice(null);
    onSave(parsed, true);
  };

  const saveFailed = saveStatus === 'failed';
  const shown: Notice = saveStatus === 'refused' ? 'invalid' : notice;
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
      {(shown || saveFailed) && (
        <p className={`notice${shown === 'invalid' || saveFailed ? ' error-text' : ''}`} role="status" data-testid="dossier-notice">
          {saveFailed ? t('details.saveFailed') : t(`dossier.${shown}`, { max: DOSSIER_CODE_MAX_LENGTH })}
        </p>
      )}
      <CodePad onChar={(c) => edit(code + c)} onBackspace={() => edit([...code].slice(0, -1).join(''))} onClear={() => edit('')} />
    </section>
  );
}
