import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficerOnDuty } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { StaffLoginOutcome } from '../../../shared/staff-login';
import { kiosk } from '../kiosk';
import type { BurstRejection } from '../scanner/burst-detector';
import { startCameraScanner } from '../scanner/camera-scanner';
import { setDefaultScanConsumer, type ScanSource } from '../scanner/scan-router';
import { startWedgeScanner } from '../scanner/wedge-scanner';
import { OfficerCard } from '../components/OfficerCard';
import { useRefusalText } from './refusal-text';
import { StaffScreen, type StaffAction } from './StaffScreen';
import { useCornerLongPress } from './use-corner-long-press';
import './staff.css';

/** Fired on window after a login or logout, so that App refreshes the officer and rating state at once. */
export const KIOSK_STATE_CHANGED_EVENT = 'kiosk:refresh'; // App's KIOSK_REFRESH_EVENT

const LOGIN_NOTICE_MS = 6_000;
const LOGOUT_NOTICE_MS = 4_000;
const REFUSAL_NOTICE_MS = 5_000;

type Notice =
  | { kind: 'login'; officer: OfficerOnDuty; alreadyLoggedIn: boolean }
  | { kind: 'logout'; fullName: string }
  | { kind: 'refused'; message: string };

/**
 * Everything of staff login that shows on the kiosk, mounted by App as an overlay: it listens for
 * badge scans (keyboard-wedge readers on any screen, the camera when configured), logs officers
 * in and out through the core, shows the short confirmation (photo and name), refusals, and the
 * staff screen opened by a long press on the top-left corner.
 */
export function StaffLayer() {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);
  /** The staff screen, when open: on its home, or straight on proving who one is for an action. */
  const [screen, setScreen] = useState<{ startWith?: StaffAction | 'ownPin' } | null>(null);
  const screenOpen = screen !== null;
  const [backgroundCamera, setBackgroundCamera] = useState(false);
  const refusalText = useRefusalText();

  const showOutcome = useCallback(
    (result: Result<StaffLoginOutcome>) => {
      if (!result.ok) {
        setNotice({ kind: 'refused', message: refusalText(result.error) });
        return;
      }
      const outcome = result.value;
      setScreen(null);
      if (outcome.action === 'login') {
        setNotice({ kind: 'login', officer: outcome.officer, alreadyLoggedIn: outcome.alreadyLoggedIn });
      } else {
        setNotice({ kind: 'logout', fullName: outcome.fullName });
      }
      window.dispatchEvent(new CustomEvent(KIOSK_STATE_CHANGED_EVENT));
    },
    [refusalText],
  );

  // Scans nobody else claimed are badge scans.
  useEffect(
    () =>
      setDefaultScanConsumer((code: string, source: ScanSource) => {
        void kiosk.scanBadge({ code, source }).then(showOutcome);
      }),
    [showOutcome],
  );

  // Keyboard-wedge readers, on every screen.
  useEffect(
    () =>
      startWedgeScanner({
        onRejected: (_reason: BurstRejection) => setNotice({ kind: 'refused', message: t('staff.refused.unreadable') }),
      }),
    [t],
  );

  // The camera watches for badges in the background only when IT staff chose 'always'.
  useEffect(() => {
    void kiosk.getKioskState().then((result) => {
      if (result.ok) setBackgroundCamera(result.value.settings.cameraBadgeScanning === 'always');
    });
  }, []);
  useEffect(() => {
    if (!backgroundCamera || screenOpen) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    startCameraScanner()
      .then((stopCamera) => (cancelled ? stopCamera() : (stop = stopCamera)))
      .catch(() => undefined);
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [backgroundCamera, screenOpen]);

  // Notices go away by themselves.
  useEffect(() => {
    if (!notice) return;
    const ms = notice.kind === 'login' ? LOGIN_NOTICE_MS : notice.kind === 'logout' ? LOGOUT_NOTICE_MS : REFUSAL_NOTICE_MS;
    const timer = setTimeout(() => setNotice(null), ms);
    return () => clearTimeout(timer);
  }, [notice]);

  const openScreen = useCallback((startWith?: StaffAction | 'ownPin') => {
    setNotice(null);
    setScreen(startWith ? { startWith } : {});
  }, []);
  useCornerLongPress(useCallback(() => openScreen(), [openScreen]), !screenOpen);

  return (
    <>
      {screen && <StaffScreen startWith={screen.startWith} onClose={() => setScreen(null)} onOutcome={showOutcome} />}
      {notice && (
        <div className="staff-notice-backdrop" onClick={() => notice.kind !== 'login' && setNotice(null)}>
          {notice.kind === 'login' && (
            <section className="staff-notice" role="status" data-testid="staff-login-confirmation">
              <OfficerCard officer={notice.officer}>
                <p className="staff-ok">{notice.alreadyLoggedIn ? t('staff.login.already') : t('staff.login.done')}</p>
              </OfficerCard>
              <div className="staff-actions">
                {/* Figures need the officer's PIN or badge once more: whoever taps here may not be the officer. */}
                <button type="button" data-testid="staff-confirmation-figures" onClick={() => openScreen('figures')}>
                  {t('staff.figures.show')}
                </button>
                {/* After a badge login only: a PIN login never changes the PIN. */}
                {notice.officer.loginMethod === 'badge' && (
                  <button type="button" data-testid="staff-confirmation-own-pin" onClick={() => openScreen('ownPin')}>
                    {t('staff.ownPin.open')}
                  </button>
                )}
                <button type="button" data-testid="staff-confirmation-close" onClick={() => setNotice(null)}>
                  {t('staff.screen.close')}
                </button>
              </div>
            </section>
          )}
          {notice.kind === 'logout' && (
            <section className="staff-notice" role="status" data-testid="staff-logout-notice">
              <p className="staff-ok">{t('staff.logout.done', { name: notice.fullName })}</p>
            </section>
          )}
          {notice.kind === 'refused' && (
            <section className="staff-notice staff-refused" role="alert" data-testid="staff-refusal">
              <p>{notice.message}</p>
            </section>
          )}
        </div>
      )}
    </>
  );
}
