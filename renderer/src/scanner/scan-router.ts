/**
 * Where a completed scan goes. A scanner (keyboard-wedge burst or camera) hands every code to
 * `routeScan`. A screen that expects a code of its own (the dossier step of the rating flow)
 * claims scans with `claimScans`; otherwise scans go to the default consumer (staff badge login).
 */
export type ScanSource = 'wedge' | 'camera';
export type ScanConsumer = (code: string, source: ScanSource) => void;

let defaultConsumer: ScanConsumer | null = null;
const claims: ScanConsumer[] = [];

/** Sets the consumer of scans nobody claimed (badge login). Returns an undo function. */
export function setDefaultScanConsumer(consumer: ScanConsumer): () => void {
  defaultConsumer = consumer;
  return () => {
    if (defaultConsumer === consumer) defaultConsumer = null;
  };
}

/** While claimed, scans go to `consumer` (the most recent claim wins). Returns the release function. */
export function claimScans(consumer: ScanConsumer): () => void {
  claims.push(consumer);
  return () => {
    const index = claims.lastIndexOf(consumer);
    if (index >= 0) claims.splice(index, 1);
  };
}

export function routeScan(code: string, source: ScanSource): void {
  const consumer = claims[claims.length - 1] ?? defaultConsumer;
  consumer?.(code, source);
}
