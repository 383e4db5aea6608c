import type { hardwareChannels } from '../../../shared/ipc/features/hardware.channels';
import type { SerialPortLister } from '../../hardware/serial-ports';
import type { FeatureHandlers } from './types';

export function hardwareHandlers(deps: { serialPorts: SerialPortLister }): FeatureHandlers<(typeof hardwareChannels)[number]> {
  return {
    'hardware.listSerialPorts': () => deps.serialPorts.list(),
  };
}
