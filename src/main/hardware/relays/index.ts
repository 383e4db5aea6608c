/** Door relays: drivers behind one Relay interface, pure protocol encoders, and the settings schema. */
export { systemClock, type Clock, type TimerHandle } from './clock';
export {
  relayConfigSchema,
  type KmtronicRelayConfig,
  type LcusRelayConfig,
  type ModbusRelayConfig,
  type RelayConfig,
  type RelayConfigInput,
  type SimulatedRelayConfig,
  type UsbHidRelayConfig,
} from './config';
export { createRelay, type RelayDeps } from './create-relay';
export { SimulatedRelay, type SimulatedOperation } from './drivers/simulated';
export { isRelayError, RelayError, relayErrorCodes, type RelayErrorCode } from './errors';
export { openSystemSerialPort, type SerialPortHandle, type SerialPortOpener } from './serial-port';
export type { Relay, RelayEvents, RelayKind, RelayStatus } from './types';
