import { useTranslation } from 'react-i18next';

const PAD_ROWS = ['1234567890', 'ABCDEFGHIJ', 'KLMNOPQRST', 'UVWXYZ-/._'];

/** The alphanumeric pad of the dossier-code step: what receipts print, nothing else. */
export function CodePad({ onChar, onBackspace, onClear }: { onChar: (c: string) => void; onBackspace: () => void; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="keyboard code-pad" role="group" aria-label={t('dossier.label')} data-testid="code-pad">
      {PAD_ROWS.map((row) => (
        <div className="key-row" key={row}>
          {[...row].map((char) => (
            <button type="button" className="key" key={char} data-key={char} onClick={() => onChar(char)}>
              {char}
            </button>
          ))}
        </div>
      ))}
      <div className="key-row">
        <button type="button" className="key key-wide" data-key="clear" onClick={onClear}>
          {t('dossier.clear')}
        </button>
        <button type="button" className="key key-wide" data-key="backspace" aria-label={t('keyboard.backspace')} onClick={onBackspace}>
          ⌫ <span className="key-caption" aria-hidden="true">{t('keyboard.backspace')}</span>
        </button>
      </div>
    </div>
  );
}
