import { assertChannel } from './bytes';

/**
 * The "USBRelayN" HID relay boards (V-USB firmware, www.dcttech.com), as documented by the
 * usb-relay-hid project (pavel-a/usb-relay-hid: doc/hidrelay.md, lib/usb_relay_lib.c).
 *
 * - VID 0x16C0 / PID 0x05DF (V-USB's shared HID id), product string "USBRelay" + channel count.
 * - Commands are feature report 0 (no numbered reports), 8 data bytes behind the report id:
 *   `FF n` switches channel n (1-based) on, `FD n` off, `FE` all on, `FC` all off.
 * - Feature report 0 read back: data bytes 0-4 are the board's 5-character id, data byte 5 is 0,
 *   data byte 7 is the state bitmask (bit 0 = channel 1).
 *
 * node-hid (hidapi 0.15 on Linux hidraw, libusb, Windows and macOS) returns getFeatureReport(0, 9)
 * with the report id 0 still in front, so in that array the id is at 1-5 and the bitmask at index 8.
 * A backend that strips the report id returns the 8 data bytes alone (bitmask at 7); both are accepted.
 */
export const USB_RELAY_VENDOR_ID = 0x16c0;
export const USB_RELAY_PRODUCT_ID = 0x05df;
export const USB_RELAY_MAX_CHANNELS = 8;
/** Report id 0 plus 8 data bytes. */
export const USB_RELAY_REPORT_LENGTH = 9;

const CMD_ON = 0xff;
const CMD_OFF = 0xfd;
const CMD_ALL_ON = 0xfe;
const CMD_ALL_OFF = 0xfc;

/** Channel count from the product string ("USBRelay2" → 2), or undefined if it is not a relay board. */
export function usbRelayChannelsFromProduct(product: string | undefined): number | undefined {
  const match = /^USBRelay([1-8])$/.exec(product ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The feature report that switches one channel: `[0, FF|FD, n, 0, 0, 0, 0, 0, 0]`. */
export function encodeUsbRelayCommand(channel: number, on: boolean): number[] {
  assertChannel(channel, USB_RELAY_MAX_CHANNELS, 'USB HID relay');
  return [0, on ? CMD_ON : CMD_OFF, channel, 0, 0, 0, 0, 0, 0];
}

/** The feature report that switches every channel: `[0, FE|FC, 0, …]`. */
export function encodeUsbRelayAll(on: boolean): number[] {
  return [0, on ? CMD_ALL_ON : CMD_ALL_OFF, 0, 0, 0, 0, 0, 0, 0];
}

export type UsbRelayReport =
  | { ok: true; boardId: string; stateMask: number }
  | { ok: false; reason: string };

/** Decodes feature report 0 as node-hid returns it (see the module comment for the two layouts). */
export function decodeUsbRelayReport(report: ArrayLike<number>): UsbRelayReport {
  let data: number[];
  if (report.length >= USB_RELAY_REPORT_LENGTH && report[0] === 0) {
    data = Array.from(report).slice(1, USB_RELAY_REPORT_LENGTH);
  } else if (report.length === USB_RELAY_REPORT_LENGTH - 1 && report[0] !== 0) {
    data = Array.from(report);
  } else {
    return { ok: false, reason: `unexpected feature report layout (${report.length} bytes)` };
  }
  if (data.some((b) => !Number.isInteger(b) || b < 0 || b > 0xff)) return { ok: false, reason: 'feature report holds non-byte values' };
  const idBytes = data.slice(0, 5);
  // The board id is printable ASCII; usb-relay-hid rejects boards whose id is not.
  const boardId = idBytes.every((b) => b > 0x20 && b < 0x7f) ? String.fromCharCode(...idBytes) : '';
  return { ok: true, boardId, stateMask: data[7] ?? 0 };
}

/** `channels` booleans from a bitmask, channel 1 first. */
export function maskToStates(mask: number, channels: number): boolean[] {
  return Array.from({ length: channels }, (_, i) => (mask & (1 << i)) !== 0);
}
