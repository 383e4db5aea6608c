import { createServer } from 'node:net';

/**
 * The one polling helper: retries `check` until it stops throwing (and returns its value), or throws
 * the last error once `timeoutMs` has passed. The timeout is a bound for a broken run, not a measurement.
 */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, stepMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

/** `eventually` for a probe that answers undefined/false until the thing it waits for is there. */
export function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  return eventually(
    () => {
      const value = probe();
      if (value === undefined || value === false) throw new Error(`timed out waiting for ${what}`);
      return value;
    },
    timeoutMs,
    5,
  );
}

/** A port nobody listens on right now (bound to 0 on 127.0.0.1, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
