import { create } from 'zustand';
import type { StaffSession } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import { bridge } from '../bridge';

export type DeskView =
  | { name: 'start' }
  | { name: 'register' }
  | { name: 'search' }
  | { name: 'lists' }
  | { name: 'borrower'; id: string }
  | { name: 'audit' }
  | { name: 'checkin' }
  | { name: 'account' };

interface DeskState {
  session: StaffSession | null | undefined;
  view: DeskView;
  /** One-line confirmation shown after an action (role=status). */
  notice: string | undefined;
  loadSession: () => Promise<void>;
  login: (email: string, password: string) => Promise<AppError | undefined>;
  logout: () => Promise<void>;
  show: (view: DeskView, notice?: string) => void;
  /** The session after the staff member changed their own details (the view stays). */
  setSession: (session: StaffSession) => void;
}

export const useDeskStore = create<DeskState>()((set) => {
  bridge.subscribe('desk.sessionChanged', (session) => set({ session, view: { name: 'start' } }));
  // A card swiped at the desk reader opens that borrower.
  bridge.subscribe('desk.openBorrower', ({ borrowerId }) => set({ view: { name: 'borrower', id: borrowerId }, notice: undefined }));
  return {
    session: undefined,
    view: { name: 'start' },
    notice: undefined,
    async loadSession() {
      const result = await bridge.invoke('desk.session', {});
      set({ session: result.ok ? result.value : null });
    },
    async login(email, password) {
      const result = await bridge.invoke('desk.login', { email, password });
      if (!result.ok) return result.error;
      set({ session: result.value, view: { name: 'start' }, notice: undefined });
      return undefined;
    },
    async logout() {
      await bridge.invoke('desk.logout', {});
      set({ session: null, view: { name: 'start' }, notice: undefined });
    },
    show: (view, notice) => set({ view, notice }),
    setSession: (session) => set({ session }),
  };
});
