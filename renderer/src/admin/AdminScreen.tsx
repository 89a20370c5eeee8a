import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADMIN_SCREEN_IDLE_MS, type AdminScreenSession, type ConnectionTest } from '../../../shared/kiosk-admin';
import type { KioskError } from '../../../shared/result';
import type { SyncStatus } from '../../../shared/sync-status';
import { CodePad } from '../components/CodePad';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OnScreenKeyboard, type KeyboardAction } from '../components/OnScreenKeyboard';
import { kiosk } from '../kiosk';
import { connectionTestText, formatTime, refusalText, statusLines } from './admin-texts';
import { PairingQr } from './PairingQr';

const STATUS_POLL_MS = 2_000;
const SERVER_URL_MAX = 300;
const CODE_MAX = 64;

type Field = 'serverUrl' | 'code';
/** Set up with a server: pair (the address only; IT approves the code in the console) or enrol with a code. */
type SetupMode = 'pair' | 'code';

/**
 * IT staff's admin screen on the kiosk (docs/kiosk-admin.md), made for touch like the citizen's
 * screens: the pairing code and its QR, the status of sync, the connection test, the counter to
 * choose, and the server's address typed on the on-screen keyboard. Every text is in vi and en;
 * errors are shown from their codes, never as the protocol's English. It follows the kiosk's state
 * as it changes and closes itself after ADMIN_SCREEN_IDLE_MS without a touch.
 */
export function AdminScreen({ session, onClose }: { session: AdminScreenSession; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [statusError, setStatusError] = useState<KioskError | null>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const touch = useCallback(() => {
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(onClose, ADMIN_SCREEN_IDLE_MS);
  }, [onClose]);
  useEffect(() => {
    touch();
    return () => clearTimeout(idleTimer.current);
  }, [touch]);

  const refresh = useCallback(() => {
    void kiosk.getSyncStatus().then((result) => {
      if (result.ok) {
        setStatus(result.value);
        setStatusError(null);
      } else {
        setStatusError(result.error);
      }
    });
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <div
      className="admin-screen"
      role="dialog"
      aria-modal="true"
      aria-labelledby="admin-title"
      lang={language}
      data-testid="admin-screen"
      onPointerDown={touch}
      onKeyDown={touch}
    >
      <header className="admin-header">
        <div className="admin-heading">
          <h1 id="admin-title">{t('admin.screen.title')}</h1>
          <p className="admin-muted" data-testid="admin-opened-by">
            {session.officerName ? t('admin.screen.openedBy', { name: session.officerName }) : t('admin.screen.firstStart')}
          </p>
        </div>
        <LanguageSwitch />
        <button type="button" className="admin-close" data-testid="admin-close" onClick={onClose}>
          {t('admin.screen.close')}
        </button>
      </header>

      <div className="admin-body">
        {statusError && (
          <p className="admin-problem" role="alert">
            {refusalText(statusError, t)}
          </p>
        )}
        {status?.pairing && !status.enrolled && <PairingCard pairing={status.pairing} language={language} />}
        {status && <StatusCard status={status} language={language} />}
        {status && <ConnectionCard language={language} />}
        {status && status.counter.choices.length > 0 && <CounterCard status={status} onChosen={setStatus} />}
        {status && (!status.enrolled || session.openedBy === 'it_officer') && <SetupCard status={status} onQueued={setStatus} />}
      </div>
    </div>
  );
}

export function PairingCard({ pairing, language }: { pairing: NonNullable<SyncStatus['pairing']>; language: string }) {
  const { t } = useTranslation();
  const showCode = pairing.code !== null && (pairing.state === 'pending' || pairing.state === 'approved');
  return (
    <section className="admin-card admin-pairing" aria-labelledby="admin-pairing-title" data-testid="admin-pairing">
      <h2 id="admin-pairing-title">{t('admin.pairing.title')}</h2>
      <p data-testid="admin-pairing-state">{t(`admin.pairing.state.${pairing.state}`)}</p>
      {showCode && (
        <div className="admin-pairing-code-row">
          <div>
            <p className="admin-muted">{t('admin.pairing.codeLabel')}</p>
            <p className="admin-pairing-code" data-testid="admin-pairing-code">
              {pairing.code}
            </p>
            <p className="admin-muted">{t('admin.pairing.howTo', { server: pairing.serverUrl })}</p>
            {pairing.expiresAt !== null && <p className="admin-muted">{t('admin.pairing.expires', { time: formatTime(pairing.expiresAt, language) })}</p>}
          </div>
          {pairing.approveUrl && <PairingQr text={pairing.approveUrl} label={t('admin.pairing.qr', { code: pairing.code })} />}
        </div>
      )}
    </section>
  );
}

export function StatusCard({ status, language }: { status: SyncStatus; language: string }) {
  const { t } = useTranslation();
  const lines = statusLines(status, t, language);
  return (
    <section className="admin-card" aria-labelledby="admin-status-title">
      <h2 id="admin-status-title">{t('admin.sync.title')}</h2>
      <dl className="admin-status" data-testid="admin-status">
        {lines.map((line) => (
          <div key={line.key} className={line.warn ? 'admin-status-line admin-warn' : 'admin-status-line'} data-key={line.key}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
      {status.quarantined.length > 0 && (
        <ul className="admin-quarantined" aria-label={t('admin.sync.quarantinedList')}>
          {status.quarantined.map((q) => (
            <li key={q.id}>{t('admin.screen.quarantinedLine', { seq: q.seq, time: formatTime(q.quarantinedAt, language) })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConnectionCard({ language }: { language: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ test: ConnectionTest } | { error: KioskError } | null>(null);
  const run = async () => {
    setBusy(true);
    setOutcome(null);
    const result = await kiosk.testConnection();
    setBusy(false);
    setOutcome(result.ok ? { test: result.value } : { error: result.error });
  };
  return (
    <section className="admin-card" aria-labelledby="admin-test-title">
      <h2 id="admin-test-title">{t('admin.test.title')}</h2>
      <button type="button" className="admin-primary" data-testid="admin-test-connection" disabled={busy} onClick={() => void run()}>
        {busy ? t('admin.test.running') : t('admin.test.run')}
      </button>
      {outcome && (
        <p
          role="status"
          className={'test' in outcome && outcome.test.ok ? 'admin-ok' : 'admin-problem'}
          data-testid="admin-test-result"
          data-ok={'test' in outcome ? String(outcome.test.ok) : 'false'}
        >
          {'test' in outcome ? connectionTestText(outcome.test, t, language) : refusalText(outcome.error, t)}
        </p>
      )}
    </section>
  );
}

function CounterCard({ status, onChosen }: { status: SyncStatus; onChosen: (status: SyncStatus) => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<KioskError | null>(null);
  const choose = async (counterId: string) => {
    const result = await kiosk.chooseCounter({ counterId });
    if (result.ok) onChosen(result.value);
    setProblem(result.ok ? null : result.error);
  };
  return (
    <section className="admin-card admin-wide" aria-labelledby="admin-counter-title">
      <h2 id="admin-counter-title">{t('admin.counter.title')}</h2>
      <p className="admin-muted">{t('admin.counter.hint')}</p>
      <div className="admin-choices">
        {status.counter.choices.map((counter) => (
          <button
            type="button"
            key={counter.id}
            aria-pressed={status.counter.id === counter.id}
            data-testid="admin-counter-choice"
            onClick={() => void choose(counter.id)}
          >
            {counter.name} · {t(`deskRole.${counter.deskRole}`, { defaultValue: counter.deskRole })}
          </button>
        ))}
      </div>
      {problem && (
        <p className="admin-problem" role="alert">
          {refusalText(problem, t)}
        </p>
      )}
    </section>
  );
}

/** The server's address (and a code) on the on-screen keyboard: pairing or enrolment; enrolling again when enrolled. */
export function SetupCard({ status, onQueued }: { status: SyncStatus; onQueued: (status: SyncStatus) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<SetupMode>(status.enrolled ? 'code' : 'pair');
  const [serverUrl, setServerUrl] = useState(status.serverUrl ?? status.pairing?.serverUrl ?? 'https://');
  const [code, setCode] = useState('');
  const [editing, setEditing] = useState<Field | null>(null);
  const [outcome, setOutcome] = useState<{ queued: SetupMode } | { error: KioskError } | null>(null);
  const [busy, setBusy] = useState(false);

  const typeInto = (field: Field, action: KeyboardAction | { type: 'clear' }) => {
    const set = field === 'serverUrl' ? setServerUrl : setCode;
    const max = field === 'serverUrl' ? SERVER_URL_MAX : CODE_MAX;
    set((value) => {
      if (action.type === 'clear') return '';
      if (action.type === 'backspace') return value.slice(0, -1);
      if (action.type === 'space') return value; // addresses and codes have no spaces
      return (value + action.char).slice(0, max);
    });
  };

  const submit = async () => {
    setBusy(true);
    setOutcome(null);
    const result =
      mode === 'pair'
        ? await kiosk.startPairing({ serverUrl })
        : await kiosk.enrollDevice({ serverUrl, enrollmentCode: code, ...(status.enrolled ? { replace: true } : {}) });
    setBusy(false);
    if (result.ok) {
      onQueued(result.value);
      setOutcome({ queued: mode });
      setCode('');
      setEditing(null);
    } else {
      setOutcome({ error: result.error });
    }
  };

  const canSubmit = !busy && serverUrl.length >= 8 && (mode === 'pair' || code.trim().length >= 6);
  return (
    <section className="admin-card admin-wide" aria-labelledby="admin-setup-title" data-testid="admin-setup">
      <h2 id="admin-setup-title">{t(status.enrolled ? 'admin.setup.titleAgain' : 'admin.setup.title')}</h2>
      {status.enrolled && <p className="admin-muted">{t('admin.setup.againHint')}</p>}
      {!status.enrolled && (
        <div className="admin-choices" role="group" aria-label={t('admin.setup.how')}>
          <button type="button" aria-pressed={mode === 'pair'} data-testid="admin-mode-pair" onClick={() => setMode('pair')}>
            {t('admin.setup.pair')}
          </button>
          <button type="button" aria-pressed={mode === 'code'} data-testid="admin-mode-code" onClick={() => setMode('code')}>
            {t('admin.setup.withCode')}
          </button>
        </div>
      )}
      <TouchField id="admin-server-url" label={t('admin.sync.serverUrl')} value={serverUrl} editing={editing === 'serverUrl'} onEdit={() => setEditing('serverUrl')} />
      {mode === 'code' && <TouchField id="admin-code" label={t('admin.sync.code')} value={code} editing={editing === 'code'} onEdit={() => setEditing('code')} />}
      {editing === 'serverUrl' && <OnScreenKeyboard onAction={(action) => typeInto('serverUrl', action)} />}
      {editing === 'code' && (
        <CodePad onChar={(char) => typeInto('code', { type: 'char', char })} onBackspace={() => typeInto('code', { type: 'backspace' })} onClear={() => typeInto('code', { type: 'clear' })} />
      )}
      <button type="button" className="admin-primary" data-testid="admin-setup-submit" disabled={!canSubmit} onClick={() => void submit()}>
        {t(mode === 'pair' ? 'admin.setup.submitPair' : 'admin.setup.submitCode')}
      </button>
      {outcome && (
        <p role="status" className={'queued' in outcome ? 'admin-ok' : 'admin-problem'} data-testid="admin-setup-result">
          {'queued' in outcome ? t(outcome.queued === 'pair' ? 'admin.setup.pairing' : 'admin.sync.queued') : refusalText(outcome.error, t)}
        </p>
      )}
    </section>
  );
}

/** A field typed on the screen's own keyboard: tapping it chooses it; what is typed shows large. */
function TouchField({ id, label, value, editing, onEdit }: { id: string; label: string; value: string; editing: boolean; onEdit: () => void }) {
  return (
    <div className="admin-field">
      <span id={`${id}-label`} className="admin-field-label">
        {label}
      </span>
      <button
        type="button"
        className="admin-field-value"
        aria-labelledby={`${id}-label ${id}-value`}
        aria-pressed={editing}
        data-testid={id}
        onClick={onEdit}
      >
        <span id={`${id}-value`}>{value || '\u00a0'}</span>
      </button>
    </div>
  );
}
