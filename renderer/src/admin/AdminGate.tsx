import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItCredential } from '../../../shared/it-credential';
import { ADMIN_ARMED_MS, ADMIN_LONG_PRESS_MS, type AdminScreenSession } from '../../../shared/kiosk-admin';
import { kiosk } from '../kiosk';
import { claimScans } from '../scanner/scan-router';
import { useCornerLongPress } from '../staff/use-corner-long-press';
import { refusalText } from './admin-texts';
import { ItPinEntry } from './ItPinEntry';
// With the gate, not the lazy screen: the refusal and the PIN entry show before the screen ever loaded.
import './admin.css';

// Loaded when first opened: the citizen's screens do not carry the admin screen and its QR code maker.
const AdminScreen = lazy(() => import('./AdminScreen').then((module) => ({ default: module.AdminScreen })));

const REFUSAL_SHOWN_MS = 6_000;
/** How often a closed screen looks for a first-start kiosk pairing, to show its code by itself. */
const FIRST_START_POLL_MS = 5_000;

export const ADMIN_HASH = '#admin';

/**
 * The way into the kiosk's admin screen, mounted around the kiosk (docs/kiosk-admin.md). The
 * gesture — a long press on the top-right corner, or `#admin` in the address — shows nothing: it
 * only lets the next badge scan go to the core as an IT credential instead of a staff login. An
 * IT officer's badge opens the screen; any other is refused like a badge at the counter, in the
 * kiosk's language; a citizen without a badge sees nothing at all. The gesture made a second time
 * while armed shows the PIN entry (staff id and PIN), for an IT officer without their badge. At first start (not enrolled,
 * no counter, nobody of the IT role) the gesture opens it at once, and it opens by itself while
 * the kiosk shows a pairing code. It closes on its close button, after its idle time, and when
 * `#admin` leaves the address.
 */
export function AdminGate({ app }: { app: ReactNode }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<AdminScreenSession | null>(null);
  const [armed, setArmed] = useState(false);
  const [pinEntry, setPinEntry] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  /** The pairing code whose screen IT staff closed: it is not opened again by itself for that code. */
  const dismissedCode = useRef<string | null | undefined>(undefined);

  const open = useCallback(
    async (itCredential?: ItCredential): Promise<boolean> => {
      const result = await kiosk.openAdminScreen(itCredential ? { itCredential } : {});
      if (result.ok) {
        setSession(result.value);
        setArmed(false);
        setPinEntry(false);
        setRefusal(null);
        return true;
      }
      // A refusal is shown only to someone who offered a credential: the bare gesture says nothing.
      if (itCredential) setRefusal(refusalText(result.error, t));
      return false;
    },
    [t],
  );

  const arm = useCallback(() => {
    void open().then((opened) => {
      if (!opened) setArmed(true);
    });
  }, [open]);

  // The gesture made again while armed: an IT officer without their badge asks for the PIN entry.
  const onCornerHeld = useCallback(() => (armed ? setPinEntry(true) : arm()), [armed, arm]);

  const close = useCallback(() => {
    void kiosk.closeAdminScreen();
    setSession((current) => {
      if (current) void kiosk.getSyncStatus().then((result) => (dismissedCode.current = result.ok ? (result.value.pairing?.code ?? null) : null));
      return null;
    });
    if (window.location.hash === ADMIN_HASH) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }, []);

  // Leaving the page (a reload, the window closing) ends the core's session too.
  useEffect(() => {
    if (!session) return;
    const leave = () => void kiosk.closeAdminScreen();
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [session]);

  useCornerLongPress(onCornerHeld, session === null && !pinEntry, { corner: 'top-right', holdMs: ADMIN_LONG_PRESS_MS });

  // `#admin` in the address works like the gesture, whenever it is set; leaving it closes the screen.
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash === ADMIN_HASH) arm();
      else close();
    };
    // Loaded with `#admin` already in the address: as if it had just been set.
    if (window.location.hash === ADMIN_HASH) queueMicrotask(arm);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [arm, close]);

  // Armed: the next scan is an IT credential, for a short while; no scan while open logs anyone in.
  useEffect(() => {
    if (!armed && !session && !pinEntry) return;
    const release = claimScans((code) => {
      if (!session) void open({ badgeCode: code });
    });
    const timer = armed && !pinEntry ? setTimeout(() => setArmed(false), ADMIN_ARMED_MS) : undefined;
    return () => {
      release();
      clearTimeout(timer);
    };
  }, [armed, session, pinEntry, open]);

  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), REFUSAL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refusal]);

  // A kiosk at first start that is pairing (a provisioning file with the server's address) shows its code by itself.
  useEffect(() => {
    if (session) return;
    let live = true;
    const look = () =>
      void kiosk.getSyncStatus().then((result) => {
        if (!live || !result.ok) return;
        const { enrolled, pairing } = result.value;
        if (enrolled || !pairing || pairing.state === 'refused' || pairing.code === dismissedCode.current) return;
        void open();
      });
    look();
    const timer = setInterval(look, FIRST_START_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session, open]);

  return (
    <>
      {app}
      {session && (
        <Suspense fallback={null}>
          <AdminScreen session={session} onClose={close} />
        </Suspense>
      )}
      {pinEntry && !session && (
        <ItPinEntry
          refusal={refusal}
          onSubmit={open}
          onCancel={() => {
            setPinEntry(false);
            setArmed(false);
            setRefusal(null);
          }}
        />
      )}
      {refusal && !pinEntry && (
        <div className="admin-refusal-backdrop" onClick={() => setRefusal(null)}>
          <p className="admin-refusal" role="alert" data-testid="admin-refusal">
            {refusal}
          </p>
        </div>
      )}
    </>
  );
}
