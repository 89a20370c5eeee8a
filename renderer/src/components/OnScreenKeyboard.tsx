import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const SYMBOL_ROWS = ['1234567890', '.,?!-/():', '"\'%+=@#'];

export type KeyboardAction =
  | { type: 'char'; char: string }
  | { type: 'backspace' }
  | { type: 'space' };

/**
 * The on-screen keyboard: touch only, no physical keyboard needed. Letters go to the Telex
 * composer (when on); a one-shot shift makes the next letter a capital. Every key is a real button
 * at least 64 px square with 12 px gaps, and carries data-key for the tests. Without
 * `onTelexChange` there is no Telex key (addresses and codes have no tones).
 */
export function OnScreenKeyboard({
  onAction,
  telex = false,
  onTelexChange,
}: {
  onAction: (action: KeyboardAction) => void;
  telex?: boolean;
  onTelexChange?: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const [shift, setShift] = useState(false);
  const [symbols, setSymbols] = useState(false);
  const rows = symbols ? SYMBOL_ROWS : LETTER_ROWS;

  const typeChar = (char: string) => {
    onAction({ type: 'char', char: shift ? char.toUpperCase() : char });
    setShift(false);
  };

  return (
    <div className="keyboard" role="group" aria-label={t('keyboard.label')} data-testid="keyboard">
      {rows.map((row, index) => (
        <div className="key-row" key={row}>
          {index === 2 && !symbols && (
            <button
              type="button"
              className="key key-wide"
              aria-pressed={shift}
              data-key="shift"
              onClick={() => setShift((on) => !on)}
            >
              ⇧ <span className="key-caption">{t('keyboard.shift')}</span>
            </button>
          )}
          {[...row].map((char) => (
            <button type="button" className="key" key={char} data-key={char} onClick={() => typeChar(char)}>
              {shift && !symbols ? char.toUpperCase() : char}
            </button>
          ))}
          {index === 2 && (
            <button
              type="button"
              className="key key-wide"
              data-key="backspace"
              aria-label={t('keyboard.backspace')}
              onClick={() => onAction({ type: 'backspace' })}
            >
              ⌫ <span className="key-caption" aria-hidden="true">{t('keyboard.backspace')}</span>
            </button>
          )}
        </div>
      ))}
      <div className="key-row">
        <button type="button" className="key key-wide" data-key="symbols" onClick={() => setSymbols((on) => !on)}>
          {symbols ? t('keyboard.letters') : t('keyboard.symbols')}
        </button>
        {onTelexChange && (
          <button
            type="button"
            className="key key-wide key-telex"
            role="switch"
            aria-checked={telex}
            data-key="telex"
            onClick={() => onTelexChange(!telex)}
          >
            {t('keyboard.telex')}
          </button>
        )}
        <button type="button" className="key key-space" data-key="space" onClick={() => onAction({ type: 'space' })}>
          {t('keyboard.space')}
        </button>
      </div>
    </div>
  );
}
