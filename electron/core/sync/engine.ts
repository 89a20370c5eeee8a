import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import {
  BatchResponseSchema,
  ConfigResponseSchema,
  EnrollResponseSchema,
  ErrorResponseSchema,
  HEADER_SERVER_TIME,
  RosterResponseSchema,
  SIGNATURE_WINDOW_MS,
  type HeartbeatRequest,
} from '../../../shared/protocol';
import type { SyncPhase, SyncStatus } from '../../../shared/sync-status';
import { uuidv7 } from '../../../shared/uuid';
import { audit } from '../audit';
import { readDeviceState, writeClockOffset } from '../device-state';
import { KioskSettingsSchema, readKioskSettings } from '../settings';
import { backoffDelay, retryAfterMs } from './backoff';
import { gzip, normaliseServerUrl, SyncHttpClient, type Credentials, type HttpOutcome } from './client';
import { NetworkWatch } from './network-watch';
import { Outbox, pendingStats, recentQuarantined, type OutgoingBatch } from './outbox';
import { takeProvisioningFile } from './provisioning';
import { applyServerConfig, applyServerRoster } from './roster-pull';
import type { SecretStore } from './secret-store';
import {
  deleteSyncState,
  journal,
  readSyncState,
  writeSyncState,
  type PendingEnrolment,
} from './state';

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
}

export interface SyncRunResult {
  ok: boolean;
  sent: number;
  quarantined: number;
  batches: number;
  error?: string;
}

/** Thrown inside a run for failures that are retried with backoff. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/** Batches on the wire at once during a drain: one ingesting on the server, one being prepared and sent. */
const MAX_BATCHES_IN_FLIGHT = 2;
/** A change of the persisted clock offset smaller than this is not written (each write is an fsync). */
const OFFSET_WRITE_THRESHOLD_MS = 1_000;
/** A response slower than this gives too rough an offset sample to use (except to fix a refused timestamp). */
const OFFSET_SAMPLE_MAX_RTT_MS = 5_000;

/**
 * The kiosk's sync engine (protocol v1). It runs in the core's process on the core's connection,
 * talks to the server with async fetch, and writes only in short transactions.
 *
 * Delivery is at-least-once: a rating is marked sent only when the server's answer names it
 * accepted or duplicate; anything else (timeouts, cut connections, 5xx, 429) is retried with
 * backoff, forever, and the server's idempotent ingest makes the resend harmless.
 */
export class SyncEngine {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (line: string) => void;
  private running: Promise<SyncRunResult> | null = null;
  private runAgain = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextAttemptAt: number | null = null;
  private failures = 0;
  private newRatings = 0;
  private started = false;
  private stopped = false;
  private offsetMs: number | null = null;
  private persistedOffsetMs: number | null = null;
  private secret: string | null | undefined = undefined;
  private lastHousekeepingAt = -Infinity;
  private readonly network: NetworkWatch | null;
  private outboxFor: { db: Database; outbox: Outbox } | null = null;
  /** syncAfterRatings, read at each run: the submit path does not read settings for the engine. */
  private syncAfterRatings: number = KioskSettingsSchema.shape.syncAfterRatings.parse(undefined);

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? ((line) => console.error(line));
    this.network = options.watchNetwork === false ? null : new NetworkWatch(() => this.networkChanged());
  }

  /** Reads a provisioning file, then syncs at once and on schedule from then on. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    const db = this.options.database();
    if (db) this.loadProvisioning(db);
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

  /** The submit path calls this after each stored rating: a sync starts once enough ratings wait. */
  ratingStored(): void {
    this.newRatings += 1;
    if (!this.started) return;
    // During backoff new ratings do not hammer a server that is down; the backoff timer decides.
    if (this.newRatings >= this.syncAfterRatings && this.failures === 0) this.kick();
  }

  /** The network came back (an interface changed, or the host was told): forget the backoff and sync now. */
  networkChanged(): void {
    if (!this.started) return;
    this.failures = 0;
    this.kick();
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
   * Queues an enrolment asked for by IT staff (admin screen, environment). The code is kept
   * only until the server has answered it. A kiosk already enrolled is not re-enrolled unless
   * `replace` says so: a passer-by at the admin screen must not redirect the ratings elsewhere.
   */
  requestEnrolment(
    request: { serverUrl: string; enrollmentCode: string; deviceName?: string; replace?: boolean },
    source: PendingEnrolment['source'],
  ): { ok: true } | { ok: false; message: string } {
    const db = this.options.database();
    if (!db) return { ok: false, message: 'the kiosk database is unavailable' };
    const serverUrl = normaliseServerUrl(request.serverUrl);
    if (!serverUrl) return { ok: false, message: 'the server address must be an http(s) URL without path, query or password' };
    if (readSyncState(db, 'serverDeviceId') && !request.replace) {
      return { ok: false, message: 'this kiosk is already enrolled; ask to replace the enrolment explicitly' };
    }
    const now = this.now();
    db.transaction(() => {
      writeSyncState(
        db,
        'pendingEnrolment',
        {
          serverUrl,
          enrollmentCode: request.enrollmentCode.trim(),
          deviceName: request.deviceName?.trim() || hostname().slice(0, 100) || 'kiosk',
          source,
          requestedAt: now,
          requestId: uuidv7(now),
        },
        now,
      );
      deleteSyncState(db, 'enrolmentError');
      audit(db, now, source === 'admin' ? 'it' : 'system', 'enrolment_requested', { serverUrl, source });
    })();
    this.failures = 0;
    this.kick();
    return { ok: true };
  }

  private loadProvisioning(db: Database): void {
    const dataDir = this.options.dataDir;
    if (!dataDir) return;
    const now = this.now();
    try {
      const read = takeProvisioningFile(dataDir, now, (provisioning) => {
        if (readSyncState(db, 'serverDeviceId')) return; // already enrolled: the file is only renamed
        const queued = this.requestEnrolment(provisioning, 'provisioning');
        if (!queued.ok) throw new Error(queued.message);
      });
      if (read.kind === 'ok') this.log(`provisioning file read and renamed to ${read.movedTo}`);
      if (read.kind === 'invalid') {
        const message = `provisioning file refused (${read.reason}); renamed to ${read.movedTo}`;
        writeSyncState(db, 'enrolmentError', { at: now, message }, now);
        this.log(message);
      }
    } catch (error) {
      const message = `provisioning file could not be used: ${(error as Error).message}`;
      writeSyncState(db, 'enrolmentError', { at: now, message }, now);
      this.log(message);
    }
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
      if (this.runAgain && !this.stopped) {
        this.runAgain = false;
        if (this.failures === 0) this.schedule(0);
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
      this.newRatings = 0;
      this.syncAfterRatings = this.settings().syncAfterRatings;
      await this.enrolIfAsked(db);
      const credentials = await this.credentials(db);
      if (!credentials) {
        // Not enrolled: nothing to do until IT staff enrol the kiosk (requestEnrolment kicks a run).
        this.nextAttemptAt = null;
        return result;
      }
      await this.drain(db, credentials, result);
      const now = this.now();
      const { heartbeatIntervalMs, syncIntervalMs } = this.settings();
      if (now - this.lastHousekeepingAt >= heartbeatIntervalMs) {
        await this.pullRoster(db, credentials);
        await this.pullConfig(db, credentials);
        await this.heartbeat(db, credentials);
        this.lastHousekeepingAt = this.now();
      }
      this.failures = 0;
      writeSyncState(db, 'lastSuccessAt', this.now(), this.now());
      this.schedule(syncIntervalMs);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.fail(db, message, error instanceof RetryableError ? error.retryAfter : null);
      return { ...result, ok: false, error: message };
    }
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
    this.memoryError = { at: now, message };
    this.log(`sync: ${message}; retrying in ${delay < 10_000 ? `${delay} ms` : `${Math.round(delay / 1000)} s`}`);
    this.schedule(delay);
  }

  private memoryError: { at: number; message: string } | null = null;

  private client(serverUrl: string): SyncHttpClient {
    return new SyncHttpClient(serverUrl, {
      fetch: this.options.fetch,
      now: this.now,
      timeoutMs: this.options.requestTimeoutMs ?? 30_000,
    });
  }

  /** The server's time as this kiosk believes it: its own clock plus the estimated offset. */
  private serverNow(db: Database): number {
    if (this.offsetMs === null) {
      this.offsetMs = readDeviceState(db)?.clockOffsetMs ?? null;
      this.persistedOffsetMs = this.offsetMs;
    }
    return this.now() + (this.offsetMs ?? 0);
  }

  /** Takes a clock-offset sample from an answer's serverTime (midpoint of the round trip). */
  private observeServerTime(db: Database, outcome: HttpOutcome, force = false): void {
    if (outcome.kind !== 'response') return;
    const fromBody = (outcome.body as { serverTime?: unknown } | null)?.serverTime;
    const serverTime = typeof fromBody === 'number' ? fromBody : Number(outcome.headers.get(HEADER_SERVER_TIME) ?? NaN);
    if (!Number.isFinite(serverTime) || serverTime <= 0) return;
    const rtt = outcome.endedAt - outcome.startedAt;
    if (!force && rtt > OFFSET_SAMPLE_MAX_RTT_MS) return;
    const offset = Math.round(serverTime - (outcome.startedAt + outcome.endedAt) / 2);
    this.offsetMs = offset;
    if (this.persistedOffsetMs === null || Math.abs(offset - this.persistedOffsetMs) >= OFFSET_WRITE_THRESHOLD_MS) {
      // New ratings carry this estimate (ratings.ts reads it into each one).
      writeClockOffset(db, offset, this.now());
      this.persistedOffsetMs = offset;
    }
  }

  private async enrolIfAsked(db: Database): Promise<void> {
    let pending = readSyncState(db, 'pendingEnrolment');
    if (!pending) return;
    if (!pending.requestId) {
      // Queued by an older version: its requestId is made and kept before the first attempt.
      pending = { ...pending, requestId: uuidv7(this.now()) };
      writeSyncState(db, 'pendingEnrolment', pending, this.now());
    }
    const outcome = await this.client(pending.serverUrl).request({
      method: 'POST',
      route: '/enroll',
      json: JSON.stringify({
        enrollmentCode: pending.enrollmentCode,
        deviceName: pending.deviceName,
        appVersion: this.options.appVersion,
        requestId: pending.requestId,
      }),
      timestamp: this.now(),
    });
    // A lost answer (network error, timeout, 5xx) keeps the pending enrolment and its requestId: the
    // retry gets the same device back if the server had committed. Only a 4xx refusal drops it.
    if (outcome.kind === 'network') throw new RetryableError(`enrolment: ${outcome.message}`);
    if (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500) {
      throw new RetryableError(`enrolment: server answered ${outcome.status}`, retryAfterMs(outcome.headers.get('retry-after'), this.now()));
    }
    const now = this.now();
    const parsed = outcome.status === 201 || outcome.status === 200 ? EnrollResponseSchema.safeParse(outcome.body) : null;
    if (!parsed?.success) {
      // The code was refused (unknown, used, expired) or the answer is not protocol v1: asking again
      // with the same code cannot succeed, so the request is dropped and IT staff see why.
      const reason = parsed ? 'the server’s answer is not protocol v1' : describeErrorBody(outcome.status, outcome.body);
      db.transaction(() => {
        deleteSyncState(db, 'pendingEnrolment');
        writeSyncState(db, 'enrolmentError', { at: now, message: `enrolment refused: ${reason}` }, now);
        journal(db, now, 'enrol', { ok: false, reason });
      })();
      this.log(`sync: enrolment refused: ${reason}`);
      return;
    }
    const answer = parsed.data;
    // The secret first: if the kiosk dies before the database write, the enrolment is asked again
    // with the same requestId (and the server answers the same device), never recorded without its secret.
    await this.options.secrets.write(answer.deviceSecret);
    this.secret = answer.deviceSecret;
    db.transaction(() => {
      writeSyncState(db, 'serverUrl', pending.serverUrl, now);
      writeSyncState(db, 'serverDeviceId', answer.deviceId, now);
      writeSyncState(db, 'unitId', answer.unitId, now);
      writeSyncState(db, 'enrolledAt', now, now);
      deleteSyncState(db, 'pendingEnrolment');
      deleteSyncState(db, 'enrolmentError');
      deleteSyncState(db, 'rosterEtag');
      deleteSyncState(db, 'configEtag');
      if (answer.counterId) writeSyncState(db, 'assignedCounterId', answer.counterId, now);
      audit(db, now, 'system', 'device_enrolled', {
        serverUrl: pending.serverUrl,
        serverDeviceId: answer.deviceId,
        unitId: answer.unitId,
        source: pending.source,
      });
      journal(db, now, 'enrol', { ok: true, serverDeviceId: answer.deviceId, unitId: answer.unitId });
    })();
    this.observeServerTime(db, outcome, true);
    this.lastHousekeepingAt = -Infinity; // pull the roster and config at once
    this.log(`sync: enrolled with ${pending.serverUrl} as ${answer.deviceId}`);
  }

  private async credentials(db: Database): Promise<(Credentials & { serverUrl: string }) | null> {
    const serverUrl = readSyncState(db, 'serverUrl');
    const deviceId = readSyncState(db, 'serverDeviceId');
    if (!serverUrl || !deviceId) return null;
    // A missing secret is not remembered: the store may answer later (a keyring not ready at boot).
    if (!this.secret) this.secret = await this.options.secrets.read();
    if (!this.secret) throw new RetryableError('the device secret is missing from its store; enrol this kiosk again');
    return { serverUrl, deviceId, secret: this.secret };
  }

  private outbox(db: Database): Outbox {
    if (this.outboxFor?.db !== db) this.outboxFor = { db, outbox: new Outbox(db) };
    return this.outboxFor.outbox;
  }

  /**
   * Sends every ready rating, batch after batch, with up to two batches on the wire: while the
   * server ingests one, the kiosk reads, compresses and sends the next, and records the previous
   * answer. Batches leave in seq order; each answer is applied on its own (only ids it names).
   */
  private async drain(db: Database, credentials: Credentials & { serverUrl: string }, result: SyncRunResult) {
    const outbox = this.outbox(db);
    outbox.closeExpired(this.now());
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    let afterSeq = 0;
    while (!this.stopped && failure === null) {
      const batch = outbox.nextBatch(afterSeq, credentials.deviceId, this.now());
      if (!batch) break;
      afterSeq = batch.lastSeq;
      const sending = this.encode(batch)
        .then((body) => this.sendBatch(db, credentials, batch, body, result))
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= MAX_BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    // Every answer is recorded before the run ends, even after a failure of another batch.
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  }

  private async encode(batch: OutgoingBatch): Promise<{ batchId: string; gzipped: Buffer }> {
    const batchId = uuidv7(this.now());
    const text = `{"batchId":"${batchId}","sentAt":${this.now()},"ratings":[${batch.json.join(',')}]}`;
    return { batchId, gzipped: await gzip(text) };
  }

  private async sendBatch(
    db: Database,
    credentials: Credentials & { serverUrl: string },
    batch: OutgoingBatch,
    body: { batchId: string; gzipped: Buffer },
    result: SyncRunResult,
    clockRetried = false,
  ): Promise<void> {
    const timestamp = this.serverNow(db);
    const signedWithOffset = this.offsetMs ?? 0;
    const outcome = await this.client(credentials.serverUrl).request({
      method: 'POST',
      route: '/ratings/batches',
      gzipped: body.gzipped,
      credentials,
      timestamp,
    });
    if (outcome.kind === 'network') throw new RetryableError(outcome.message);
    this.observeServerTime(db, outcome, outcome.status === 401);
    const now = this.now();
    if (outcome.status === 200) {
      const answer = BatchResponseSchema.safeParse(outcome.body);
      if (!answer.success) throw new RetryableError('the server’s answer to a batch is not protocol v1');
      const applied = this.outbox(db).applyAnswer(batch, body.batchId, answer.data, now);
      result.sent += applied.sent;
      result.quarantined += applied.quarantined;
      result.batches += 1;
      if (applied.quarantined > 0 || applied.unanswered.length > 0) {
        journal(db, now, 'batch', {
          batchId: body.batchId,
          sent: applied.sent,
          quarantined: applied.quarantined,
          unanswered: applied.unanswered.length,
        });
      }
      return;
    }
    if (outcome.status === 401 || outcome.status === 403) {
      if (!clockRetried && this.clockWasRefused(signedWithOffset)) {
        // The offset was just corrected from the answer's serverTime: sign again and retry once.
        return this.sendBatch(db, credentials, batch, body, result, true);
      }
      throw new RetryableError(
        `the server refused this device (${describeErrorBody(outcome.status, outcome.body)}); if it was revoked, enrol it again`,
      );
    }
    if (outcome.status === 429 || outcome.status >= 500) {
      throw new RetryableError(
        `server answered ${describeErrorBody(outcome.status, outcome.body)}`,
        retryAfterMs(outcome.headers.get('retry-after'), now),
      );
    }
    if ((outcome.status === 400 || outcome.status === 413 || outcome.status === 422) && isErrorBody(outcome.body)) {
      // The whole batch was refused without naming ratings: split it to find the one(s) at fault,
      // and quarantine only a single rating the server still refuses on its own.
      const reason = describeErrorBody(outcome.status, outcome.body);
      if (batch.ids.length === 1) {
        result.quarantined += this.outbox(db).quarantine([{ id: batch.ids[0]!, reason: `refused by the server: ${reason}` }], now);
        journal(db, now, 'batch', { batchId: body.batchId, quarantined: 1, reason });
        return;
      }
      const half = Math.ceil(batch.ids.length / 2);
      for (const part of [slice(batch, 0, half), slice(batch, half, batch.ids.length)]) {
        await this.sendBatch(db, credentials, part, await this.encode(part), result);
      }
      return;
    }
    throw new RetryableError(`unexpected answer ${describeErrorBody(outcome.status, outcome.body)}`);
  }

  /**
   * True when a 401 came from a timestamp outside the server's window: the answer's serverTime
   * (already taken as the new offset) is far from the offset the request was signed with. Any
   * other 401 (unknown or revoked device, bad signature) is not retried at once.
   */
  private clockWasRefused(signedWithOffset: number): boolean {
    return Math.abs((this.offsetMs ?? 0) - signedWithOffset) > SIGNATURE_WINDOW_MS / 2;
  }

  private pullRoster(db: Database, credentials: Credentials & { serverUrl: string }): Promise<void> {
    return this.pullWithEtag(db, credentials, '/roster', 'rosterEtag', RosterResponseSchema, (roster, now) => {
      const change = applyServerRoster(db, roster, now);
      if (change.loggedOut) this.log(`sync: officer ${change.loggedOut} was deactivated by the roster and logged out`);
      return { ...change };
    });
  }

  private pullConfig(db: Database, credentials: Credentials & { serverUrl: string }): Promise<void> {
    return this.pullWithEtag(db, credentials, '/config', 'configEtag', ConfigResponseSchema, (config, now) => {
      const counterId = config.counterId ?? readSyncState(db, 'assignedCounterId') ?? null;
      return { ...applyServerConfig(db, { ...config, counterId }, now) };
    });
  }

  /**
   * GETs a resource with If-None-Match and applies it when it changed. A resource that does not
   * parse or apply (validated: it changes nothing then) is journalled and its ETag not kept, so it
   * is fetched again at the next interval; it does not fail the run.
   */
  private async pullWithEtag<T>(
    db: Database,
    credentials: Credentials & { serverUrl: string },
    route: '/roster' | '/config',
    etagKey: 'rosterEtag' | 'configEtag',
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
    apply: (value: T, now: number) => Record<string, unknown>,
  ): Promise<void> {
    const kind = route.slice(1);
    const outcome = await this.signedGet(db, credentials, route, readSyncState(db, etagKey));
    if (outcome.status === 304) return;
    const parsed = schema.safeParse(outcome.body);
    const now = this.now();
    if (outcome.status !== 200 || !parsed.success) {
      journal(db, now, kind, { ok: false, status: outcome.status });
      return;
    }
    let applied: Record<string, unknown>;
    try {
      applied = apply(parsed.data, now);
    } catch (error) {
      journal(db, now, kind, { ok: false, reason: (error as Error).message.slice(0, 300) });
      return;
    }
    const etag = outcome.headers.get('etag');
    db.transaction(() => {
      if (etag) writeSyncState(db, etagKey, etag, now);
      journal(db, now, kind, { ok: true, ...applied });
    })();
  }

  private async signedGet(
    db: Database,
    credentials: Credentials & { serverUrl: string },
    route: string,
    etag: string | undefined,
  ): Promise<Extract<HttpOutcome, { kind: 'response' }>> {
    for (let attempt = 0; ; attempt++) {
      const timestamp = this.serverNow(db);
      const signedWithOffset = this.offsetMs ?? 0;
      const outcome = await this.client(credentials.serverUrl).request({
        method: 'GET',
        route,
        credentials,
        timestamp,
        ifNoneMatch: etag,
      });
      if (outcome.kind === 'network') throw new RetryableError(`${route}: ${outcome.message}`);
      this.observeServerTime(db, outcome, outcome.status === 401);
      if (outcome.status === 401 && attempt === 0 && this.clockWasRefused(signedWithOffset)) continue;
      if (outcome.status === 429 || outcome.status >= 500) {
        throw new RetryableError(`${route}: server answered ${outcome.status}`, retryAfterMs(outcome.headers.get('retry-after'), this.now()));
      }
      return outcome;
    }
  }

  private async heartbeat(db: Database, credentials: Credentials & { serverUrl: string }): Promise<void> {
    const status = this.status();
    // The fleet list shows errors of the last interval, not one the kiosk got over days ago.
    const since = readSyncState(db, 'lastHeartbeatAt') ?? -Infinity;
    const recentError = status.lastError && status.lastError.at > since ? status.lastError : null;
    const body: HeartbeatRequest = {
      appVersion: this.options.appVersion,
      pendingCount: status.pendingCount,
      oldestPendingAgeMs: status.oldestPendingAgeMs,
      lastError: recentError ? cleanForServer(recentError.message) : null,
      clockOffsetMs: this.offsetMs,
    };
    const outcome = await this.client(credentials.serverUrl).request({
      method: 'POST',
      route: '/heartbeat',
      json: JSON.stringify(body),
      credentials,
      timestamp: this.serverNow(db),
    });
    if (outcome.kind === 'network') throw new RetryableError(`heartbeat: ${outcome.message}`);
    this.observeServerTime(db, outcome);
    if (outcome.status === 429 || outcome.status >= 500) throw new RetryableError(`heartbeat: server answered ${outcome.status}`);
    if (outcome.status < 300) writeSyncState(db, 'lastHeartbeatAt', this.now(), this.now());
  }

  /** The state of sync for IT staff. Reads only; never blocks on the network. */
  status(): SyncStatus {
    const db = this.options.database();
    const now = this.now();
    const base = {
      secretStorage: this.options.secrets.description,
      consecutiveFailures: this.failures,
      nextAttemptAt: this.nextAttemptAt,
    };
    if (!db) {
      return {
        ...base,
        phase: 'storage_unavailable',
        enrolled: false,
        serverUrl: null,
        serverDeviceId: null,
        unitId: null,
        enrolledAt: null,
        enrolment: { pending: false, source: null, error: null },
        pendingCount: 0,
        oldestPendingAgeMs: null,
        quarantinedCount: 0,
        quarantined: [],
        lastSuccessAt: null,
        lastError: this.memoryError,
        clockOffsetMs: this.offsetMs,
      };
    }
    const serverDeviceId = readSyncState(db, 'serverDeviceId') ?? null;
    const pending = readSyncState(db, 'pendingEnrolment');
    const stats = pendingStats(db);
    const enrolled = serverDeviceId !== null;
    // A run after failures is a retry: IT staff see 'retrying' until one succeeds.
    const phase: SyncPhase = pending
      ? 'enrolling'
      : !enrolled
        ? 'not_enrolled'
        : this.failures > 0
          ? 'retrying'
          : this.running
            ? 'syncing'
            : 'idle';
    return {
      ...base,
      phase,
      enrolled,
      serverUrl: readSyncState(db, 'serverUrl') ?? null,
      serverDeviceId,
      unitId: readSyncState(db, 'unitId') ?? null,
      enrolledAt: readSyncState(db, 'enrolledAt') ?? null,
      enrolment: {
        pending: pending !== undefined,
        source: pending?.source ?? null,
        error: readSyncState(db, 'enrolmentError') ?? null,
      },
      pendingCount: stats.pendingCount,
      oldestPendingAgeMs: stats.oldestPendingCreatedAt === null ? null : Math.max(0, now - stats.oldestPendingCreatedAt),
      quarantinedCount: stats.quarantinedCount,
      quarantined: recentQuarantined(db),
      lastSuccessAt: readSyncState(db, 'lastSuccessAt') ?? null,
      lastError: this.memoryError ?? readSyncState(db, 'lastError') ?? null,
      clockOffsetMs: this.offsetMs ?? readDeviceState(db)?.clockOffsetMs ?? null,
    };
  }
}

function slice(batch: OutgoingBatch, from: number, to: number): OutgoingBatch {
  const json = batch.json.slice(from, to);
  const ids = batch.ids.slice(from, to);
  return { json, ids, firstSeq: 0, lastSeq: 0, bytes: json.reduce((n, j) => n + j.length + 1, 0) };
}

function isErrorBody(body: unknown): boolean {
  return ErrorResponseSchema.safeParse(body).success;
}

function describeErrorBody(status: number, body: unknown): string {
  const parsed = ErrorResponseSchema.safeParse(body);
  return parsed.success ? `${status} ${parsed.data.error}: ${parsed.data.message}`.slice(0, 300) : String(status);
}

/** The heartbeat's lastError must be clean text of at most 500 characters. */
function cleanForServer(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500);
}
