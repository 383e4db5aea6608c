import type { Logger } from '../../log';
import { missingCaseError } from '../../../shared/result';
import { createNodeHidBackend, type HidBackend } from '../hid/backend';
import { systemClock, type Clock } from './clock';
import type { RelayConfig } from './config';
import { kmtronicProtocol } from './drivers/kmtronic';
import { lcusProtocol } from './drivers/lcus';
import { modbusProtocol } from './drivers/modbus';
import { SerialRelay, type SerialProtocol } from './drivers/serial-relay';
import { SimulatedRelay } from './drivers/simulated';
import { UsbHidRelay } from './drivers/usb-hid';
import type { SerialPortOpener } from './serial-port';
import type { Relay } from './types';

export interface RelayDeps {
  /** The relay module's logger: moduleLogger(root, 'relay'). */
  log: Logger;
  clock?: Clock;
  /** HID backend for 'usb-hid' (default: node-hid, loaded on first use). */
  hid?: HidBackend | (() => Promise<HidBackend>);
  /** Serial opener for the serial kinds (default: the serialport package). */
  serialOpener?: SerialPortOpener;
}

/**
 * The relay a parsed configuration describes (parse settings with relayConfigSchema first).
 * The relay starts connecting at once and reports 'connected' / 'disconnected' as it goes.
 */
export function createRelay(config: RelayConfig, deps: RelayDeps): Relay {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ relay: config.kind });
  const serial = (protocol: SerialProtocol, c: Extract<RelayConfig, { port: unknown }>) =>
    new SerialRelay({
      protocol,
      port: c.port,
      reconnect: c.reconnect,
      presenceCheckMs: c.presenceCheckMs,
      writeTimeoutMs: c.writeTimeoutMs,
      clock,
      log,
      ...(deps.serialOpener ? { opener: deps.serialOpener } : {}),
    });
  switch (config.kind) {
    case 'usb-hid':
      return new UsbHidRelay({ config, backend: deps.hid ?? createNodeHidBackend, clock, log });
    case 'lcus':
      return serial(lcusProtocol(config), config);
    case 'kmtronic':
      return serial(kmtronicProtocol(config), config);
    case 'modbus-rtu':
      return serial(modbusProtocol(config), config);
    case 'simulated':
      return new SimulatedRelay({ channels: config.channels, clock, log });
    default:
      throw missingCaseError(config);
  }
}
