import { create } from 'zustand';
import type { TerminalConfigure, TerminalInfo } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import { bridge } from '../bridge';
import { setLanguage } from '../i18n';

interface TerminalState {
  info: TerminalInfo | undefined;
  error: AppError | undefined;
  load: () => Promise<void>;
  configure: (change: TerminalConfigure) => Promise<AppError | undefined>;
}

export const useTerminalStore = create<TerminalState>()((set) => {
  const apply = (info: TerminalInfo) => {
    setLanguage(info.language);
    set({ info, error: undefined });
  };
  bridge.subscribe('terminal.changed', apply);
  return {
    info: undefined,
    error: undefined,
    async load() {
      const result = await bridge.invoke('terminal.info', {});
      if (result.ok) apply(result.value);
      else set({ error: result.error });
    },
    async configure(change) {
      const result = await bridge.invoke('terminal.configure', change);
      if (!result.ok) return result.error;
      apply(result.value);
      return undefined;
    },
  };
});
