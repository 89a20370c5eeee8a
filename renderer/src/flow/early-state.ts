import type { KioskState } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { kiosk } from '../kiosk';

/**
 * The kiosk's state, asked for as soon as the script runs (before React renders), so that the
 * cold start does not wait for a first render to start the request. Taken once by the App.
 */
let early: Promise<Result<KioskState>> | null = kiosk.getKioskState();

export function takeEarlyState(): Promise<Result<KioskState>> {
  const promise = early ?? kiosk.getKioskState();
  early = null;
  return promise;
}
