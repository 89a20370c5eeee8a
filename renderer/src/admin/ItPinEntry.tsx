import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItCredential } from '../../../shared/it-credential';
import { PIN_MIN_LENGTH } from '../../../shared/staff-login';
import { OnScreenKeyboard } from '../components/OnScreenKeyboard';
import { PinInput } from '../staff/Pads';

/** The PIN entry closes by itself when nobody touches it for this long. */
const PIN_ENTRY_IDLE_MS = 60_000;
const STAFF_ID_MAX = 64;

/**
 * An IT officer without their badge: staff id on the on-screen keyboard, then the personal PIN on
 * the pad, checked by the core like a badge (the same per-officer PIN throttle as at the counter).
 * Shown only after the gesture was made twice (docs/kiosk-admin.md): a citizen's single long press
 * never shows it.
 */
export function ItPinEntry({
  onSubmit,
  onCancel,
  refusal,
}: {
  /** Answers whether the screen opened. */
  onSubmit: (credential: ItCredential) => Promise<boolean>;
  onCancel: () => void;
  refusal: string | null;
}) {
  const { t } = useTranslation();
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [step, setStep] = useState<'id' | 'pin'>('id');
  const [busy, setBusy] = useState(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const touch = useCallback(() => {
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(onCancel, PIN_ENTRY_IDLE_MS);
  }, [onCancel]);
  useEffect(() => {
    touch();
    return () => clearTimeout(idleTimer.current);
  }, [touch]);

  const submit = async () => {
    if (busy || pin.length < PIN_MIN_LENGTH) return;
    setBusy(true);
    const entered = pin;
    // The PIN is not kept on the screen, whatever the answer.
    setPin('');
    await onSubmit({ staffId: staffId.trim(), pin: entered });
    setBusy(false);
  };

  return (
    <div className="admin-screen admin-pin-entry" role="dialog" aria-modal="true" aria-labelledby="admin-pin-title" data-testid="admin-pin-entry" onPointerDown={touch}>
      <header className="admin-header">
        <div className="admin-heading">
          <h1 id="admin-pin-title">{t('admin.pin.title')}</h1>
        </div>
        <button type="button" className="admin-close" data-testid="admin-pin-cancel" onClick={onCancel}>
          {t('admin.pin.cancel')}
        </button>
      </header>
      <div className="admin-body">
        <section className="admin-card admin-wide">
          {refusal && (
            <p className="admin-problem" role="alert" data-testid="admin-pin-refusal">
              {refusal}
            </p>
          )}
          <div className="admin-field">
            <span id="admin-pin-staff-label" className="admin-field-label">
              {t('admin.pin.staffId')}
            </span>
            <button
              type="button"
              className="admin-field-value"
              aria-labelledby="admin-pin-staff-label admin-pin-staff-value"
              aria-pressed={step === 'id'}
              data-testid="admin-pin-staff-id"
              onClick={() => setStep('id')}
            >
              <span id="admin-pin-staff-value">{staffId || '\u00a0'}</span>
            </button>
          </div>
          {step === 'id' ? (
            <>
              <OnScreenKeyboard
                onAction={(action) =>
                  setStaffId((value) =>
                    action.type === 'backspace' ? value.slice(0, -1) : action.type === 'space' ? value : (value + action.char).slice(0, STAFF_ID_MAX),
                  )
                }
              />
              <button type="button" className="admin-primary" data-testid="admin-pin-next" disabled={staffId.trim() === ''} onClick={() => setStep('pin')}>
                {t('admin.pin.next')}
              </button>
            </>
          ) : (
            <>
              <p className="admin-muted">{t('admin.pin.prompt')}</p>
              <PinInput pin={pin} onChange={setPin} onSubmit={() => void submit()} canSubmit={!busy} submitLabel={t('admin.pin.open')} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
