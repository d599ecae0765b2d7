// One call at a time per input: the screen asks for what the current input needs (a customer
// lookup, a quote) as it is typed, and an Enter awaits the very same call instead of a second one.
// An answer for input that has changed since is dropped.
import { useCallback, useRef, useState } from 'react';
import type { ApiError, ApiResult } from './api';

export type Load<T> =
  | { state: 'idle' }
  | { state: 'loading'; key: string; prev?: T }
  | { state: 'ok'; key: string; value: T }
  | { state: 'error'; key: string; error: ApiError; prev?: T };

export interface Keyed<T> {
  load: Load<T>;
  /** The answer for `key`: the call in flight or done for it, or a new one. */
  ensure(key: string, run: () => Promise<ApiResult<T>>): Promise<ApiResult<T>>;
  /** Forget the answer, so the next ensure asks again (a quote that expired). */
  invalidate(): void;
  reset(): void;
}

function lastValue<T>(l: Load<T>): T | undefined {
  return l.state === 'ok' ? l.value : l.state === 'loading' || l.state === 'error' ? l.prev : undefined;
}

export function useKeyed<T>(): Keyed<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'idle' });
  const current = useRef<{ key: string; promise: Promise<ApiResult<T>> } | undefined>(undefined);
  const ensure = useCallback((key: string, run: () => Promise<ApiResult<T>>) => {
    if (current.current?.key === key) return current.current.promise;
    const promise = run();
    current.current = { key, promise };
    setLoad((l) => {
      const prev = lastValue(l);
      return prev === undefined ? { state: 'loading', key } : { state: 'loading', key, prev };
    });
    void promise.then((r) => {
      if (current.current?.promise !== promise) return;
      setLoad((l) => {
        if (r.ok) return { state: 'ok', key, value: r.value };
        const prev = lastValue(l);
        return prev === undefined ? { state: 'error', key, error: r.error } : { state: 'error', key, error: r.error, prev };
      });
    });
    return promise;
  }, []);
  const invalidate = useCallback(() => {
    current.current = undefined;
  }, []);
  const reset = useCallback(() => {
    current.current = undefined;
    setLoad({ state: 'idle' });
  }, []);
  return { load, ensure, invalidate, reset };
}
