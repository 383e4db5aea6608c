import { create } from 'zustand';
import type { TechnicianStatus } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import { bridge } from '../bridge';

interface TechnicianState {
  status: TechnicianStatus | undefined;
  error: AppError | undefined;
  load: () => Promise<void>;
  login: (email: string, password: string) => Promise<AppError | undefined>;
  logout: () => Promise<void>;
}

/** The technician sign-in (SPEC 1); main decides, this only mirrors its answer. */
export const useTechnicianStore = create<TechnicianState>()((set, get) => {
  // The staff session ended in main (idle time, mode change): ask again, so the sign-in shows.
  bridge.subscribe('desk.sessionChanged', (session) => {
    if (session === null) void get().load();
  });
  return {
  status: undefined,
  error: undefined,
  async load() {
    const result = await bridge.invoke('technician.status', {});
    set(result.ok ? { status: result.value, error: undefined } : { error: result.error });
  },
  async login(email, password) {
    const result = await bridge.invoke('technician.login', { email, password });
    if (!result.ok) return result.error;
    set({ status: result.value, error: undefined });
    return undefined;
  },
  async logout() {
    const result = await bridge.invoke('technician.logout', {});
    if (result.ok) set({ status: result.value });
  },
  };
});
