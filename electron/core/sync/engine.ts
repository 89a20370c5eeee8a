import type { Database } from 'better-sqlite3';
import { statfsSync } from 'node:fs';
import type { Diagnostics } from '../../../shared/fleet';
import type { UpdaterState } from '../../../shared/protocol';
import type { SyncStatus } from '../../../shared/sync-status';
import { processBootClock, type BootClock } from '../boot-clock';
import { describeBriefly } from '../error-description';
import { KioskSettingsSchema, readKioskSettings, readSetting } from '../settings';
import type { ConnectionTest } from '../../../shared/kiosk-admin';
import { carryOutCommands, journalLines } from './commands';
import { testConnection } from './connection-test';
import { Pairing, PAIRING_POLL_MS } from './pairing';
import { backoffDelay } from './backoff';
import { BatchUpload, type UploadTally } from './batch-upload';
import { SyncHttpClient } from './client';
import { ClockOffset } from './clock-offset';
import { Enrolment, type EnrolmentRequest, type Queued, type ReEnrolmentAuthority } from './enrolment';
import { RetryableError } from './errors';
import { pullConfig, pullRoster } from './etag-pull';
import { sendHeartbeat } from './heartbeat';
import { NetworkWatch } from './network-watch';
import { PinUpload } from './pin-upload';
import type { SecretStore } from './secret-store';
import { SignedRequests } from './signed-request';
import { deleteSyncState, journal, readSyncState, writeSyncState, type PendingEnrolment } from './state';
import { syncStatus } from './status';

/** Each request of the admin screen's connection test gives up after this long. */
export const CONNECTION_TEST_TIMEOUT_MS = 3_000;

export interface SyncEngineOptions {
  /** The core's own connection (one writer), or null while the storage is unavailable. */
  database: () => Database | null;
  appVersion: string;
  secrets: SecretStore;
  /** Folder searched for provisioning.json at start-up; none when absent. */
  dataDir?: string;
  now?: () => number;
  random?: () => number;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Watch the network interfaces and sync at once when one comes back (default true). */
  watchNetwork?: boolean;
  /** Sync by itself on its schedule (default true); false leaves every run to syncNow() (tests, tools). */
  autoSync?: boolean;
  /** Multiplies every retry delay (default 1): fault tests compress the same schedule into seconds. */
  backoffScale?: number;
  requestTimeoutMs?: number;
  /** The self-updater's state, sent in the heartbeat (Electron main hands it to the core). */
  updaterState?: () => UpdaterState | null;
  /** Plain http to a server other than this machine: KIOSK_ALLOW_HTTP=1, for development only (docs/sync.md). */
  allowHttp?: boolean;
  /** The core's boot and monotonic clock (default: this process's), which clock anchors are taken for. */
  bootClock?: BootClock;
}

export interface SyncRunResult extends UploadTally {
  ok: boolean;
  error?: string;
}

/**
 * The kiosk's sync engine (protocol v1): when to sync, and one run after another. It runs in the
 * core's process on the core's connection, talks to the server with async fetch, and writes only
 * in short transactions. What a run does is in its own modules: enrolment (enrolment.ts), the
 * ratings' upload (batch-upload.ts), roster and config (etag-pull.ts), the heartbeat
 * (heartbeat.ts), every signed call with its clock-skew retry (signed-request.ts, clock-offset.ts),
 * and the status IT staff read (status.ts).
 *
 * Delivery is at-least-once: a rating is marked sent only when the server's answer names it
 * accepted or duplicate; anything else (timeouts, cut connections, 5xx, 429) is retried with
 * backoff, forever, and the server's idempotent ingest makes the resend harmless.
 */
export class SyncEngine {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private readonly clock: ClockOffset;
  private readonly enrolment: Enrolment;
  private readonly pairing: Pairing;
  private readonly requests: SignedRequests;
  private readonly testClient: (serverUrl: string) => SyncHttpClient;
  private readonly upload: BatchUpload;
  private readonly pins: PinUpload;
  private readonly network: NetworkWatch | null;
  private running: Promise<SyncRunResult> | null = null;
  private runAgain = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextAttemptAt: number | null = null;
  private failures = 0;
  /** Ratings closed since the last run started. */
  private closedRatings = 0;
  /** The last run found the kiosk not enrolled: nothing to send until an enrolment is asked for. */
  private awaitingEnrolment = false;
  private started = false;
  private stopped = false;
  private lastHousekeepingAt = -Infinity;
  private lastError: { at: number; message: string } | null = null;
  /** The triggers' settings, read at each run: the citizen's path does not read settings for the engine. */
  private syncAfterRatings: number = KioskSettingsSchema.shape.syncAfterRatings.parse(undefined);
  private syncQuietDelayMs: number = KioskSettingsSchema.shape.syncQuietDelayMs.parse(undefined);

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? ((line) => console.error(line));
    this.network = options.watchNetwork === false ? null : new NetworkWatch(() => this.networkChanged());
    const boot = options.bootClock ?? processBootClock();
    this.clock = new ClockOffset(this.now, boot);
    const client = (serverUrl: string) =>
      new SyncHttpClient(serverUrl, {
        fetch: options.fetch,
        now: this.now,
        timeoutMs: options.requestTimeoutMs ?? 30_000,
        monotonic: () => boot.monotonicMs(),
      });
    // The connection test waits less than a sync run: its two or three requests together stay
    // within the time Electron main waits for any call to the core (core-process.ts, 10 s).
    this.testClient = (serverUrl: string) =>
      new SyncHttpClient(serverUrl, { fetch: options.fetch, now: this.now, timeoutMs: CONNECTION_TEST_TIMEOUT_MS, monotonic: () => boot.monotonicMs() });
    this.requests = new SignedRequests(client, this.clock, this.now);
    this.enrolment = new Enrolment({
      secrets: options.secrets,
      client,
      clock: this.clock,
      appVersion: options.appVersion,
      now: this.now,
      log: this.log,
      allowHttp: options.allowHttp,
    });
    this.upload = new BatchUpload(this.requests, this.now, () => this.stopped, boot);
    this.pins = new PinUpload(this.requests, this.now, this.log);
    this.pairing = new Pairing({ client, now: this.now, appVersion: options.appVersion, allowHttp: options.allowHttp });
  }

  /** Reads a provisioning file, then syncs at once and on schedule from then on. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    const db = this.options.database();
    if (db && this.options.dataDir) this.enrolment.takeProvisioningFile(db, this.options.dataDir, (request) => this.pairing.start(db, request));
    if (this.options.autoSync === false) return;
    this.network?.start();
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.started = false;
    this.network?.stop();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  /**
   * A rating was closed (its citizen's flow ended): it can be sent now. It leaves `syncQuietDelayMs`
   * later with every rating closed meanwhile, so that a burst goes as one batch, or at once when
   * `syncAfterRatings` closed ratings wait. (A rating still open for details cannot be sent, so
   * a submit is no reason to sync.)
   */
  ratingClosed(): void {
    this.closedRatings += 1;
    if (!this.started || this.awaitingEnrolment) return;
    // During backoff closed ratings do not hammer a server that is down; the backoff timer decides.
    if (this.failures > 0) return;
    if (this.closedRatings >= this.syncAfterRatings) return this.kick();
    // A run under way ends by scheduling the quiet-delay send (syncNow).
    if (this.running) return;
    const sendAt = this.now() + this.syncQuietDelayMs;
    if (this.timer === null || this.nextAttemptAt === null || this.nextAttemptAt > sendAt) this.schedule(this.syncQuietDelayMs);
  }

  /** The network came back (an interface changed, or the host was told): forget the backoff and sync now. */
  networkChanged(): void {
    if (!this.started) return;
    this.failures = 0;
    this.kick();
  }

  /**
   * IT staff ask for an enrolment (admin screen, environment): queued, then carried out by a run at
   * once. An enrolled kiosk is moved to another server only with an `authority` (enrolment.ts).
   */
  requestEnrolment(request: EnrolmentRequest, source: PendingEnrolment['source'], authority?: ReEnrolmentAuthority): Queued {
    const db = this.options.database();
    if (!db) return { ok: false, message: 'the kiosk database is unavailable' };
    const queued = this.enrolment.request(db, request, source, authority);
    if (queued.ok) {
      this.awaitingEnrolment = false;
      this.failures = 0;
      this.kick();
    }
    return queued;
  }

  /** IT staff (or a provisioning file without a code) start pairing with a server: a run asks for a code at once. */
  startPairing(request: { serverUrl: string; deviceName?: string | undefined }): Queued {
    const db = this.options.database();
    if (!db) return { ok: false, message: 'the kiosk database is unavailable' };
    const started = this.pairing.start(db, request);
    if (started.ok) {
      this.awaitingEnrolment = false;
      this.failures = 0;
      this.kick();
    }
    return started;
  }

  /**
   * The admin screen's connection test (connection-test.ts): the server's health, then a signed
   * request of this kiosk once enrolled. Runs beside the schedule, changes nothing of it.
   */
  async testConnection(): Promise<ConnectionTest | null> {
    const db = this.options.database();
    if (!db) return null;
    return testConnection(db, {
      client: this.testClient,
      requests: new SignedRequests(this.testClient, this.clock, this.now),
      credentials: () => this.enrolment.credentials(db),
      now: this.now,
    });
  }

  private kick(): void {
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.started || this.options.autoSync === false) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
    this.timer.unref?.();
  }

  private settings() {
    const db = this.options.database();
    return db ? readKioskSettings(db) : KioskSettingsSchema.parse({});
  }

  /**
   * One sync run now: enrol if asked, send every ready rating, then (when due, or `full`) pull the
   * roster and config and send a heartbeat.
   */
  syncNow(options: { full?: boolean } = {}): Promise<SyncRunResult> {
    if (options.full) this.lastHousekeepingAt = -Infinity;
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    const run = this.run().finally(() => {
      this.running = null;
      if (this.stopped || this.failures > 0) return;
      if (this.runAgain) {
        this.runAgain = false;
        this.schedule(0);
      } else if (this.closedRatings > 0 && !this.awaitingEnrolment) {
        // Ratings closed while this run was under way may have missed it: they follow after the quiet delay.
        this.schedule(this.syncQuietDelayMs);
      }
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<SyncRunResult> {
    const result: SyncRunResult = { ok: true, sent: 0, quarantined: 0, batches: 0 };
    const db = this.options.database();
    if (!db) {
      this.fail(null, 'the kiosk database is unavailable', null);
      return { ...result, ok: false, error: 'storage unavailable' };
    }
    try {
      this.closedRatings = 0;
      ({ syncAfterRatings: this.syncAfterRatings, syncQuietDelayMs: this.syncQuietDelayMs } = this.settings());
      if (!readSyncState(db, 'serverDeviceId') && !readSyncState(db, 'pendingEnrolment') && this.pairing.active(db)) {
        const approved = await this.pairing.step(db);
        if (!approved) {
          // Waiting for IT staff: ask again shortly (the code shows on the admin screen meanwhile).
          this.failures = 0;
          this.schedule(PAIRING_POLL_MS);
          return result;
        }
        const queued = this.enrolment.request(db, approved, 'pairing');
        if (!queued.ok) throw new Error(queued.message);
      }
      // Just enrolled: pull the roster and config at once.
      if (await this.enrolment.enrolIfAsked(db)) this.lastHousekeepingAt = -Infinity;
      const credentials = await this.enrolment.credentials(db);
      this.awaitingEnrolment = credentials === null;
      if (!credentials) {
        // Not enrolled: nothing to do until IT staff enrol the kiosk (requestEnrolment kicks a run).
        this.nextAttemptAt = null;
        return result;
      }
      // Which revision the server speaks decides whether records go with their chain: asked once, before the first batch.
      if (readSyncState(db, 'serverRevision') === undefined && this.requests.trust.serverSigns(db)) {
        await pullConfig(db, this.requests, credentials, this.now);
      }
      await this.upload.drain(db, credentials, result);
      // PINs officers set themselves here, before the roster pull that would otherwise bring back the old one.
      await this.pins.send(db, credentials);
      const { heartbeatIntervalMs, syncIntervalMs } = this.settings();
      if (this.now() - this.lastHousekeepingAt >= heartbeatIntervalMs) {
        await pullRoster(db, this.requests, credentials, this.now, this.log);
        await pullConfig(db, this.requests, credentials, this.now);
        const commands = await this.heartbeat(db, credentials);
        if (commands.length > 0) {
          const carried = await carryOutCommands(
            db,
            commands,
            {
              syncNow: async () => {
                await this.upload.drain(db, credentials, result);
              },
              repull: async () => {
                deleteSyncState(db, 'rosterEtag');
                deleteSyncState(db, 'configEtag');
                await pullRoster(db, this.requests, credentials, this.now, this.log);
                await pullConfig(db, this.requests, credentials, this.now);
              },
              diagnostics: () => this.diagnostics(db),
            },
            this.now,
          );
          // What became of them reaches the console at once, not at the next interval.
          if (carried > 0) await this.heartbeat(db, credentials);
        }
        this.lastHousekeepingAt = this.now();
      }
      this.failures = 0;
      writeSyncState(db, 'lastSuccessAt', this.now(), this.now());
      this.schedule(syncIntervalMs);
      return result;
    } catch (error) {
      // Our own failures say what went wrong; anything else (a bug, the database) is named by its
      // kind and place only, since its message may quote the data (docs/sync.md, "Logs").
      const message = error instanceof RetryableError ? error.message : describeBriefly(error);
      this.fail(db, message, error instanceof RetryableError ? error.retryAfter : null);
      return { ...result, ok: false, error: message };
    }
  }

  private heartbeat(db: Database, credentials: NonNullable<Awaited<ReturnType<Enrolment['credentials']>>>) {
    return sendHeartbeat(db, this.requests, credentials, {
      appVersion: this.options.appVersion,
      status: this.status(),
      now: this.now,
      freeDiskBytes: this.freeDiskBytes(),
      updater: this.options.updaterState?.() ?? null,
    });
  }

  /** Free space where the kiosk keeps its database; null when the host gave no folder or it cannot be read. */
  private freeDiskBytes(): number | null {
    if (!this.options.dataDir) return null;
    try {
      const stats = statfsSync(this.options.dataDir);
      return Math.min(Number.MAX_SAFE_INTEGER, stats.bavail * stats.bsize);
    } catch {
      return null;
    }
  }

  /** The command send_diagnostics: the status in short, and the journal's last lines. */
  private diagnostics(db: Database): Diagnostics {
    const status = this.status();
    return {
      status: {
        appVersion: this.options.appVersion,
        phase: status.phase,
        serverUrl: status.serverUrl,
        serverDeviceId: status.serverDeviceId,
        unitId: status.unitId,
        counterId: readSetting<string>(db, 'counterId') ?? null,
        pendingCount: status.pendingCount,
        oldestPendingAgeMs: status.oldestPendingAgeMs,
        quarantinedCount: status.quarantinedCount,
        lastSuccessAt: status.lastSuccessAt,
        lastError: status.lastError?.message.slice(0, 500) ?? null,
        consecutiveFailures: status.consecutiveFailures,
        clockOffsetMs: status.clockOffsetMs,
        freeDiskBytes: this.freeDiskBytes(),
        rosterVersion: readSyncState(db, 'rosterEtag') ?? null,
        settingsVersion: readSyncState(db, 'configEtag') ?? null,
        settingsProblems: (readSyncState(db, 'settingsProblems') ?? []).join('; ').slice(0, 500) || null,
        rosterProblems: (readSyncState(db, 'rosterProblems') ?? []).map((p) => `${p.staffId ?? '-'} ${p.reason}`).join('; ').slice(0, 500) || null,
        secretStorage: status.secretStorage,
      },
      log: journalLines(db),
    };
  }

  private fail(db: Database | null, message: string, retryAfter: number | null): void {
    this.failures += 1;
    const now = this.now();
    const delay = Math.round(
      Math.max(backoffDelay(this.failures, this.random), retryAfter ?? 0) * (this.options.backoffScale ?? 1),
    );
    try {
      if (db) {
        db.transaction(() => {
          writeSyncState(db, 'lastError', { at: now, message }, now);
          journal(db, now, 'error', { message, failures: this.failures, retryInMs: delay });
        })();
      }
    } catch {
      // The error is still in memory for the status; the database may be what failed.
    }
    this.lastError = { at: now, message };
    this.log(`sync: ${message}; retrying in ${delay < 10_000 ? `${delay} ms` : `${Math.round(delay / 1000)} s`}`);
    this.schedule(delay);
  }

  /** The state of sync for IT staff. Reads only; never blocks on the network. */
  status(): SyncStatus {
    const db = this.options.database();
    return syncStatus(
      db,
      {
        secretStorage: this.options.secrets.description,
        secretStorageProtected: this.options.secrets.protectedAtRest !== false,
        consecutiveFailures: this.failures,
        nextAttemptAt: this.nextAttemptAt,
        running: this.running !== null,
        lastError: this.lastError,
        clockOffsetMs: this.clock.current(db),
      },
      this.now(),
    );
  }
}
