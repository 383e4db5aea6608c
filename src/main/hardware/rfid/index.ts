/** RFID pads for library item tags: FEIG's ISO host protocol over serial, and a simulated pad for the demo. */
export { FeigPad, type FeigPadOptions } from './feig-pad';
export { createRfidPad, createRfidPadHolder, type RfidPadHolder } from './pad-holder';
export { SimulatedPad } from './simulated-pad';
export { defaultAfi, RfidError, rfidErrorCodes, type RfidErrorCode, type RfidPad, type RfidTagSeen } from './types';
