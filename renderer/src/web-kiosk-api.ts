import { KIOSK_HTTP_API_PREFIX, KIOSK_METHOD_NAMES, type KioskApi } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';

/**
 * `window.kiosk` for the browser: the same KioskApi as Electron's preload, over the web host's
 * HTTP API on the same origin. Network failures become a storage_unavailable Result, as a core
 * that cannot be reached cannot save either.
 */
export function createWebKioskApi(fetchImpl: typeof fetch = fetch.bind(globalThis)): KioskApi {
  const api: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {};
  for (const method of KIOSK_METHOD_NAMES) {
    api[method] = async (input?: unknown) => {
      try {
        const response = await fetchImpl(`${KIOSK_HTTP_API_PREFIX}${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
        });
        return (await response.json()) as Result<unknown>;
      } catch {
        return fail('storage_unavailable', 'the kiosk service cannot be reached');
      }
    };
  }
  return api as unknown as KioskApi;
}
