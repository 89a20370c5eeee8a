import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isWeakPin, PIN_MAX_LENGTH, PIN_MIN_LENGTH } from '../../../shared/staff-login';
import { OfficerCard, type OfficerLike } from '../components/OfficerCard';
import { kiosk } from '../kiosk';
import { claimScans } from '../scanner/scan-router';
import { PinInput } from './Pads';
import { useRefusalText } from './refusal-text';

type Step =
  | { name: 'first' }
  | { name: 'again'; pin: string }
  /** The new PIN (null: remove it) waits for the officer's badge, scanned now. */
  | { name: 'badge'; pin: string | null }
  | { name: 'done'; hasPin: boolean };

/**
 * The on-duty officer sets (or removes) their own PIN, offered only after a badge login: the new
 * PIN twice on the number pad, then their badge scanned to confirm — anyone can open the staff
 * screen while the officer is away, so the open session alone is not enough. The core checks the
 * session, the badge and the PIN again (StaffLogin.setOwnPin); the screen names no staff id.
 */
export function OwnPin({ officer, onBack }: { officer: OfficerLike; onBack: () => void }) {
  const { t } = useTranslation();
  const refusalText = useRefusalText();
  const [step, setStep] = useState<Step>({ name: 'first' });
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);

  const confirmWithBadge = useCallback(
    async (badge: string, newPin: string | null) => {
      setBusy(true);
      setMessage(null);
      const result = await kiosk.setOwnPin({ badge, pin: newPin });
      if (!live.current) return;
      setBusy(false);
      if (result.ok) setStep({ name: 'done', hasPin: result.value.hasPin });
      else if (result.error.reason === 'weak_pin') {
        setStep({ name: 'first' });
        setMessage(t('staff.ownPin.weak'));
      } else setMessage(result.error.code === 'rate_limited' ? t('staff.ownPin.tooMany', { minutes: Math.max(1, Math.ceil((result.error.retryAfterMs ?? 0) / 60_000)) }) : refusalText(result.error));
    },
    [refusalText, t],
  );

  // While the badge step shows, a scan confirms the change instead of logging in or out.
  useEffect(() => {
    if (step.name !== 'badge') return;
    const newPin = step.pin;
    return claimScans((code) => void confirmWithBadge(code, newPin));
  }, [step, confirmWithBadge]);

  const submit = () => {
    if (pin.length < PIN_MIN_LENGTH) return;
    const entered = pin;
    setPin('');
    if (step.name === 'first') {
      if (isWeakPin(entered)) {
        setMessage(t('staff.ownPin.weak'));
        return;
      }
      setMessage(null);
      setStep({ name: 'again', pin: entered });
    } else if (step.name === 'again') {
      if (entered !== step.pin) {
        setMessage(t('staff.ownPin.mismatch'));
        setStep({ name: 'first' });
        return;
      }
      setMessage(null);
      setStep({ name: 'badge', pin: entered });
    }
  };

  const prompt =
    step.name === 'first'
      ? t('staff.ownPin.first', { min: PIN_MIN_LENGTH, max: PIN_MAX_LENGTH })
      : step.name === 'again'
        ? t('staff.ownPin.again')
        : step.name === 'badge'
          ? t(step.pin === null ? 'staff.ownPin.badgeToRemove' : 'staff.ownPin.badgeToSet')
          : t(step.hasPin ? 'staff.ownPin.set' : 'staff.ownPin.removed');

  return (
    <div className="staff-screen-body staff-pin" data-testid="staff-own-pin">
      <OfficerCard officer={officer} />
      <p className={step.name === 'done' ? 'staff-ok' : 'staff-muted'} role={step.name === 'done' ? 'status' : undefined} data-testid={step.name === 'done' ? 'staff-own-pin-done' : `staff-own-pin-${step.name}`}>
        {prompt}
      </p>
      {message && (
        <p className="staff-refused-line" role="alert" data-testid="staff-own-pin-message">
          {message}
        </p>
      )}
      {(step.name === 'first' || step.name === 'again') && (
        <>
          <PinInput pin={pin} onChange={setPin} onSubmit={submit} canSubmit submitLabel={t('staff.ownPin.next')} />
        </>
      )}
      {step.name === 'badge' && busy && <p className="staff-muted">{t('staff.ownPin.checking')}</p>}
      <div className="staff-actions">
        {step.name === 'first' && (
          <button
            type="button"
            data-testid="staff-own-pin-remove"
            onClick={() => {
              setMessage(null);
              setPin('');
              setStep({ name: 'badge', pin: null });
            }}
          >
            {t('staff.ownPin.remove')}
          </button>
        )}
        <button type="button" className={step.name === 'done' ? 'staff-primary' : 'staff-back'} data-testid={step.name === 'done' ? 'staff-own-pin-finish' : 'staff-back'} onClick={onBack}>
          {step.name === 'done' ? t('staff.ownPin.finish') : t('staff.screen.back')}
        </button>
      </div>
    </div>
  );
}
