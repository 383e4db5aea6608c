import { describe, expect, it } from 'vitest';
import { classifyDevice, discoverDevices, listHidDevices, parseUsbId } from '../../../../src/main/hardware/discovery';
import type { SerialPortLister } from '../../../../src/main/hardware/serial-ports';
import { FakeHidBackend } from '../readers/fake-hid';

const serialPorts: SerialPortLister = {
  list: () =>
    Promise.resolve([
      { path: '/dev/ttyUSB0', manufacturer: '1a86', vendorId: '1a86', productId: '7523' },
      { path: '/dev/ttyUSB1', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'A50285BI' },
      { path: '/dev/ttyACM0', manufacturer: 'Honeywell', vendorId: '0C2E', productId: '0b61' },
      { path: '/dev/ttyS0' },
    ]),
};

const hid = new FakeHidBackend([
  { path: '/dev/hidraw0', vendorId: 0x0801, productId: 0x0002, product: 'USB Swipe Reader', manufacturer: 'Mag-Tek', usagePage: 0xff00 },
  { path: '/dev/hidraw1', vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay2', manufacturer: 'www.dcttech.com' },
  { path: '/dev/hidraw1', vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay2', manufacturer: 'www.dcttech.com', usagePage: 0x01 },
  { path: '/dev/hidraw2', vendorId: 0x16c0, productId: 0x05df, product: 'SomeOtherVUSBGadget' },
  { path: '/dev/hidraw3', vendorId: 0x046d, productId: 0xc52b, product: 'USB Receiver' },
]);

describe('device classification', () => {
  it.each([
    [{ vendorId: 0x0801, productId: 0x0002 }, 'magtek-card-reader', 'card-reader'],
    [{ vendorId: 0x0801, productId: 0x0011 }, 'magtek-card-reader', 'card-reader'],
    [{ vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay8' }, 'usb-hid-relay', 'relay'],
    [{ vendorId: 0x16c0, productId: 0x05df, product: 'Other' }, 'unknown', 'unknown'],
    [{ vendorId: 0x16c0, productId: 0x05dc, product: 'USBRelay2' }, 'unknown', 'unknown'],
    [{ vendorId: 0x1a86, productId: 0x7523 }, 'ch340-serial', 'serial-adapter'],
    [{ vendorId: 0x1a86, productId: 0x5523 }, 'unknown', 'unknown'],
    [{ vendorId: 0x0403, productId: 0x6015 }, 'ftdi-serial', 'serial-adapter'],
    [{ vendorId: 0x0c2e, productId: 0x0b61 }, 'honeywell-scanner', 'card-reader'],
    [{}, 'unknown', 'unknown'],
  ])('%o is %s', (identity, kind, use) => {
    expect(classifyDevice(identity)).toMatchObject({ kind, use });
  });

  it('reads the relay channel count from the product name', () => {
    expect(classifyDevice({ vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay4' })).toEqual({
      kind: 'usb-hid-relay',
      label: 'USB HID relay, 4 channels',
      use: 'relay',
      relayChannels: 4,
    });
  });

  it('parses serialport id strings', () => {
    expect(parseUsbId('1a86')).toBe(0x1a86);
    expect(parseUsbId('0x0C2E')).toBe(0x0c2e);
    expect(parseUsbId('zz')).toBeUndefined();
    expect(parseUsbId(undefined)).toBeUndefined();
  });
});

describe('device discovery', () => {
  it('lists serial ports and HID devices with ids, names and kinds, one entry per HID path', async () => {
    const devices = await discoverDevices({ serialPorts, hid });
    expect(devices.map((d) => [d.id, d.kind])).toEqual([
      ['hid:/dev/hidraw0', 'magtek-card-reader'],
      ['hid:/dev/hidraw1', 'usb-hid-relay'],
      ['hid:/dev/hidraw2', 'unknown'],
      ['hid:/dev/hidraw3', 'unknown'],
      ['serial:/dev/ttyACM0', 'honeywell-scanner'],
      ['serial:/dev/ttyS0', 'unknown'],
      ['serial:/dev/ttyUSB0', 'ch340-serial'],
      ['serial:/dev/ttyUSB1', 'ftdi-serial'],
    ]);
    expect(devices.find((d) => d.id === 'hid:/dev/hidraw0')).toEqual({
      id: 'hid:/dev/hidraw0',
      transport: 'hid',
      path: '/dev/hidraw0',
      vendorId: 0x0801,
      productId: 0x0002,
      name: 'USB Swipe Reader',
      manufacturer: 'Mag-Tek',
      usagePage: 0xff00,
      kind: 'magtek-card-reader',
      label: 'MagTek card reader',
      use: 'card-reader',
    });
    expect(devices.find((d) => d.id === 'serial:/dev/ttyUSB1')).toMatchObject({ vendorId: 0x0403, productId: 0x6001, serialNumber: 'A50285BI' });
    expect(devices.find((d) => d.id === 'serial:/dev/ttyS0')).toEqual({
      id: 'serial:/dev/ttyS0',
      transport: 'serial',
      path: '/dev/ttyS0',
      kind: 'unknown',
      label: 'Unknown device',
      use: 'unknown',
    });
    expect(listHidDevices(hid).find((d) => d.path === '/dev/hidraw1')?.relayChannels).toBe(2);
  });

  it('works with only one source', async () => {
    expect((await discoverDevices({ hid })).every((d) => d.transport === 'hid')).toBe(true);
    expect(await discoverDevices({})).toEqual([]);
  });
});
