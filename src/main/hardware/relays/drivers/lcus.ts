import type { LcusRelayConfig } from '../config';
import { encodeLcusCommand } from '../protocol/lcus';
import type { SerialProtocol } from './serial-relay';

/** LCUS / CH340 boards: fire and forget (they never answer), so there is no read-back. */
export function lcusProtocol(config: Pick<LcusRelayConfig, 'channels'>): SerialProtocol {
  return {
    kind: 'lcus',
    channels: config.channels,
    set: (io, channel, on) => io.write(encodeLcusCommand(channel, on)),
  };
}
