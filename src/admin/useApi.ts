import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from './api';

/** A localized sentence for a failed call (the register's own message is English, shown as detail). */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 0) return t('admin.error.network');
      if (error instanceof ApiError && error.status === 401) return t('admin.error.expired');
      return t('admin.error.generic', { message: error instanceof Error ? error.message : String(error) });
    },
    [t],
  );
}

/** GETs `path` on mount and on reload(); the state a page renders from. */
export function useLoad<T>(path: string): { data: T | undefined; loadedAt: number; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [loadedAt, setLoadedAt] = useState(0);
  const [error, setError] = useState<string>();
  const [round, setRound] = useState(0);
  const errorText = useErrorText();
  useEffect(() => {
    let live = true;
    api<T>('GET', path).then(
      (value) => {
        if (live) {
          setData(value);
          setLoadedAt(Date.now());
          setError(undefined);
        }
      },
      (failure: unknown) => {
        if (live) setError(errorText(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [path, round, errorText]);
  return { data, loadedAt, error, reload: useCallback(() => setRound((r) => r + 1), []) };
}
