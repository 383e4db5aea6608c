import type { HidBackend } from '../hid/backend';
import type { SerialPortLister } from '../serial-ports';
import { classifyDevice, type DeviceClass } from './known-devices';

export interface DiscoveredDevice extends DeviceClass {
  /** Stable while the device stays plugged in: "serial:<path>" or "hid:<path>". */
  id: string;
  transport: 'serial' | 'hid';
  path: string;
  vendorId?: number;
  productId?: number;
  /** Product name (HID) or the best name we have. */
  name?: string;
  manufacturer?: string;
  serialNumber?: string;
  usagePage?: number;
  interface?: number;
}

export interface DiscoverySources {
  serialPorts?: SerialPortLister;
  hid?: HidBackend;
}

/** serialport reports ids as hex text ("1a86"); anything else is treated as unknown. */
export function parseUsbId(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,4}$/i.test(text)) return undefined;
  return parseInt(text, 16);
}

export async function listSerialDevices(lister: SerialPortLister): Promise<DiscoveredDevice[]> {
  const ports = await lister.list();
  return ports.map((port) => {
    const vendorId = parseUsbId(port.vendorId);
    const productId = parseUsbId(port.productId);
    return withoutUndefined({
      id: `serial:${port.path}`,
      transport: 'serial' as const,
      path: port.path,
      vendorId,
      productId,
      name: port.manufacturer,
      manufacturer: port.manufacturer,
      serialNumber: port.serialNumber,
      ...classifyDevice({ vendorId, productId }),
    });
  });
}

/** node-hid lists a device once per interface/usage, sometimes with the same path twice: keep one per path. */
export function listHidDevices(backend: HidBackend): DiscoveredDevice[] {
  const byPath = new Map<string, DiscoveredDevice>();
  for (const d of backend.devices()) {
    if (byPath.has(d.path)) continue;
    byPath.set(
      d.path,
      withoutUndefined({
        id: `hid:${d.path}`,
        transport: 'hid' as const,
        path: d.path,
        vendorId: d.vendorId,
        productId: d.productId,
        name: d.product,
        manufacturer: d.manufacturer,
        serialNumber: d.serialNumber,
        usagePage: d.usagePage,
        interface: d.interface,
        ...classifyDevice({ vendorId: d.vendorId, productId: d.productId, product: d.product }),
      }),
    );
  }
  return [...byPath.values()];
}

/** Every serial port and HID device, classified, sorted by id. */
export async function discoverDevices(sources: DiscoverySources): Promise<DiscoveredDevice[]> {
  const serial = sources.serialPorts ? await listSerialDevices(sources.serialPorts) : [];
  const hid = sources.hid ? listHidDevices(sources.hid) : [];
  return [...serial, ...hid].sort((a, b) => a.id.localeCompare(b.id));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
