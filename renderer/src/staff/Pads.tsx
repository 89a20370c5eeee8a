import { useTranslation } from 'react-i18next';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH } from '../../../shared/staff-login';

/**
 * Letters for finding one's own name. No tones are needed: the search ignores them (and đ/d),
 * so twenty-six letters and a space find every name.
 */
const LETTER_ROWS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export function LetterPad({ onLetter, onSpace, onBackspace }: { onLetter: (letter: string) => void; onSpace: () => void; onBackspace: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="staff-pad staff-letters" role="group" aria-label={t('staff.search.keyboard')}>
      {LETTER_ROWS.map((row) => (
        <div className="staff-pad-row" key={row}>
          {[...row].map((letter) => (
            <button type="button" key={letter} data-testid={`staff-letter-${letter}`} onClick={() => onLetter(letter)}>
              {letter}
            </button>
          ))}
        </div>
      ))}
      <div className="staff-pad-row">
        <button type="button" className="staff-wide" data-testid="staff-letter-space" onClick={onSpace}>
          {t('staff.search.space')}
        </button>
        <button type="button" className="staff-wide" data-testid="staff-letter-backspace" onClick={onBackspace} aria-label={t('staff.search.backspace')}>
          ⌫
        </button>
      </div>
    </div>
  );
}

export function PinPad({
  onDigit,
  onBackspace,
  onSubmit,
  canSubmit,
  submitLabel,
}: {
  onDigit: (digit: string) => void;
  onBackspace: () => void;
  onSubmit: () => void;
  canSubmit: boolean;
  /** The OK key's text: "log in" unless given. */
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="staff-pad staff-pin-pad" role="group" aria-label={t('staff.pin.pad')}>
      {['123', '456', '789'].map((row) => (
        <div className="staff-pad-row" key={row}>
          {[...row].map((digit) => (
            <button type="button" key={digit} data-testid={`staff-pin-digit-${digit}`} onClick={() => onDigit(digit)}>
              {digit}
            </button>
          ))}
        </div>
      ))}
      <div className="staff-pad-row">
        <button type="button" data-testid="staff-pin-backspace" onClick={onBackspace} aria-label={t('staff.pin.backspace')}>
          ⌫
        </button>
        <button type="button" data-testid="staff-pin-digit-0" onClick={() => onDigit('0')}>
          0
        </button>
        <button type="button" className="staff-primary" data-testid="staff-pin-ok" onClick={onSubmit} disabled={!canSubmit}>
          {submitLabel ?? t('staff.pin.ok')}
        </button>
      </div>
    </div>
  );
}

/**
 * A PIN being typed: one dot per digit (at least as many as the shortest PIN, so the length is not
 * given away before it is typed) above the number pad. Digits past the longest PIN are ignored.
 */
export function PinInput({
  pin,
  onChange,
  onSubmit,
  canSubmit,
  submitLabel,
}: {
  pin: string;
  onChange: (change: (pin: string) => string) => void;
  onSubmit: () => void;
  canSubmit: boolean;
  submitLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="staff-pin-dots" data-testid="staff-pin-dots" aria-label={t('staff.pin.entered', { count: pin.length })}>
        {Array.from({ length: Math.max(pin.length, PIN_MIN_LENGTH) }, (_, i) => (
          <span key={i} className={i < pin.length ? 'filled' : ''} />
        ))}
      </div>
      <PinPad
        onDigit={(digit) => onChange((p) => (p.length < PIN_MAX_LENGTH ? p + digit : p))}
        onBackspace={() => onChange((p) => p.slice(0, -1))}
        onSubmit={onSubmit}
        canSubmit={canSubmit && pin.length >= PIN_MIN_LENGTH}
        {...(submitLabel === undefined ? {} : { submitLabel })}
      />
    </>
  );
}
