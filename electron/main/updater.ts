/**
 * The kiosk's self-update (docs/updates.md): electron-updater with the `generic` provider reads
 * the provincial server's feed for this kiosk's ring, and downloads in the background; every
 * decision is update-policy.ts's. A release is accepted only when the province's signature checks
 * out with the pinned key (and an older one only when IT pinned it), the downloaded file must be
 * the signed one, and the verified file is handed to the install helper only in the kiosk's quiet
 * hours with no rating flow open. Its state is what the kiosk reports in its heartbeat.
 */
import type { KeyObject } from 'node:crypto';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { fileSha512 } from '../../shared/node/release-signing';
import type { UpdaterState } from '../../shared/protocol';
import type { HelperResult, VerifiedUpdate } from './install-handoff';
import { installDecision, judgeOffer, signedFileFor, type OfferJudgement } from './update-policy';

/** The parts of electron-updater's AppUpdater used here (tests pass a real one with a Node HTTP client). */
export type UpdaterEngine = Pick<AppUpdater, 'setFeedURL' | 'checkForUpdates' | 'on' | 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'disableWebInstaller'> & {
  isUserWithinRollout: (info: UpdateInfo) => boolean | Promise<boolean>;
};

export interface InstallWindow {
  quietHours: readonly string[];
  ratingFlowOpen: boolean;
}

export interface KioskUpdaterOptions {
  engine: UpdaterEngine;
  currentVersion: string;
  /** The province's key pinned at provisioning; null: no update is ever accepted. */
  publicKey: KeyObject | null;
  /** Why there is no key, for IT staff (a refused provisioning file). */
  keyProblem?: string | null;
  /** The feed of this kiosk's ring, or null while it is not enrolled. */
  feedUrl: () => Promise<string | null>;
  /** The kiosk's quiet hours and whether a citizen may be in front of it, asked just before installing. */
  installWindow: () => Promise<InstallWindow>;
  handOff: (update: VerifiedUpdate) => void | Promise<void>;
  /** What the install helper did with the last update, if anything. */
  helperResult: () => HelperResult | null;
  onState?: (state: UpdaterState) => void;
  log: (line: string) => void;
  now?: () => number;
  /** How often the feed is read (default 1 h) and how long after start the first time (default 2 min). */
  checkIntervalMs?: number;
  firstCheckDelayMs?: number;
}

/** A helper that has not acted on a hand-off by then is reported as failing. */
export const HELPER_GRACE_MS = 2 * 3_600_000;
/** A kiosk waiting to install looks again at least this often (settings may change meanwhile). */
const MAX_INSTALL_WAIT_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 500;

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, MAX_ERROR_LENGTH);
}

export class KioskUpdater {
  private current: UpdaterState;
  private judgement: OfferJudgement | null = null;
  private verified: VerifiedUpdate | null = null;
  private checking = false;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;
  private installTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: KioskUpdaterOptions) {
    this.now = options.now ?? (() => Date.now());
    const { engine } = options;
    engine.autoDownload = true;
    // electron-updater would run the installer itself on quit (a UAC prompt on a per-machine install): never.
    engine.autoInstallOnAppQuit = false;
    // Older versions are judged by the policy (pinned only), not refused before it sees them.
    engine.allowDowngrade = true;
    engine.disableWebInstaller = true;
    engine.isUserWithinRollout = (info) => this.judge(info);
    // electron-updater's own Authenticode check (NSIS, when a build names a publisherName) needs
    // PowerShell, which main cannot start: the install helper makes that check instead.
    if ('verifyUpdateCodeSignature' in engine) (engine as { verifyUpdateCodeSignature: unknown }).verifyUpdateCodeSignature = async () => null;
    engine.on('download-progress', (progress: { percent: number }) => {
      if (this.current.phase === 'downloading') this.set({ ...this.current, percent: Math.max(0, Math.min(100, Math.round(progress.percent))) }, false);
    });
    // electron-updater also rejects the promise this error belongs to; this listener only keeps an emitter error from throwing.
    engine.on('error', () => {});
    this.current = this.initialState();
  }

  get state(): UpdaterState {
    return this.current;
  }

  private initialState(): UpdaterState {
    if (!this.options.publicKey) {
      return { phase: 'failed', version: null, error: (this.options.keyProblem ?? 'no release key is pinned: the provisioning file gives updatePublicKey').slice(0, MAX_ERROR_LENGTH), since: this.now() };
    }
    const result = this.options.helperResult();
    const since = result && Number.isFinite(Date.parse(result.at)) ? Date.parse(result.at) : this.now();
    if (result?.ok && result.version === this.options.currentVersion) return { phase: 'installed', version: result.version, error: null, since };
    if (result && !result.ok && result.version !== this.options.currentVersion) {
      return { phase: 'failed', version: result.version, error: `the install helper refused it: ${result.message}`.slice(0, MAX_ERROR_LENGTH), since };
    }
    return { phase: 'idle', version: null, error: null, since: this.now() };
  }

  private set(state: Omit<UpdaterState, 'since'> & { since?: number }, log = true): void {
    const next: UpdaterState = { ...state, since: state.since ?? this.now() };
    this.current = next;
    if (log) this.options.log(`updater: ${next.phase}${next.version ? ` ${next.version}` : ''}${next.waitingFor ? ` (waiting for ${next.waitingFor})` : ''}${next.error ? `: ${next.error}` : ''}`);
    this.options.onState?.(next);
  }

  private judge(info: UpdateInfo): boolean {
    this.judgement = this.options.publicKey
      ? judgeOffer(info as unknown as Parameters<typeof judgeOffer>[0], this.options.currentVersion, this.options.publicKey)
      : { accept: false, refused: true, reason: 'no release key is pinned' };
    return this.judgement.accept;
  }

  /** Starts checking the feed (first after a short delay, so start-up is not slowed), then on schedule. */
  start(): void {
    this.options.onState?.(this.current);
    this.scheduleCheck(this.options.firstCheckDelayMs ?? 120_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    if (this.installTimer) clearTimeout(this.installTimer);
  }

  private scheduleCheck(delayMs: number): void {
    if (this.stopped) return;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null;
      void this.checkNow().finally(() => this.scheduleCheck(this.options.checkIntervalMs ?? 3_600_000));
    }, delayMs);
  }

  private scheduleInstall(atMs: number): void {
    if (this.stopped) return;
    if (this.installTimer) clearTimeout(this.installTimer);
    const delay = Math.max(1_000, Math.min(MAX_INSTALL_WAIT_MS, atMs - this.now()));
    this.installTimer = setTimeout(() => {
      this.installTimer = null;
      void this.tryInstallNow();
    }, delay);
  }

  /** Reads the feed once; downloads and verifies what it accepts. */
  async checkNow(): Promise<UpdaterState> {
    if (this.checking || this.stopped) return this.current;
    if (this.current.phase === 'ready') return this.current;
    if (this.current.phase === 'installing') {
      this.watchHandOff();
      return this.current;
    }
    if (!this.options.publicKey) return this.current;
    this.checking = true;
    try {
      const feed = await this.options.feedUrl();
      if (!feed) {
        if (this.current.phase !== 'installed') this.set({ phase: 'idle', version: null, error: null });
        return this.current;
      }
      const previous = this.current;
      this.set({ phase: 'checking', version: null, error: null });
      this.judgement = null;
      this.options.engine.setFeedURL({ provider: 'generic', url: feed });
      const result = await this.options.engine.checkForUpdates();
      const judgement = this.judgement as OfferJudgement | null;
      if (!result?.isUpdateAvailable || !judgement?.accept) {
        if (judgement && !judgement.accept && judgement.refused) this.set({ phase: 'failed', version: result?.updateInfo.version ?? null, error: judgement.reason });
        else if (previous.phase === 'installed') this.set({ ...previous });
        else this.set({ phase: 'idle', version: null, error: null });
        return this.current;
      }
      const version = judgement.manifest.version;
      this.set({ phase: 'downloading', version, error: null, percent: 0 });
      const files = (await result.downloadPromise) ?? [];
      const installerPath = files[0];
      if (!installerPath) throw new Error('electron-updater downloaded no file');
      const file = signedFileFor(judgement.manifest, await fileSha512(installerPath));
      if (!file) {
        this.set({ phase: 'failed', version, error: `the downloaded file is not the signed release ${version} (sha512 differs): refused` });
        return this.current;
      }
      this.verified = { installerPath, file, manifest: judgement.manifest, signature: judgement.signature };
      this.set({ phase: 'ready', version, error: null, waitingFor: null });
      await this.tryInstallNow();
    } catch (error) {
      const code = (error as { code?: string }).code;
      // The feed answers 404 while updates are paused or nothing is offered to this ring.
      if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') this.set({ phase: 'idle', version: null, error: null });
      else this.set({ phase: 'failed', version: this.current.version, error: messageOf(error) });
    } finally {
      this.checking = false;
    }
    return this.current;
  }

  /** Hands the verified update to the install helper if the kiosk may install now; else waits. */
  async tryInstallNow(): Promise<UpdaterState> {
    const update = this.verified;
    if (!update || this.current.phase !== 'ready' || this.stopped) return this.current;
    const version = update.manifest.version;
    let decision: ReturnType<typeof installDecision>;
    try {
      const window = await this.options.installWindow();
      decision = installDecision({ now: this.now(), quietHours: window.quietHours, ratingFlowOpen: window.ratingFlowOpen });
    } catch (error) {
      // Without settings the kiosk cannot know its quiet hours: it waits.
      this.options.log(`updater: cannot read the install window (${messageOf(error)}); waiting`);
      decision = { install: false, waitingFor: 'quiet_hours', retryAt: this.now() + 60_000 };
    }
    if (!decision.install) {
      if (this.current.waitingFor !== decision.waitingFor) this.set({ phase: 'ready', version, error: null, waitingFor: decision.waitingFor });
      this.scheduleInstall(decision.retryAt ?? this.now() + MAX_INSTALL_WAIT_MS);
      return this.current;
    }
    try {
      await this.options.handOff(update);
      this.set({ phase: 'installing', version, error: null });
    } catch (error) {
      this.verified = null;
      this.set({ phase: 'failed', version, error: `could not hand the update to the install helper: ${messageOf(error)}` });
    }
    return this.current;
  }

  /** While installing: the helper's refusal, or its silence for too long, is a failure to report. */
  private watchHandOff(): void {
    const version = this.current.version;
    const result = this.options.helperResult();
    if (result && result.version === version && !result.ok) {
      this.verified = null;
      this.set({ phase: 'failed', version, error: `the install helper refused it: ${result.message}`.slice(0, MAX_ERROR_LENGTH) });
    } else if (this.now() - this.current.since > HELPER_GRACE_MS) {
      this.verified = null;
      this.set({ phase: 'failed', version, error: 'the install helper did not install it (is the helper installed? see docs/deploy.en.md)' });
    }
  }
}
