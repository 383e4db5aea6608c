import type { KmtronicRelayConfig } from '../config';
import { RelayError } from '../errors';
import {
  encodeKmtronicCommand,
  encodeKmtronicStatusOne,
  KMTRONIC_STATUS_ALL,
  kmtronicStatusMode,
  parseKmtronicStatusAll,
  parseKmtronicStatusOne,
} from '../protocol/kmtronic';
import type { SerialIo, SerialProtocol } from './serial-relay';

/** KMTronic boards: switch commands are not answered; the status query is, so it can verify. */
export function kmtronicProtocol(config: Pick<KmtronicRelayConfig, 'channels' | 'verify' | 'responseTimeoutMs'>): SerialProtocol {
  const { channels, responseTimeoutMs } = config;
  const read = async (io: SerialIo): Promise<boolean[]> => {
    if (kmtronicStatusMode(channels) === 'all') {
      return io.request(KMTRONIC_STATUS_ALL, (buffer) => parseKmtronicStatusAll(buffer, channels), responseTimeoutMs);
    }
    const states: boolean[] = [];
    for (let channel = 1; channel <= channels; channel++) {
      states.push(await io.request(encodeKmtronicStatusOne(channel), (buffer) => parseKmtronicStatusOne(buffer, channel), responseTimeoutMs));
    }
    return states;
  };
  return {
    kind: 'kmtronic',
    channels,
    async set(io, channel, on) {
      await io.write(encodeKmtronicCommand(channel, on));
      if (!config.verify) return;
      const state = (await read(io))[channel - 1];
      if (state !== on) throw new RelayError('mismatch', `KMTronic relay ${channel} reads ${state ? 'on' : 'off'} after switching it ${on ? 'on' : 'off'}`);
    },
    read,
  };
}
