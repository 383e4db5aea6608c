import { create } from 'zustand';
import type { AppError, Result } from '../../../shared/result';

export interface ResourceState<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  value: T | undefined;
  error: AppError | undefined;
  refresh: () => Promise<void>;
}

/** A store for one value fetched from main, with loading and error states. */
export function createResourceStore<T>(fetch: () => Promise<Result<T>>) {
  return create<ResourceState<T>>()((set) => ({
    status: 'idle',
    value: undefined,
    error: undefined,
    async refresh() {
      set({ status: 'loading' });
      const result = await fetch();
      if (result.ok) set({ status: 'ready', value: result.value, error: undefined });
      else set({ status: 'error', error: result.error });
    },
  }));
}
