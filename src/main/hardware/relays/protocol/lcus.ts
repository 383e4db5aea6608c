import { assertChannel } from './bytes';

/**
 * LCUS-n / "LC USB switch" relay boards behind a CH340 USB-serial chip (9600 8N1):
 * `A0 ch op sum` with op 01 = on, 00 = off and sum = (A0 + ch + op) & 0xFF, e.g. `A0 01 01 A2`
 * on and `A0 01 00 A1` off (vendor listings of the LCUS-1; Pebble94464/lcus-usb-relay-module-controller
 * DeviceBase._send_command). The boards do not answer switch commands.
 */
export const LCUS_START = 0xa0;
export const LCUS_MAX_CHANNELS = 8;

export function lcusChecksum(channel: number, op: number, start = LCUS_START): number {
  return (start + channel + op) & 0xff;
}

export function encodeLcusCommand(channel: number, on: boolean): Uint8Array {
  assertChannel(channel, LCUS_MAX_CHANNELS, 'LCUS relay');
  const op = on ? 0x01 : 0x00;
  return Uint8Array.of(LCUS_START, channel, op, lcusChecksum(channel, op));
}
