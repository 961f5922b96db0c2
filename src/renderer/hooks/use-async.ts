import { useEffect, useState } from 'react';
import { ApiCallError } from '../api/client.js';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiCallError }
  | { status: 'ready'; value: T };

/**
 * Load something for a key (a message id), dropping answers for keys no longer current.
 * `load` must be a module-level function so the effect depends on the key alone.
 */
export function useAsync<T>(
  key: string | null,
  load: (key: string, signal: AbortSignal) => Promise<T>,
): AsyncState<T> & { key: string | null } {
  const [state, setState] = useState<AsyncState<T> & { key: string | null }>({
    status: 'loading',
    key: null,
  });
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState({ status: 'loading', key });
    load(key, controller.signal).then(
      (value) => setState({ status: 'ready', value, key }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiCallError
            ? error
            : new ApiCallError('bad_response', String(error), 0);
        setState({ status: 'error', error: apiError, key });
      },
    );
    return () => controller.abort();
  }, [key, load]);
  // Until the effect has run for a new key, report loading rather than the previous key's value.
  return state.key === key ? state : { status: 'loading', key };
}
