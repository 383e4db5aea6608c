import { afterEach } from 'vitest';
import type { AppServiceDeps, AppServices } from '../../src/main/app/services';
import { testServices } from './services';
import { useTempDirs } from './temp-dirs';

/**
 * Terminals beside the one under test (a door, another desk), each on a fresh data folder: after each test
 * their jobs and hardware shut down, then the folders go.
 */
export function useTerminalServices(prefix = 'lanedisk-terminal-'): (overrides: Partial<AppServiceDeps>) => AppServices {
  // Registered first, so it runs after the shutdown below (after hooks run last-registered first).
  const tempDir = useTempDirs(prefix);
  const started: AppServices[] = [];
  afterEach(async () => {
    for (const services of started.splice(0)) await services.shutdown();
  });
  return (overrides) => {
    const services = testServices({ dataDir: tempDir(), ...overrides });
    started.push(services);
    return services;
  };
}
