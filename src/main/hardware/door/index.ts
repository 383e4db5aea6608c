/** The door: one relay channel driving a lock, with safe state, watchdog and door-contact alarms. */
export { doorConfigSchema, type DoorConfig, type DoorConfigInput, type DoorState, type LockType, type RelayContact } from './config';
export { createSimulatedDoorContact, type ContactState, type DoorContact, type SimulatedDoorContact } from './contact';
export {
  createDoorController,
  DoorController,
  type DoorAlarm,
  type DoorControllerDeps,
  type DoorEvents,
  type DoorStateCause,
  type PulseOutcome,
  type WatchdogReason,
} from './controller';
export { lockEnergised, relayLevel } from './levels';
export { createRelayInputContact, type RelayInputContact, type RelayInputContactOptions } from './relay-input-contact';
