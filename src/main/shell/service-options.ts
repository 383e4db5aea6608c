import { TerminalModeSchema } from '../../shared/ipc/contract';
import type { AppServiceDeps } from '../app/services';

/**
 * The app-service options of the Electron shell, built without Electron so a test can check them. The shell
 * is the product: it never seeds the demo (no demo staff with published passwords, no demo borrowers), whatever
 * the environment says; the demo lives in `npm run web` only.
 */
export function shellServiceOptions(input: Omit<AppServiceDeps, 'host' | 'initialConfig' | 'demo'> & { env: Readonly<Record<string, string | undefined>> }): AppServiceDeps {
  const requestedMode = TerminalModeSchema.safeParse(input.env.LANEDISK_MODE);
  return {
    ...input,
    host: 'electron',
    initialConfig: requestedMode.success ? { mode: requestedMode.data } : {},
    demo: false,
  };
}
