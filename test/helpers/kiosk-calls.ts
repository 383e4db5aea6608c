import type { AppServices } from '../../src/main/app/services';

const ctx = { host: 'web' } as const;

/**
 * Kiosk calls through the IPC dispatcher, as the page makes them: `call` expects a value (a refusal fails the
 * test with its message), `refused` a refusal (its code and the message the screen shows).
 */
export function kioskCalls(services: () => AppServices) {
  return {
    call: async (channel: string, payload: unknown) => {
      const result = await services().dispatcher.dispatch(channel, payload, ctx);
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as Record<string, unknown>;
    },
    refused: async (channel: string, payload: unknown) => {
      const result = await services().dispatcher.dispatch(channel, payload, ctx);
      if (result.ok) throw new Error(`${channel}: expected a refusal`);
      return { code: result.error.code, message: result.error.message };
    },
  };
}
