import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskState } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import {
  PIN_MIN_LENGTH,
  type MyFigures as Figures,
  type StaffLoginOutcome,
  type StaffProof,
  type StaffSearchHit,
} from '../../../shared/staff-login';
import { kiosk } from '../kiosk';
import { startCameraScanner } from '../scanner/camera-scanner';
import { claimScans } from '../scanner/scan-router';
import { MyFigures } from './MyFigures';
import { OfficerCard, OfficerPhoto, type OfficerLike } from '../components/OfficerCard';
import { OwnPin } from './OwnPin';
import { LetterPad, PinInput } from './Pads';
import { useRefusalText } from './refusal-text';

/** The staff screen closes by itself when nobody touches it for this long. */
const SCREEN_IDLE_MS = 60_000;

/** What the on-duty officer proves who they are for. */
export type StaffAction = 'figures' | 'logout';

type Mode =
  | { name: 'home' }
  | { name: 'prove'; action: StaffAction }
  | { name: 'figures'; figures: Figures }
  | { name: 'camera' }
  | { name: 'search' }
  | { name: 'pin'; who: StaffSearchHit }
  | { name: 'ownPin' };

interface Props {
  onClose: () => void;
  /** Every login/logout answer goes to the layer, which shows the confirmation or the refusal. */
  onOutcome: (result: Result<StaffLoginOutcome>) => void;
  /** Opens straight on proving who one is for this action (the login confirmation's figures button), or on setting one's PIN. */
  startWith?: StaffAction | 'ownPin';
}

/**
 * Staff only, opened by a long press on the screen's corner: who is logged in, badge scanning with
 * the camera, and PIN login for an officer without a badge. Anyone can hold the corner, so what
 * touches the on-duty officer — logging them out, their figures — first asks for their own badge
 * or PIN, which the core checks.
 */
export function StaffScreen({ onClose, onOutcome, startWith }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>(
    startWith === 'ownPin' ? { name: 'ownPin' } : startWith ? { name: 'prove', action: startWith } : { name: 'home' },
  );
  const [state, setState] = useState<KioskState | null>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const touch = useCallback(() => {
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(onClose, SCREEN_IDLE_MS);
  }, [onClose]);

  useEffect(() => {
    touch();
    void kiosk.getKioskState().then((result) => result.ok && setState(result.value));
    return () => clearTimeout(idleTimer.current);
  }, [touch]);

  const cameraAllowed = state?.settings.cameraBadgeScanning !== 'off';

  return (
    <div className="staff-screen" role="dialog" aria-modal="true" aria-label={t('staff.screen.title')} data-testid="staff-screen" onPointerDown={touch}>
      <header className="staff-screen-header">
        <h1>{t('staff.screen.title')}</h1>
        <button type="button" className="staff-close" data-testid="staff-screen-close" onClick={onClose}>
          {t('staff.screen.close')}
        </button>
      </header>

      {mode.name === 'home' && (
        <div className="staff-screen-body">
          {state?.officer ? (
            <OfficerCard officer={state.officer}>
              <p className="staff-muted">{t('staff.screen.onDuty', { counter: state.counter?.name ?? '' })}</p>
            </OfficerCard>
          ) : (
            <p className="staff-muted">{t('staff.screen.nobody')}</p>
          )}
          <div className="staff-actions">
            {state?.officer && (
              <>
                <button type="button" data-testid="staff-figures-button" onClick={() => setMode({ name: 'prove', action: 'figures' })}>
                  {t('staff.figures.show')}
                </button>
                <button type="button" data-testid="staff-logout" onClick={() => setMode({ name: 'prove', action: 'logout' })}>
                  {t('staff.screen.logout')}
                </button>
                {/* Only after a badge login: a PIN login never changes the PIN (the core refuses it too). */}
                {state.officer.loginMethod === 'badge' && (
                  <button type="button" data-testid="staff-own-pin-button" onClick={() => setMode({ name: 'ownPin' })}>
                    {t('staff.ownPin.open')}
                  </button>
                )}
              </>
            )}
            {cameraAllowed && (
              <button type="button" data-testid="staff-camera-button" onClick={() => setMode({ name: 'camera' })}>
                {t('staff.screen.camera')}
              </button>
            )}
            <button type="button" data-testid="staff-pin-button" onClick={() => setMode({ name: 'search' })}>
              {t('staff.screen.pinLogin')}
            </button>
          </div>
        </div>
      )}

      {mode.name === 'prove' && state?.officer && (
        <ProveOfficer
          action={mode.action}
          officer={state.officer}
          onFigures={(figures) => setMode({ name: 'figures', figures })}
          onOutcome={onOutcome}
          onBack={() => setMode({ name: 'home' })}
        />
      )}

      {mode.name === 'prove' && state && !state.officer && <p className="staff-muted">{t('staff.screen.nobody')}</p>}

      {mode.name === 'ownPin' && state?.officer && <OwnPin officer={state.officer} onBack={() => setMode({ name: 'home' })} />}

      {mode.name === 'figures' && (
        <div className="staff-screen-body">
          <MyFigures figures={mode.figures} />
          <BackButton onBack={() => setMode({ name: 'home' })} />
        </div>
      )}

      {mode.name === 'camera' && (
        <div className="staff-screen-body">
          <CameraView />
          <BackButton onBack={() => setMode({ name: 'home' })} />
        </div>
      )}

      {mode.name === 'search' && (
        <NameSearch onPick={(who) => setMode({ name: 'pin', who })} onBack={() => setMode({ name: 'home' })} />
      )}

      {mode.name === 'pin' && <PinEntry who={mode.who} onOutcome={onOutcome} onBack={() => setMode({ name: 'search' })} />}
    </div>
  );
}

function BackButton({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="staff-back" data-testid="staff-back" onClick={onBack}>
      {t('staff.screen.back')}
    </button>
  );
}

/** The camera's picture while it looks for a badge QR; scans go through the scan router to badge login. */
function CameraView() {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    startCameraScanner({ video: video.current })
      .then((stopCamera) => {
        if (cancelled) stopCamera();
        else stop = stopCamera;
      })
      .catch(() => setError(true));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  return (
    <div className="staff-camera" data-testid="staff-camera">
      <video ref={video} muted playsInline className="staff-camera-video" />
      <p role="status">{error ? t('staff.camera.error') : t('staff.camera.hint')}</p>
    </div>
  );
}

function NameSearch({ onPick, onBack }: { onPick: (who: StaffSearchHit) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<StaffSearchHit[]>([]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      if (query.trim().length < 2) {
        setHits([]);
        return;
      }
      void kiosk.searchStaff({ query }).then((result) => {
        if (live && result.ok) setHits(result.value);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  return (
    <div className="staff-screen-body staff-search">
      <p className="staff-muted">{t('staff.search.prompt')}</p>
      <div className="staff-query" role="textbox" aria-readonly="true" aria-label={t('staff.search.prompt')} data-testid="staff-search-query">
        {query || '\u00a0'}
      </div>
      <ul className="staff-hits" data-testid="staff-search-results">
        {query.trim().length >= 2 && hits.length === 0 && <li className="staff-muted">{t('staff.search.noMatch')}</li>}
        {/* No staff id anywhere on the screen, nor in the page: anyone can open this search. */}
        {hits.map((hit, index) => (
          <li key={index}>
            <button type="button" data-testid="staff-search-result" disabled={!hit.active} onClick={() => onPick(hit)}>
              <OfficerPhoto officer={hit} small />
              <span className="staff-hit-text">
                <span className="staff-officer-name">{hit.fullName}</span>
                <span className="staff-officer-title">
                  {hit.title}
                  {!hit.active && ` · ${t('staff.search.inactive')}`}
                  {hit.active && !hit.hasPin && ` · ${t('staff.search.noPin')}`}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <LetterPad
        onLetter={(letter) => setQuery((q) => (q + letter).slice(0, 60))}
        onSpace={() => setQuery((q) => (q.endsWith(' ') || q === '' ? q : `${q} `))}
        onBackspace={() => setQuery((q) => q.slice(0, -1))}
      />
      <BackButton onBack={onBack} />
    </div>
  );
}

function PinEntry({ who, onOutcome, onBack }: { who: StaffSearchHit; onOutcome: Props['onOutcome']; onBack: () => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy || pin.length < PIN_MIN_LENGTH) return;
    setBusy(true);
    const result = await kiosk.loginWithPin({ staffId: who.staffId, pin });
    setBusy(false);
    setPin('');
    onOutcome(result);
  };

  return (
    <div className="staff-screen-body staff-pin">
      <OfficerCard officer={who} />
      <p className="staff-muted">{t('staff.pin.prompt')}</p>
      <PinInput pin={pin} onChange={setPin} onSubmit={() => void submit()} canSubmit={!busy} />
      <BackButton onBack={onBack} />
    </div>
  );
}

/**
 * The on-duty officer proves it is them before a staff action: their PIN on the pad, or their
 * badge scanned (while this shows, scans come here instead of logging in or out).
 */
function ProveOfficer({
  action,
  officer,
  onFigures,
  onOutcome,
  onBack,
}: {
  action: StaffAction;
  officer: OfficerLike;
  onFigures: (figures: Figures) => void;
  onOutcome: Props['onOutcome'];
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const refusalText = useRefusalText();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);

  const prove = useCallback(
    async (proof: StaffProof) => {
      setBusy(true);
      setRefusal(null);
      if (action === 'logout') {
        const result = await kiosk.logout({ proof });
        if (!live.current) return;
        setBusy(false);
        if (result.ok) onOutcome(result);
        else setRefusal(refusalText(result.error));
        return;
      }
      const result = await kiosk.getMyFigures({ proof });
      if (!live.current) return;
      setBusy(false);
      if (result.ok) onFigures(result.value);
      else setRefusal(result.error.reason === 'citizen_rating' ? t('staff.figures.citizenRating') : refusalText(result.error));
    },
    [action, onFigures, onOutcome, refusalText, t],
  );

  useEffect(() => claimScans((code) => void prove({ badge: code })), [prove]);

  const submit = () => {
    if (busy || pin.length < PIN_MIN_LENGTH) return;
    const entered = pin;
    setPin('');
    void prove({ pin: entered });
  };

  return (
    <div className="staff-screen-body staff-pin" data-testid="staff-prove">
      <OfficerCard officer={officer} />
      <p className="staff-muted">{t(action === 'logout' ? 'staff.prove.logout' : 'staff.prove.figures')}</p>
      {refusal && (
        <p className="staff-refused-line" role="alert" data-testid="staff-prove-refusal">
          {refusal}
        </p>
      )}
      <PinInput pin={pin} onChange={setPin} onSubmit={submit} canSubmit={!busy} submitLabel={t('staff.prove.ok')} />
      <BackButton onBack={onBack} />
    </div>
  );
}
