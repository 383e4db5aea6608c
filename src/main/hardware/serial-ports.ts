import type { SerialPortInfo } from '../../shared/ipc/contract';

/** Lists serial devices. Passed in, so tests and the simulator can supply their own. */
export interface SerialPortLister {
  list(): Promise<SerialPortInfo[]>;
}

interface RawPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** The real lister, backed by the serialport package's native bindings (loaded lazily). */
export function createSystemSerialPortLister(): SerialPortLister {
  return {
    async list() {
      const { SerialPort } = await import('serialport');
      // @serialport/bindings-interface's export map hides its types from Bundler resolution; name the fields we read.
      const ports = (await SerialPort.list()) as RawPortInfo[];
      return ports
        .map((p) => ({
          path: p.path,
          manufacturer: p.manufacturer,
          serialNumber: p.serialNumber,
          vendorId: p.vendorId,
          productId: p.productId,
        }))
        .sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}
