import type { InvokeChannel } from '../../shared/ipc/channels';
import type { MessageKey } from '../../shared/i18n/resources';
import type { RegisterTerminalMode } from '../../shared/sync/protocol';
import { refuse } from '../../shared/result';
import { guardChannels, type Handlers } from '../ipc/dispatcher';

interface ChannelFamily {
  prefix: 'desk.' | 'kiosk.';
  /** The enrolled modes whose pushes the register takes from these channels (src/server/sync/authorization.ts `modes`). */
  modes: readonly RegisterTerminalMode[];
  /** Channels open in every mode (they queue nothing), or with modes of their own. */
  open: ReadonlySet<string>;
  own?: Readonly<Record<string, readonly RegisterTerminalMode[]>>;
  refusal: MessageKey;
}

/**
 * What a screen's channels queue, the register takes only from terminals enrolled for it: every desk kind from desks,
 * a kiosk's loans and PIN lockouts from kiosks (a door's PIN pad: doors and kiosks). Each family is guarded by default
 * (a new channel too), so an enrolled terminal refuses up front, localized, a call its screens never make (desk work
 * on a technician terminal that holds its library's staff, a kiosk's PIN sign-in at a desk) rather than saving and
 * queueing what the register then refuses at sync as `forbidden-mode`. A terminal not yet enrolled is left as it is.
 */
const families: readonly ChannelFamily[] = [
  {
    prefix: 'desk.',
    modes: ['desk'],
    // The staff session (the technician screen signs in through it) and the desk's language.
    open: new Set(['desk.login', 'desk.logout', 'desk.session', 'desk.displayLanguage']),
    refusal: 'desk.error.notDeskTerminal',
  },
  {
    prefix: 'kiosk.',
    modes: ['kiosk'],
    open: new Set(['kiosk.session', 'kiosk.settings', 'kiosk.receipt', 'kiosk.end', 'kiosk.staffExit']),
    own: { 'kiosk.doorPin': ['door', 'kiosk'] },
    refusal: 'kiosk.error.notKioskTerminal',
  },
];

export function guardChannelsByEnrolment(handlers: Handlers, enrolledMode: () => RegisterTerminalMode | undefined): Handlers {
  const familyOf = (channel: string) => families.find((f) => channel.startsWith(f.prefix));
  const guarded = (Object.keys(handlers) as InvokeChannel[]).filter((channel) => {
    const family = familyOf(channel);
    return family !== undefined && !family.open.has(channel);
  });
  return guardChannels(handlers, guarded, (channel) => {
    const family = familyOf(channel)!;
    const mode = enrolledMode();
    return mode === undefined || (family.own?.[channel] ?? family.modes).includes(mode) ? undefined : refuse('forbidden', family.refusal);
  });
}
