/**
 * USB devices we recognise. Ids from the SPEC (4 and 6) and the vendors' own ids: MagTek 0x0801, the V-USB
 * shared id 0x16C0/0x05DF used by "USBRelayN" HID relays, WCH CH340 0x1A86/0x7523 (LCUS relays and cheap
 * readers), FTDI 0x0403 and Honeywell 0x0C2E (barcode engines).
 */
export const deviceKinds = [
  'magtek-card-reader',
  'usb-hid-relay',
  'ch340-serial',
  'ftdi-serial',
  'honeywell-scanner',
  'unknown',
] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export interface DeviceClass {
  kind: DeviceKind;
  /** A short English label for the technician screen. */
  label: string;
  /** What it is usually used for here. */
  use: 'card-reader' | 'relay' | 'serial-adapter' | 'unknown';
  /** For USB HID relays: the channel count from the product name ("USBRelay2" → 2). */
  relayChannels?: number;
}

export const VENDOR_MAGTEK = 0x0801;
export const VENDOR_VUSB = 0x16c0;
export const PRODUCT_VUSB_HID = 0x05df;
export const VENDOR_WCH = 0x1a86;
export const PRODUCT_CH340 = 0x7523;
export const VENDOR_FTDI = 0x0403;
export const VENDOR_HONEYWELL = 0x0c2e;

export interface DeviceIdentity {
  vendorId?: number;
  productId?: number;
  /** USB product string. */
  product?: string;
}

export function classifyDevice({ vendorId, productId, product }: DeviceIdentity): DeviceClass {
  if (vendorId === VENDOR_MAGTEK) return { kind: 'magtek-card-reader', label: 'MagTek card reader', use: 'card-reader' };
  if (vendorId === VENDOR_VUSB && productId === PRODUCT_VUSB_HID) {
    // 0x16C0/0x05DF is shared by every V-USB HID device: only the product name says it is a relay board.
    const match = /^USBRelay(\d+)$/i.exec(product?.trim() ?? '');
    if (match) {
      const channels = Number(match[1]);
      return { kind: 'usb-hid-relay', label: `USB HID relay, ${channels} channel${channels === 1 ? '' : 's'}`, use: 'relay', relayChannels: channels };
    }
    return { kind: 'unknown', label: 'V-USB HID device', use: 'unknown' };
  }
  if (vendorId === VENDOR_WCH && productId === PRODUCT_CH340) return { kind: 'ch340-serial', label: 'CH340 USB serial (LCUS relay or reader)', use: 'serial-adapter' };
  if (vendorId === VENDOR_FTDI) return { kind: 'ftdi-serial', label: 'FTDI USB serial', use: 'serial-adapter' };
  if (vendorId === VENDOR_HONEYWELL) return { kind: 'honeywell-scanner', label: 'Honeywell scanner', use: 'card-reader' };
  return { kind: 'unknown', label: 'Unknown device', use: 'unknown' };
}
