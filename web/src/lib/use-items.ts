import { useCallback, useEffect, useState } from 'react';
import { api, failureOf } from './api.js';
import type { FkError } from './types.js';

/**
 * A list the API answers as `{ items }`, loaded on mount; `reload` reads it again (after a change).
 * A failed read sets `error`, which the page shows and clears with `setError`.
 */
export function useItems<T>(path: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<FkError | null>(null);
  const reload = useCallback(async () => {
    try {
      setItems((await api<{ items: T[] }>('GET', path)).items);
    } catch (thrown) {
      setError(failureOf(thrown));
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, reload, error, setError };
}
