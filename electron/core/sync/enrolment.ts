import type { Database } from 'better-sqlite3';
import { hostname } from 'node:os';
import { EnrollResponseSchema } from '../../../shared/protocol';
import { uuidv7 } from '../../../shared/uuid';
import { audit } from '../audit';
import { retryAfterMs } from './backoff';
import type { ClockOffset } from './clock-offset';
import { checkServerSignature, normaliseServerUrl, type Credentials, type SyncHttpClient } from './client';
import { describeErrorBody, RetryableError } from './errors';
import { takeProvisioningFile } from './provisioning';
import type { SecretStore } from './secret-store';
import { deleteSyncState, journal, readSyncState, writeSyncState, type PendingEnrolment } from './state';

export interface EnrolmentRequest {
  serverUrl: string;
  enrollmentCode: string;
  deviceName?: string;
  replace?: boolean;
}

/**
 * What allows moving an enrolled kiosk to another server (it pins the server it enrolled with):
 * an IT officer's credential, checked by the caller (verifyItCredential), or a provisioning file,
 * which only the kiosk's own account can put in its private data folder.
 */
export type ReEnrolmentAuthority = { itOfficer: string } | { provisioningFile: true };

/** Why an enrolment or a pairing was not queued: a reason the admin screen has a text for. */
export type QueueRefusal = 'it_credential_required' | 'bad_server_url' | 'already_enrolled';
export type Queued = { ok: true } | { ok: false; message: string; reason?: QueueRefusal };

export interface EnrolmentOptions {
  secrets: SecretStore;
  client: (serverUrl: string) => SyncHttpClient;
  clock: ClockOffset;
  appVersion: string;
  now: () => number;
  log: (line: string) => void;
  /** Plain http to a server other than this machine (KIOSK_ALLOW_HTTP=1, development only). */
  allowHttp?: boolean;
}

/**
 * The kiosk's enrolment with a provincial server: queued by IT staff (admin screen, provisioning
 * file, environment), carried out by a sync run, and kept as the credentials every signed call uses.
 *
 * A queued enrolment gets a requestId (UUIDv7) before its first attempt and keeps it on every retry,
 * so the server answers the same device again if an earlier answer was lost; only a refusal (4xx)
 * drops it. The secret is stored before the enrolment is recorded: the kiosk never believes itself
 * enrolled without one.
 */
export class Enrolment {
  /** The device secret once read from (or written to) its store; a missing one is asked again. */
  private secret: string | null = null;

  constructor(private readonly options: EnrolmentOptions) {}

  /**
   * Queues an enrolment. The code is kept only until the server has answered it. A fresh kiosk (no
   * server yet) is enrolled with the code alone — that is how a kiosk is set up. A kiosk already
   * enrolled has pinned its server: it is enrolled again only when `replace` says so and with an
   * `authority` (an IT officer's credential or a provisioning file), so that neither a citizen who
   * finds the admin screen nor a local process on the web host's API can send the ratings and
   * comments to another server, whose roster would then log its own badges in as officers.
   */
  request(db: Database, request: EnrolmentRequest, source: PendingEnrolment['source'], authority?: ReEnrolmentAuthority): Queued {
    const serverUrl = normaliseServerUrl(request.serverUrl, { allowHttp: this.options.allowHttp });
    if (!serverUrl) {
      return { ok: false, reason: 'bad_server_url', message: 'the server address must be an https:// URL (http:// only to this machine) without path, query or password' };
    }
    const enrolled = readSyncState(db, 'serverDeviceId') !== undefined;
    if (enrolled && !request.replace) {
      return { ok: false, reason: 'already_enrolled', message: 'this kiosk is already enrolled; ask to replace the enrolment explicitly' };
    }
    if (enrolled && !authority) {
      return {
        ok: false,
        reason: 'it_credential_required',
        message: 'this kiosk is enrolled with its server; enrolling it with another needs an IT officer’s badge or PIN',
      };
    }
    const now = this.options.now();
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
      audit(db, now, source === 'admin' ? 'it' : 'system', 'enrolment_requested', {
        serverUrl,
        source,
        ...(enrolled ? { replacing: readSyncState(db, 'serverUrl'), authorisedBy: authority } : {}),
      });
    })();
    return { ok: true };
  }

  /**
   * Mass deployment: queues the enrolment of `provisioning.json` in `dataDir`, if there is one, and
   * renames the file so that its code is read once. A file that cannot be used is reported to IT
   * staff in the enrolment error.
   */
  takeProvisioningFile(db: Database, dataDir: string, pair?: (request: { serverUrl: string; deviceName?: string | undefined }) => Queued): void {
    const now = this.options.now();
    try {
      const read = takeProvisioningFile(dataDir, now, (provisioning) => {
        // Already enrolled: the file is only renamed, unless it says to replace the enrolment.
        const enrolled = readSyncState(db, 'serverDeviceId') !== undefined;
        if (enrolled && !provisioning.replace) return;
        const { enrollmentCode, replace, ...where } = provisioning;
        // Without a code the kiosk pairs, which only a kiosk that is not enrolled does.
        const queued = enrollmentCode
          ? this.request(db, { ...where, enrollmentCode, replace }, 'provisioning', { provisioningFile: true })
          : pair && !enrolled
            ? pair(where)
            : { ok: false as const, message: enrolled ? 'replacing an enrolment needs an enrolment code in the provisioning file' : 'the provisioning file has no enrolment code' };
        if (!queued.ok) throw new Error(queued.message);
      });
      if (read.kind === 'ok') this.options.log(`provisioning file read and renamed to ${read.movedTo}`);
      if (read.kind === 'invalid') this.refuseProvisioning(db, `provisioning file refused (${read.reason}); renamed to ${read.movedTo}`, now);
    } catch (error) {
      this.refuseProvisioning(db, `provisioning file could not be used: ${(error as Error).message}`, now);
    }
  }

  private refuseProvisioning(db: Database, message: string, now: number): void {
    writeSyncState(db, 'enrolmentError', { at: now, message }, now);
    this.options.log(message);
  }

  /**
   * Carries out a queued enrolment, if any. Answers true when the kiosk has just been enrolled.
   * A lost answer (network error, timeout, 408, 429, 5xx) throws a RetryableError and keeps the
   * pending enrolment with its requestId; a refusal drops it, with the reason for IT staff.
   */
  async enrolIfAsked(db: Database): Promise<boolean> {
    const { now, appVersion, log } = this.options;
    let pending = readSyncState(db, 'pendingEnrolment');
    if (!pending) return false;
    if (!pending.requestId) {
      // Queued by an older version: its requestId is made and kept before the first attempt.
      pending = { ...pending, requestId: uuidv7(now()) };
      writeSyncState(db, 'pendingEnrolment', pending, now());
    }
    const outcome = await this.options.client(pending.serverUrl).request({
      method: 'POST',
      route: '/enroll',
      json: JSON.stringify({
        enrollmentCode: pending.enrollmentCode,
        deviceName: pending.deviceName,
        appVersion,
        requestId: pending.requestId,
      }),
      timestamp: now(),
    });
    if (outcome.kind === 'network') throw new RetryableError(`enrolment: ${outcome.message}`);
    if (outcome.status === 408 || outcome.status === 429 || outcome.status >= 500) {
      throw new RetryableError(`enrolment: server answered ${outcome.status}`, retryAfterMs(outcome.headers.get('retry-after'), now()));
    }
    const at = now();
    const parsed = outcome.status === 201 || outcome.status === 200 ? EnrollResponseSchema.safeParse(outcome.body) : null;
    if (!parsed?.success) {
      // The code was refused (unknown, used, expired) or the answer is not protocol v1: asking again
      // with the same code cannot succeed, so the request is dropped and IT staff see why.
      const reason = parsed ? 'the server’s answer is not protocol v1' : describeErrorBody(outcome.status, outcome.body);
      db.transaction(() => {
        deleteSyncState(db, 'pendingEnrolment');
        writeSyncState(db, 'enrolmentError', { at, message: `enrolment refused: ${reason}` }, at);
        journal(db, at, 'enrol', { ok: false, reason });
      })();
      log(`sync: enrolment refused: ${reason}`);
      return false;
    }
    const answer = parsed.data;
    // Signed with the secret it brings: no more proof than TLS gives, but it says from the first
    // answer that this server signs, and the kiosk pins that with its address (answer-trust.ts).
    const signature = checkServerSignature(outcome, answer.deviceSecret);
    if (signature === 'invalid') throw new RetryableError('enrolment: the answer’s server signature does not match; it was not used');
    // The secret first: if the kiosk dies before the database write, the enrolment is asked again
    // with the same requestId (and the server answers the same device), never recorded without its secret.
    await this.options.secrets.write(answer.deviceSecret);
    this.secret = answer.deviceSecret;
    db.transaction(() => {
      writeSyncState(db, 'serverUrl', pending.serverUrl, at);
      writeSyncState(db, 'serverDeviceId', answer.deviceId, at);
      writeSyncState(db, 'unitId', answer.unitId, at);
      writeSyncState(db, 'enrolledAt', at, at);
      deleteSyncState(db, 'pendingEnrolment');
      deleteSyncState(db, 'enrolmentError');
      deleteSyncState(db, 'rosterEtag');
      deleteSyncState(db, 'configEtag');
      deleteSyncState(db, 'serverSignsAnswers');
      deleteSyncState(db, 'serverRevision');
      if (signature === 'valid') writeSyncState(db, 'serverSignsAnswers', { since: at }, at);
      if (answer.counterId) writeSyncState(db, 'assignedCounterId', answer.counterId, at);
      audit(db, at, 'system', 'device_enrolled', {
        serverUrl: pending.serverUrl,
        serverDeviceId: answer.deviceId,
        unitId: answer.unitId,
        source: pending.source,
      });
      journal(db, at, 'enrol', { ok: true, serverDeviceId: answer.deviceId, unitId: answer.unitId });
    })();
    this.options.clock.observe(db, outcome, { force: true });
    log(`sync: enrolled with ${pending.serverUrl} as ${answer.deviceId}`);
    return true;
  }

  /** What signed calls need, once enrolled; null when the kiosk is not enrolled. */
  async credentials(db: Database): Promise<Credentials | null> {
    const serverUrl = readSyncState(db, 'serverUrl');
    const deviceId = readSyncState(db, 'serverDeviceId');
    if (!serverUrl || !deviceId) return null;
    // A missing secret is not remembered: the store may answer later (a keyring not ready at boot).
    if (!this.secret) this.secret = await this.options.secrets.read();
    if (!this.secret) throw new RetryableError('the device secret is missing from its store; enrol this kiosk again');
    return { serverUrl, deviceId, secret: this.secret };
  }
}
