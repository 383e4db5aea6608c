import type { InvokeChannel } from '../../shared/ipc/channels';
import type { RegisterTerminalMode } from '../../shared/sync/protocol';
import { refuse } from '../../shared/result';
import type { Handlers } from '../ipc/dispatcher';

/** Desk channels every mode may use: the staff session (the technician screen signs in through it) and the desk's language. */
const openDeskChannels: ReadonlySet<string> = new Set(['desk.login', 'desk.logout', 'desk.session', 'desk.displayLanguage']);

/**
 * The register takes the desk's changes (borrowers, cards, transfers, door alarms and overrides, staff's own accounts,
 * loans at the desk) only from a terminal enrolled as a desk (src/server/sync/authorization.ts `modes`), so an enrolled
 * kiosk, door or technician terminal refuses every desk channel up front, localized, rather than saving and queueing
 * what the register then refuses at sync. Its screens offer none of them; this holds against a call made anyway. A new
 * desk channel is guarded by default. A terminal not yet enrolled pushes nothing and is left as it is.
 */
export function guardDeskChannels(handlers: Handlers, enrolledMode: () => RegisterTerminalMode | undefined): Handlers {
  const guarded: Partial<Record<InvokeChannel, unknown>> = {};
  for (const channel of Object.keys(handlers) as InvokeChannel[]) {
    if (!channel.startsWith('desk.') || openDeskChannels.has(channel)) continue;
    const handler = handlers[channel] as (request: never, ctx: never) => unknown;
    guarded[channel] = (request: never, ctx: never) => {
      const mode = enrolledMode();
      return mode === undefined || mode === 'desk' ? handler(request, ctx) : refuse('forbidden', 'desk.error.notDeskTerminal');
    };
  }
  return { ...handlers, ...(guarded as Partial<Handlers>) };
}
