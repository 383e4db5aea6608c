import { create } from 'zustand';
import type { SyncStatusView } from '../../../shared/ipc/contract';
import { bridge } from '../bridge';

interface SyncState {
  status: SyncStatusView | undefined;
  load: () => Promise<void>;
}

/** Sync with the central register as the footer and the technician screen show it. */
export const useSyncStore = create<SyncState>()((set) => {
  bridge.subscribe('sync.status', (status) => set({ status }));
  return {
    status: undefined,
    async load() {
      const result = await bridge.invoke('sync.status', {});
      if (result.ok) set({ status: result.value });
    },
  };
});
