import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './client';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: ApiError };

/**
 * Data of one API read for a page: loads when `key` changes (an earlier answer that arrives late
 * is dropped), and `reload` asks again after a change.
 */
export function useApiData<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> & { reload: () => void } {
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<T> }>({ key, value: { state: 'loading' } });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setLoaded({ key, value: { state: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({ key, value: { state: 'failed', error: error instanceof ApiError ? error : new ApiError(0, 'internal', undefined, String(error)) } });
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render; the key says what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // While a new key loads, the old data is not shown as if it were the new one.
  const value: Loaded<T> = loaded.key === key ? loaded.value : { state: 'loading' };
  return { ...value, reload };
}
