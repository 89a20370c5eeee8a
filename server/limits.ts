import { BATCH_MAX_BYTES, BATCH_MAX_RATINGS, SIGNATURE_WINDOW_MS } from '../shared/protocol';

export interface ServerLimits {
  /** Ratings per batch; more answers 413. */
  maxBatchRatings: number;
  /** Bytes of a request body once decompressed; more answers 413 (gzip bombs stop here). */
  maxBodyBytes: number;
  /** Largest |server clock − X-Timestamp|; more answers 401 clock_skew. */
  signatureWindowMs: number;
  /** Per device: requests at once, then per second on average; more answers 429. */
  deviceBurst: number;
  devicePerSecond: number;
  /** Per client address, for the unsigned enrolment: guessing codes is slow. */
  enrollBurst: number;
  enrollPerSecond: number;
  /** Receiving a request, and handling it, each end within this (408 / 503). */
  requestTimeoutMs: number;
  /** Open connections per client address (trusted proxies excepted); more are closed at once. */
  maxConnectionsPerAddress: number;
  /** Bytes of an enrolment request: read before any device is known, so kept small. */
  maxEnrolBodyBytes: number;
  /** PGlite: writes are refused (503 storage_low) while its folder has less free space than this. */
  minFreeDiskBytes: number;
  /** Conflicts kept aside per rating id, and per device over 24 hours; more are counted, not kept. */
  maxConflictsPerRating: number;
  maxConflictsPerDevicePerDay: number;
  /** A rating's corrected time may be this far ahead of the server's clock. */
  futureToleranceMs: number;
  /** …and at most this far behind it. */
  maxRatingAgeMs: number;
  /** After a kiosk is moved to another counter, ratings for the counter it left are still taken this long (docs/integrity.md). */
  moveGraceMs: number;
  /** Staff session events stored per device over 24 hours; more are rejected by id. */
  maxSessionEventsPerDevicePerDay: number;
  /** A device's ratings in a day above max(floor, factor × the unit's busiest counter-day of the last four weeks) are flagged `device_volume`. */
  deviceVolumeFactor: number;
  deviceVolumeFloor: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBatchRatings: BATCH_MAX_RATINGS,
  maxBodyBytes: BATCH_MAX_BYTES,
  signatureWindowMs: SIGNATURE_WINDOW_MS,
  deviceBurst: 60,
  devicePerSecond: 20,
  enrollBurst: 10,
  enrollPerSecond: 0.2,
  requestTimeoutMs: 30_000,
  maxConnectionsPerAddress: 64,
  maxEnrolBodyBytes: 16 * 1024,
  // Above a WAL segment (16 MiB) and a checkpoint's worth of pages: PGlite must never meet a full disk.
  minFreeDiskBytes: 64 * 1024 * 1024,
  maxConflictsPerRating: 5,
  maxConflictsPerDevicePerDay: 1000,
  futureToleranceMs: SIGNATURE_WINDOW_MS,
  maxRatingAgeMs: 2 * 366 * 24 * 60 * 60 * 1000,
  moveGraceMs: 30 * 60 * 1000,
  // A login and a logout every two minutes over a 16-hour day: no shift looks like that.
  maxSessionEventsPerDevicePerDay: 500,
  deviceVolumeFactor: 3,
  deviceVolumeFloor: 300,
};
