/**
 * The console's view of each device's record chain (docs/integrity.md "The record chain"):
 * complete, broken (where, with the missing seq range), or unchained (a kiosk of an older
 * revision, which sends no chain).
 */
export const CHAIN_STATES = ['complete', 'broken', 'unchained'] as const;
export type ChainState = (typeof CHAIN_STATES)[number];

export interface ChainBreakView {
  /** The last stored record before the break, and the first after it. */
  afterSeq: number;
  beforeSeq: number;
  /** `missing`: seqs missingFrom–missingTo never arrived; `altered`: the record afterSeq was changed or replaced after the next was made. */
  kind: 'missing' | 'altered';
  missingFrom: number | null;
  missingTo: number | null;
  detectedAt: number;
}

export interface DeviceChainView {
  deviceId: string;
  name: string;
  unitId: string;
  counterId: string | null;
  retired: boolean;
  state: ChainState;
  /** The chained records the server holds: the first and last seq, and how many. */
  firstSeq: number | null;
  lastSeq: number | null;
  records: number;
  /** Where the chain starts: a fresh chain, or the continuation of another device's chain (re-enrolled kiosk, or a new database), or not known. */
  start:
    | { kind: 'fresh' }
    | { kind: 'continues'; deviceId: string; deviceName: string | null; seq: number }
    /** Right after the device's own ratings sent unchained (up to `seq`): it chained before it knew its server took chains. */
    | { kind: 'after_unchained'; seq: number }
    | { kind: 'unlinked' }
    | null;
  breaks: ChainBreakView[];
  /** Attempts the per-session cap refused on this device (counts from the kiosk). */
  refusedAttempts: number;
}

export interface DeviceChainsResponse {
  devices: DeviceChainView[];
  now: number;
}
