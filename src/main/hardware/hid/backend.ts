/**
 * node-hid behind an interface: the real backend wraps node-hid, tests pass
 * recorded reports through a fake, and the simulator passes its own.
 */
export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  usagePage?: number;
  usage?: number;
  interface?: number;
}

export interface HidDevice {
  /** Output report; first byte is the report id (0 when the device uses none). Returns bytes written. */
  write(data: readonly number[]): number;
  /** Feature report; first byte is the report id. Returns bytes written. */
  sendFeatureReport(data: readonly number[]): number;
  getFeatureReport(reportId: number, length: number): number[];
  /** Input reports as they arrive; errors (e.g. the device was unplugged). Returns an unsubscribe function. */
  onData(listener: (report: Uint8Array) => void): () => void;
  onError(listener: (error: Error) => void): () => void;
  close(): void;
}

export interface HidBackend {
  devices(): HidDeviceInfo[];
  open(path: string): HidDevice;
}

/** The real backend. node-hid is loaded on first use so plain-Node tests never need the native module. */
export async function createNodeHidBackend(): Promise<HidBackend> {
  const hid = await import('node-hid');
  return {
    devices: () =>
      hid.devices().flatMap((d) =>
        d.path
          ? [
              {
                path: d.path,
                vendorId: d.vendorId,
                productId: d.productId,
                product: d.product,
                manufacturer: d.manufacturer,
                serialNumber: d.serialNumber,
                usagePage: d.usagePage,
                usage: d.usage,
                interface: d.interface,
              },
            ]
          : [],
      ),
    open(path) {
      const device = new hid.HID(path);
      return {
        write: (data) => device.write([...data]),
        sendFeatureReport: (data) => device.sendFeatureReport([...data]),
        getFeatureReport: (reportId, length) => device.getFeatureReport(reportId, length),
        onData(listener) {
          const wrapped = (data: Buffer) => listener(new Uint8Array(data));
          device.on('data', wrapped);
          return () => device.off('data', wrapped);
        },
        onError(listener) {
          device.on('error', listener);
          return () => device.off('error', listener);
        },
        close: () => device.close(),
      };
    },
  };
}
