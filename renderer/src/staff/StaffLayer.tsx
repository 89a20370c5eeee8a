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
import { MyFigures } from './MyFigures';
import { OfficerCard } from '../components/OfficerCard';
import { StaffScreen } from './StaffScreen';
import { useCornerLongPress } from './use-corner-long-press';
import './staff.css';

/** Fired on window after a login or logout, so that App refreshes the officer and rating state at once. */
export const KIOSK_STATE_CHANGED_EVENT = 'kiosk:refresh'; // App's KIOSK_REFRESH_EVENT

const LOGIN_NOTICE_MS = 6_000;
const FIGURES_NOTICE_MS = 12_000;
const LOGOUT_NOTICE_MS = 4_000;
const REFUSAL_NOTICE_MS = 5_000;

type Notice =
  | { kind: 'login'; officer: OfficerOnDuty; alreadyLoggedIn: boolean; showFigures: boolean }
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
  const [screenOpen, setScreenOpen] = useState(false);
  const [backgroundCamera, setBackgroundCamera] = useState(false);

  const refusalText = useCallback(
    (error: { code: string; reason?: string; retryAfterMs?: number }) => {
      if (error.code === 'rate_limited') {
        return t('staff.refused.throttled', { seconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 0) / 1000)) });
      }
      if (error.code === 'refused' && error.reason) return t(`staff.refused.${error.reason}`, { defaultValue: t('staff.refused.generic') });
      if (error.code === 'invalid_input') return t('staff.refused.not_a_badge');
      if (error.code === 'not_configured') return t('staff.refused.not_configured');
      if (error.code === 'not_found') return t('staff.refused.nobody');
      return t('staff.refused.generic');
    },
    [t],
  );

  const showOutcome = useCallback(
    (result: Result<StaffLoginOutcome>) => {
      if (!result.ok) {
        setNotice({ kind: 'refused', message: refusalText(result.error) });
        return;
      }
      const outcome = result.value;
      setScreenOpen(false);
      if (outcome.action === 'login') {
        setNotice({ kind: 'login', officer: outcome.officer, alreadyLoggedIn: outcome.alreadyLoggedIn, showFigures: false });
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
    const ms =
      notice.kind === 'login' ? (notice.showFigures ? FIGURES_NOTICE_MS : LOGIN_NOTICE_MS) : notice.kind === 'logout' ? LOGOUT_NOTICE_MS : REFUSAL_NOTICE_MS;
    const timer = setTimeout(() => setNotice(null), ms);
    return () => clearTimeout(timer);
  }, [notice]);

  const openScreen = useCallback(() => {
    setNotice(null);
    setScreenOpen(true);
  }, []);
  useCornerLongPress(openScreen, !screenOpen);

  return (
    <>
      {screenOpen && <StaffScreen onClose={() => setScreenOpen(false)} onOutcome={showOutcome} />}
      {notice && (
        <div className="staff-notice-backdrop" onClick={() => notice.kind !== 'login' && setNotice(null)}>
          {notice.kind === 'login' && (
            <section className="staff-notice" role="status" data-testid="staff-login-confirmation">
              <OfficerCard officer={notice.officer}>
                <p className="staff-ok">{notice.alreadyLoggedIn ? t('staff.login.already') : t('staff.login.done')}</p>
              </OfficerCard>
              {notice.showFigures ? (
                <MyFigures />
              ) : (
                <div className="staff-actions">
                  <button type="button" data-testid="staff-confirmation-figures" onClick={() => setNotice({ ...notice, showFigures: true })}>
                    {t('staff.figures.show')}
                  </button>
                  <button type="button" data-testid="staff-confirmation-close" onClick={() => setNotice(null)}>
                    {t('staff.screen.close')}
                  </button>
                </div>
              )}
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
