import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import type { LinuxOpenOptions, LinuxPortBinding } from '@serialport/bindings-cpp';
import type { SerialPortStream } from '@serialport/stream';

/** What our openers pass when they make a port (the rest of serialport's options keep their defaults). */
export interface SystemSerialPortOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
}

const readAsync = promisify(fsRead);

/**
 * A read of zero bytes from a tty that serialport opened (VMIN 1, non-blocking) means the line hung up: the
 * USB device was unplugged or the pty's other end closed. bindings-cpp retries such reads forever
 * (serialport/bindings-cpp#162, open upstream), which spins a core and never reports the disconnect. This
 * read turns it into a disconnect error, which the stream answers by closing with a DisconnectedError.
 */
export async function readOrHangUp(
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number | null,
  read: typeof readAsync = readAsync,
): Promise<{ bytesRead: number; buffer: Buffer }> {
  const result = await read(fd, buffer, offset, length, position);
  if (result.bytesRead === 0) throw Object.assign(new Error('the serial line hung up (device unplugged)'), { code: 'EHANGUP', disconnect: true });
  return result;
}

/**
 * Makes an unopened serialport stream. On Linux its binding reports hang-ups (see readOrHangUp); elsewhere it
 * is serialport's own binding.
 */
export async function createSystemSerialPort(options: SystemSerialPortOptions): Promise<SerialPortStream> {
  if (process.platform !== 'linux') {
    const { SerialPort } = await import('serialport');
    return new SerialPort({ ...options, autoOpen: false });
  }
  const [{ SerialPortStream }, bindings, { unixRead }] = await Promise.all([
    import('@serialport/stream'),
    import('@serialport/bindings-cpp'),
    import('@serialport/bindings-cpp/dist/unix-read.js'),
  ]);
  // @serialport/bindings-interface's export map hides its types from Bundler resolution: name what we use.
  const linux = bindings.LinuxBinding as unknown as LinuxBindingLike;
  const binding: LinuxBindingLike = {
    list: () => linux.list(),
    async open(openOptions) {
      const port = await linux.open(openOptions);
      port.read = (buffer: Buffer, offset: number, length: number) => {
        if (!port.isOpen) return Promise.reject(new Error('Port is not open'));
        return unixRead({ binding: port, buffer, offset, length, fsReadAsync: readOrHangUp as typeof readAsync });
      };
      return port;
    },
  };
  return new SerialPortStream({ binding, ...options, autoOpen: false });
}

interface LinuxBindingLike {
  list(): Promise<unknown[]>;
  open(options: LinuxOpenOptions): Promise<LinuxPortBinding>;
}
