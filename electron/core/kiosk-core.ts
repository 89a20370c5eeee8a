import type { Database } from 'better-sqlite3';
import {
  isKioskMethod,
  parseKioskPayload,
  type KioskHandlerResult,
  type KioskHandlers,
  type KioskMethod,
  type KioskState,
  type ParsedKioskInput,
  type SubmittedRating,
} from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import type { ConnectionTest } from '../../shared/kiosk-admin';
import { AdminScreenGate } from './admin-screen';
import { audit } from './audit';
import { processBootClock, type BootClock } from './boot-clock';
import { continueChainFrom } from './record-chain';
import { ensureDeviceState } from './device-state';
import { describeForLog } from './error-description';
import { openKioskDatabase, type MovedAsideFile } from './db/open';
import { describeStorageError, isStorageUnavailableError } from './db/storage-errors';
import type { SyncStatus } from '../../shared/sync-status';
import { describeDossierCodeProblem } from '../../shared/dossier-code';
import { verifyItCredential } from './staff-login/it-credential';
import { officerOnDuty, StaffLogin } from './staff-login/staff-login';
import { RatingStore } from './ratings';
import { findCounter, findStaff, findUnit } from './roster';
import { currentSession, endSession } from './sessions';
import { KioskSettingsSchema, readKioskSettings, readSetting, writeSetting } from './settings';
import { readSyncState } from './sync/state';
import { serverCounter } from './sync/status';
import { SyncEngine, type SyncEngineOptions } from './sync/engine';

export interface KioskCoreOptions {
  /** Folder of the kiosk's SQLite database. */
  dataDir: string;
  appVersion: string;
  now?: () => number;
  /** Runs once after the database opens, e.g. to seed demo data. */
  onOpen?: (db: Database, now: number) => void;
  /** Written to when something worth an IT person's attention happens. */
  log?: (line: string) => void;
  /** Sync with the provincial server (electron/core/sync, docs/sync.md): given by hosts, absent in tests of the core alone. */
  sync?: Omit<SyncEngineOptions, 'database' | 'appVersion' | 'now' | 'log' | 'bootClock'>;
  /** This start of the core and its monotonic clock (default: this process's); tests make their own boots. */
  bootClock?: BootClock;
}

/** How often a kiosk whose storage failed tries to open it again. */
const REOPEN_INTERVAL_MS = 1_000;

interface OpenState {
  db: Database;
  ratings: RatingStore;
  deviceId: string;
  movedAside: MovedAsideFile[];
  staffLogin: StaffLogin;
}

/**
 * The kiosk's core: plain Node, the same code in Electron's utility process and in the web host.
 * Every entry point validates its payload with the shared schemas and answers a Result; nothing
 * throws to the host. A storage failure (disk full, read-only folder) is reported, never hidden,
 * and the core retries by itself so that the kiosk recovers when space returns.
 */
export class KioskCore {
  private state: OpenState | null = null;
  private storageError: string | null = null;
  private lastOpenAttempt = -Infinity;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly bootClock: BootClock;
  private readonly adminScreen = new AdminScreenGate();
  /** Runs in this process on this connection (one writer), started with the core. */
  readonly sync: SyncEngine | null;

  constructor(private readonly options: KioskCoreOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.error(line));
    this.bootClock = options.bootClock ?? processBootClock();
    this.tryOpen();
    this.sync = options.sync
      ? new SyncEngine({
          ...options.sync,
          database: () => this.database,
          appVersion: options.appVersion,
          now: this.now,
          log: this.log,
          bootClock: this.bootClock,
        })
      : null;
    this.sync?.start();
  }

  /**
   * Validates and runs one KioskApi call. Unknown methods and malformed payloads are refused.
   * The methods of ASYNC_KIOSK_METHODS answer a Promise: hosts, which call any method by its
   * name, use `answer`, which awaits both kinds.
   */
  call<M extends KioskMethod>(method: M, payload: unknown): KioskHandlerResult<M>;
  call(method: unknown, payload: unknown): Result<unknown>;
  call(method: unknown, payload: unknown): Result<unknown> | Promise<Result<unknown>> {
    if (!isKioskMethod(method)) return fail('invalid_input', `unknown method ${String(method)}`);
    return this.handle(method, payload);
  }

  /** A call by its name, from a host (web host, Electron's utility process): always a Promise. */
  async answer(method: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isKioskMethod(method)) return fail('invalid_input', `unknown method ${String(method)}`);
    return this.handle(method, payload);
  }

  private handle(method: KioskMethod, payload: unknown): Result<unknown> | Promise<Result<unknown>> {
    const parsed = parseKioskPayload(method, payload);
    if (!parsed.ok) return parsed;
    try {
      const handler = this.handlers[method] as (input: unknown) => Result<unknown> | Promise<Result<unknown>>;
      const answer = handler(parsed.value);
      return answer instanceof Promise ? answer.catch((error: unknown) => this.failure(error)) : answer;
    } catch (error) {
      return this.failure(error);
    }
  }

  /** One handler per KioskApi method, checked by TypeScript against the contract (shared/contract.ts). */
  private readonly handlers: KioskHandlers = {
    getKioskState: () => ok(this.getKioskState()),
    submitRating: (draft) => this.submitRating(draft),
    updateRating: (update) => this.updateRating(update),
    finishRating: (ref) => this.finishRating(ref),
    scanBadge: ({ code, source }) => this.atCounter((login, now) => login.scanBadge(code, now, source)),
    loginWithPin: ({ staffId, pin }) => this.atCounter((login, now) => login.loginWithPin(staffId, pin, now)),
    logout: ({ proof }) => this.atCounter((login, now) => login.logout(proof, now)),
    searchStaff: ({ query }) => this.atCounter((login) => login.search(query)),
    getMyFigures: ({ proof }) => this.atCounter((login, now) => login.myFigures(proof, now)),
    setOwnPin: ({ badge, pin }) => {
      const answer = this.atCounter((login, now) => login.setOwnPin(badge, pin, now));
      // The server learns it at once when it can, and the unit's other kiosks at their next roster pull.
      if (answer.ok) void this.sync?.syncNow();
      return answer;
    },
    enrollDevice: (request) => this.enrollDevice(request),
    getSyncStatus: () => (this.sync ? ok(this.sync.status()) : fail('not_configured', 'this kiosk host does not sync')),
    startPairing: (request) => this.startPairing(request),
    chooseCounter: ({ counterId }) => this.chooseCounter(counterId),
    openAdminScreen: ({ itCredential }) => this.adminScreen.open(this.requireOpen().db, itCredential, this.now()),
    closeAdminScreen: () => {
      this.adminScreen.close(this.requireOpen().db, this.now());
      return ok({ closed: true as const });
    },
    testConnection: () => this.testConnection(),
  };

  private failure(error: unknown): Result<never> {
    if (isStorageUnavailableError(error)) {
      this.storageError = describeStorageError(error);
      this.log(`storage unavailable: ${this.storageError}`);
      return fail('storage_unavailable', 'the kiosk cannot save right now; nothing was stored');
    }
    this.log(`internal error: ${describeForLog(error)}`);
    return fail('internal', 'unexpected error; nothing was stored');
  }

  private tryOpen(): OpenState | null {
    if (this.state) return this.state;
    const now = this.now();
    if (now - this.lastOpenAttempt < REOPEN_INTERVAL_MS) return null;
    this.lastOpenAttempt = now;
    try {
      const { db, movedAside, notPrivate } = openKioskDatabase(this.options.dataDir, this.now);
      if (notPrivate.length > 0) this.log(`data folder not private (other local accounts may read it): ${notPrivate.join('; ')}`);
      const { deviceId } = ensureDeviceState(db, now);
      for (const file of movedAside.filter((f) => f.at >= now - 1000)) {
        audit(db, now, 'system', 'database_moved_aside', { path: file.path, reason: file.reason });
        this.log(`damaged database moved aside to ${file.path}: ${file.reason}`);
        // The new chain continues the damaged database's, when its head can still be read.
        const continued = continueChainFrom(db, file.path);
        audit(db, now, 'system', continued ? 'record_chain_continued' : 'record_chain_restarted', continued ? { fromSeq: continued.seq } : { path: file.path });
      }
      this.options.onOpen?.(db, now);
      const staffLogin = new StaffLogin(db, () => readSetting<string>(db, 'counterId') ?? null, () => readKioskSettings(db));
      this.state = { db, ratings: new RatingStore(db), deviceId, movedAside, staffLogin };
      this.storageError = null;
      return this.state;
    } catch (error) {
      if (!isStorageUnavailableError(error)) throw error;
      this.storageError = describeStorageError(error);
      this.log(`cannot open the kiosk database: ${this.storageError}`);
      return null;
    }
  }

  /** The open database, or a storage error to answer with. */
  private requireOpen(): OpenState {
    const state = this.tryOpen();
    if (!state) {
      const error = new Error(this.storageError ?? 'database unavailable') as Error & { code: string };
      error.code = 'SQLITE_CANTOPEN';
      throw error;
    }
    return state;
  }

  getKioskState(): KioskState {
    const state = this.tryOpen();
    const storage = {
      ok: state !== null && this.storageError === null,
      error: this.storageError,
      movedAside: state?.movedAside ?? [],
    };
    if (!state) {
      return {
        deviceId: '',
        appVersion: this.options.appVersion,
        unit: null,
        counter: null,
        officer: null,
        ratingEnabled: false,
        settings: KioskSettingsSchema.parse({}),
        storage,
        screenReloadRequestedAt: null,
        stats: { storedRatings: 0, pendingSync: 0, lastRating: null, refusedRatings: 0 },
      };
    }
    const { db } = state;
    state.staffLogin.expireDueSession(this.now());
    const counterId = readSetting<string>(db, 'counterId');
    const counter = counterId ? findCounter(db, counterId) : null;
    const unit = counter ? findUnit(db, counter.unitId) : null;
    const session = counter ? currentSession(db, counter.id) : null;
    const staff = session ? findStaff(db, session.staffId) : null;
    const settings = readKioskSettings(db);
    const counts = db
      .prepare(
        `SELECT count(*) AS stored,
                sum(CASE WHEN sent_at IS NULL AND quarantined_at IS NULL THEN 1 ELSE 0 END) AS pending
         FROM ratings`,
      )
      .get() as { stored: number; pending: number | null };
    const last = db.prepare('SELECT id, seq, created_at AS createdAt FROM ratings ORDER BY seq DESC LIMIT 1').get() as
      | { id: string; seq: number; createdAt: number }
      | undefined;
    return {
      deviceId: state.deviceId,
      appVersion: this.options.appVersion,
      unit,
      counter: counter ? { id: counter.id, name: counter.name, deskRole: counter.deskRole } : null,
      officer: session && staff ? officerOnDuty(staff, session) : null,
      ratingEnabled: typeof state.ratings.placeForRating(settings) !== 'string',
      settings,
      storage,
      screenReloadRequestedAt: readSyncState(db, 'screenReloadRequestedAt') ?? null,
      stats: {
        storedRatings: counts.stored,
        pendingSync: counts.pending ?? 0,
        lastRating: last ?? null,
        refusedRatings: state.ratings.limiter.refusedCount(),
      },
    };
  }

  submitRating(draft: ParsedKioskInput<'submitRating'>): Result<SubmittedRating> {
    const state = this.requireOpen();
    state.staffLogin.expireDueSession(this.now()); // an officer past end of shift or idle is not rated
    const outcome = state.ratings.submit(
      draft,
      { deviceId: state.deviceId, appVersion: this.options.appVersion, bootId: this.bootClock.bootId },
      { now: this.now(), monotonicMs: this.bootClock.monotonicMs() },
    );
    if (outcome === 'not_configured') return fail('not_configured', 'this kiosk has no counter configured');
    if (outcome === 'rating_disabled') return fail('rating_disabled', 'no officer is serving at this counter');
    if ('refused' in outcome) {
      return {
        ok: false,
        error: {
          code: 'rate_limited',
          message: 'too many ratings for this staff session in the last minute; the attempt was counted',
          retryAfterMs: outcome.retryAfterMs,
        },
      };
    }
    this.storageError = null;
    return ok(outcome);
  }

  /**
   * IT staff enrol the kiosk: queued at once, done by the sync engine; progress is in getSyncStatus.
   * A kiosk already enrolled is moved to another server only with an IT officer's badge or PIN
   * (`itCredential`), checked here against the roster; a fresh kiosk needs only the code.
   */
  private enrollDevice(input: ParsedKioskInput<'enrollDevice'>): Result<SyncStatus> {
    if (!this.sync) return fail('not_configured', 'this kiosk host does not sync');
    const { itCredential, ...request } = input;
    let authority: { itOfficer: string } | undefined;
    if (itCredential) {
      const officer = verifyItCredential(this.requireOpen().db, itCredential, 'enrolment', this.now());
      if (!officer.ok) return officer;
      authority = { itOfficer: officer.value.staffId };
    } else if (request.replace) {
      // The IT officer who opened the admin screen has proved it already (admin-screen.ts).
      const staffId = this.adminScreen.use(this.now())?.staffId;
      if (staffId) authority = { itOfficer: staffId };
    }
    const queued = this.sync.requestEnrolment(request, 'admin', authority);
    if (queued.ok) return ok(this.sync.status());
    const refused = fail('refused', queued.message);
    if (!refused.ok && queued.reason) refused.error.reason = queued.reason;
    return refused;
  }

  /** The admin screen's connection test (sync/connection-test.ts): needs the screen open. */
  private async testConnection(): Promise<Result<ConnectionTest>> {
    if (!this.sync) return fail('not_configured', 'this kiosk host does not sync');
    const db = this.requireOpen().db;
    const session = this.adminScreen.requireSession(this.now());
    if (!session.ok) return session;
    const tested = await this.sync.testConnection();
    if (!tested) return fail('storage_unavailable', 'the kiosk database is unavailable');
    audit(db, this.now(), 'it', 'connection_tested', { ok: tested.ok, problem: tested.problem, signed: tested.signed });
    return ok(tested);
  }

  /** IT staff pair the kiosk with a server (it is not enrolled): queued, then done by the sync engine. */
  private startPairing(input: ParsedKioskInput<'startPairing'>): Result<SyncStatus> {
    if (!this.sync) return fail('not_configured', 'this kiosk host does not sync');
    const started = this.sync.startPairing(input);
    if (started.ok) return ok(this.sync.status());
    const refused = fail('refused', started.message);
    if (!refused.ok && started.reason) refused.error.reason = started.reason;
    return refused;
  }

  /**
   * IT staff pick the kiosk's counter on the kiosk, when its server assigned none (a code bound
   * only to its unit): one of its unit's counters. The server learns it from the next heartbeat.
   */
  private chooseCounter(counterId: string): Result<SyncStatus> {
    if (!this.sync) return fail('not_configured', 'this kiosk host does not sync');
    const { db } = this.requireOpen();
    const unitId = readSyncState(db, 'unitId');
    if (!unitId) return fail('not_configured', 'this kiosk is not enrolled');
    if (serverCounter(db) !== null) return fail('refused', 'the server assigned this kiosk’s counter; change it in the console');
    const counter = findCounter(db, counterId);
    if (!counter || counter.unitId !== unitId) return fail('not_found', `no counter ${counterId} in this kiosk’s unit`);
    const now = this.now();
    db.transaction(() => {
      const previous = readSetting<string>(db, 'counterId') ?? null;
      if (previous && previous !== counterId) endSession(db, previous, now, 'counter_reassigned');
      writeSetting(db, 'counterId', counterId, now);
      audit(db, now, 'it', 'counter_assigned', { counterId, previous, by: 'kiosk' });
    })();
    void this.sync.syncNow({ full: true });
    return ok(this.sync.status());
  }

  updateRating(update: ParsedKioskInput<'updateRating'>): Result<SubmittedRating> {
    const state = this.requireOpen();
    const rating = state.ratings.update(update, this.now());
    if (!rating) return fail('not_found', 'no open rating with that id; nothing was changed');
    if ('refused' in rating) {
      const message = describeDossierCodeProblem(rating.problem);
      return { ok: false, error: { code: 'invalid_input', message, reason: 'dossier_code', issues: [{ path: 'dossierCode', message }] } };
    }
    this.storageError = null;
    return ok(rating);
  }

  /** The citizen's flow ended: the rating takes no more details, and the sync engine may send it. */
  finishRating(ref: ParsedKioskInput<'finishRating'>): Result<SubmittedRating> {
    const state = this.requireOpen();
    const closed = state.ratings.close(ref.id, this.now());
    if (!closed) return fail('not_found', 'no rating with that id');
    if (closed.closedNow) this.sync?.ratingClosed();
    return ok(closed.rating);
  }

  /**
   * Staff login at the counter (electron/core/staff-login): badge, PIN, logout, name search, own
   * figures. A session due to end (end of shift, inactivity) ends before any of them.
   */
  private atCounter<T>(action: (staffLogin: StaffLogin, now: number) => Result<T>): Result<T> {
    const { staffLogin } = this.requireOpen();
    const now = this.now();
    staffLogin.expireDueSession(now);
    return action(staffLogin, now);
  }

  /** The open database, for hosts and tests that need direct access (sync engine, admin tools). */
  get database(): Database | null {
    return this.tryOpen()?.db ?? null;
  }

  close(): void {
    this.sync?.stop();
    this.state?.db.close();
    this.state = null;
  }
}
