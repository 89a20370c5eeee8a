import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodePad } from '../components/CodePad';
import { DOSSIER_CODE_MAX_LENGTH, parseDossierCode } from '../flow/input-text';
import { claimScans } from '../scanner/scan-router';

type Notice = 'invalid' | 'scanned' | 'saved' | null;

/**
 * The optional dossier code (results desk): typed on the pad or scanned from the receipt's
 * barcode. While this screen is open it claims scans, so a receipt scanned by a keyboard-wedge
 * scanner lands here and not in the staff badge login.
 */
export function DossierScreen({
  initialCode,
  onSave,
  onClose,
}: {
  initialCode: string;
  onSave: (code: string | null) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode);
  const [notice, setNotice] = useState<Notice>(null);
  const [saveFailed, setSaveFailed] = useState(false);
  const save = useRef(onSave);
  const close = useRef(onClose);
  useEffect(() => {
    save.current = onSave;
    close.current = onClose;
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
        void save.current(parsed).then((ok) => setSaveFailed(!ok));
      }),
    [],
  );

  const edit = (next: string) => {
    if ([...next].length > DOSSIER_CODE_MAX_LENGTH) return;
    setNotice(null);
    setCode(next);
  };

  const submit = async () => {
    if (code === '') {
      const ok = await save.current(null);
      setSaveFailed(!ok);
      if (ok) close.current();
      return;
    }
    const parsed = parseDossierCode(code);
    if (!parsed) {
      setNotice('invalid');
      return;
    }
    const ok = await save.current(parsed);
    setSaveFailed(!ok);
    if (ok) close.current();
  };

  return (
    <section className="screen dossier" data-testid="dossier-screen">
      <div className="screen-head">
        <h1 id="dossier-title">{t('dossier.title')}</h1>
        <button type="button" className="action" data-testid="dossier-skip" onClick={onClose}>
          {t('dossier.skip')}
        </button>
        <button type="button" className="action primary" data-testid="dossier-save" onClick={() => void submit()}>
          {t('dossier.save')}
        </button>
      </div>
      <p className="lead">{t('dossier.hint')}</p>
      <output className="code-display" aria-labelledby="dossier-title" data-testid="dossier-code">
        {code || <span className="placeholder">{t('dossier.empty')}</span>}
      </output>
      {(notice || saveFailed) && (
        <p className={`notice${notice === 'invalid' || saveFailed ? ' error-text' : ''}`} role="status" data-testid="dossier-notice">
          {saveFailed ? t('details.saveFailed') : t(`dossier.${notice}`, { max: DOSSIER_CODE_MAX_LENGTH })}
        </p>
      )}
      <CodePad onChar={(c) => edit(code + c)} onBackspace={() => edit([...code].slice(0, -1).join(''))} onClear={() => edit('')} />
    </section>
  );
}
