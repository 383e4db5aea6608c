import { create } from 'zustand';
import type { Progress, ProgressTask } from '../../../shared/ipc/contract';
import { bridge } from '../bridge';

interface ProgressState {
  /** The latest report of each task (kept when finished, so the screen can say it is done). */
  tasks: Partial<Record<ProgressTask, Progress>>;
}

/** Long work in main as it reports itself (the `progress` event). */
export const useProgressStore = create<ProgressState>()((set) => {
  bridge.subscribe('progress', (progress) => set((state) => ({ tasks: { ...state.tasks, [progress.task]: progress } })));
  return { tasks: {} };
});
