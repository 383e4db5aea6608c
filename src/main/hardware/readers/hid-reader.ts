import type { HidBackend, HidDevice, HidDeviceInfo } from '../hid/backend';
import type { Logger } from '../../log';
import type { HidReaderConfig } from './config';
import { ReconnectingReader } from './reconnecting-reader';
import type { BackoffOptions, Decode, Reader, Timers } from './types';

export interface HidReaderDeps<C> {
  config: HidReaderConfig;
  decode: Decode<C>;
  backend: HidBackend;
  log: Logger;
  timers?: Timers;
  /** How often to look for the device again while it is away. */
  backoff?: BackoffOptions;
}

/**
 * A raw HID card reader (e.g. MagTek, VID 0x0801): input reports are frames (or are joined into fixed-length
 * frames) and go to the decoder as bytes. While the device is away, HidBackend.devices() is polled with back-off.
 */
export function createHidReader<C>(deps: HidReaderDeps<C>): Reader<C> {
  return new HidReader(deps);
}

/** The device a HID reader config points at: its exact path, or the first (by path) with matching ids. */
export function findHidDevice(config: HidReaderConfig, devices: readonly HidDeviceInfo[]): HidDeviceInfo | undefined {
  const matches = devices.filter(
    (d) =>
      (config.path === undefined || d.path === config.path) &&
      (config.vendorId === undefined || d.vendorId === config.vendorId) &&
      (config.productId === undefined || d.productId === config.productId) &&
      (config.serialNumber === undefined || d.serialNumber === config.serialNumber) &&
      (config.usagePage === undefined || d.usagePage === config.usagePage) &&
      (config.interface === undefined || d.interface === config.interface),
  );
  return matches.sort((a, b) => a.path.localeCompare(b.path))[0];
}

class HidReader<C> extends ReconnectingReader<C> {
  private device: HidDevice | undefined;
  private unsubscribe: (() => void)[] = [];
  private assemblyTimer: unknown;
  private assembly: number[] = [];

  constructor(private readonly deps: HidReaderDeps<C>) {
    super(deps, 'reader.hid');
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connect();
  }

  stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.cancelRetry();
      this.release();
      this.core.setStatus('disconnected');
    }
    return Promise.resolve();
  }

  protected connect(): void {
    if (this.stopped) return;
    let info: HidDeviceInfo | undefined;
    try {
      info = findHidDevice(this.deps.config, this.deps.backend.devices());
    } catch (error) {
      this.core.setStatus('error');
      this.core.connectionError('enumeration-failed', error instanceof Error ? error.message : undefined);
      this.scheduleRetry();
      return;
    }
    if (!info) {
      this.core.setStatus('disconnected');
      this.core.connectionError('device-not-found');
      this.scheduleRetry();
      return;
    }
    let device: HidDevice;
    try {
      device = this.deps.backend.open(info.path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.core.setStatus('error');
      this.core.connectionError(/permission|access/i.test(message) ? 'permission-denied' : 'open-failed', message);
      this.scheduleRetry();
      return;
    }
    this.device = device;
    this.attempt = 0;
    this.core.log.info({ vendorId: info.vendorId, productId: info.productId }, 'hid reader opened');
    this.core.setStatus('connected');
    this.unsubscribe = [device.onData((report) => this.receive(device, report)), device.onError((error) => this.lost(device, error))];
  }

  private lost(device: HidDevice, error: Error): void {
    if (this.device !== device || this.stopped) return;
    this.core.log.warn({ err: error.message }, 'hid device lost');
    this.release();
    this.core.setStatus('disconnected');
    this.scheduleRetry();
  }

  private release(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.clearAssembly();
    const device = this.device;
    this.device = undefined;
    try {
      device?.close();
    } catch {
      // Already gone: closing a vanished device may throw.
    }
  }

  private receive(device: HidDevice, report: Uint8Array): void {
    if (this.device !== device) return;
    const { config } = this.deps;
    const bytes = config.stripReportId ? report.subarray(1) : report;
    if (config.framing === 'report') {
      this.frame(Uint8Array.from(bytes));
      return;
    }
    const length = config.frameLength ?? config.maxFrameLength;
    // Join reports until a frame is full; what follows in the last report is padding.
    const room = length - this.assembly.length;
    for (let i = 0; i < Math.min(room, bytes.length); i++) this.assembly.push(bytes[i] ?? 0);
    if (this.assembly.length >= length) {
      const frame = Uint8Array.from(this.assembly);
      this.clearAssembly();
      this.frame(frame);
      return;
    }
    if (this.assemblyTimer !== undefined) this.timers.clearTimeout(this.assemblyTimer);
    this.assemblyTimer = this.timers.setTimeout(() => {
      this.assemblyTimer = undefined;
      const partial = Uint8Array.from(this.assembly);
      this.assembly = [];
      this.core.raw(partial);
      this.core.error('incomplete-frame', `${partial.length} of ${length} bytes, then silence`);
    }, config.interReportTimeoutMs);
  }

  private frame(bytes: Uint8Array): void {
    const max = this.deps.config.maxFrameLength;
    if (bytes.length > max) {
      this.core.raw(bytes.subarray(0, max));
      this.core.error('frame-too-long', `more than ${max} bytes; discarded`);
      return;
    }
    this.core.raw(bytes);
    if (bytes.length === 0) {
      this.core.error('empty-frame');
      return;
    }
    this.core.decode({ type: 'bytes', bytes });
  }

  private clearAssembly(): void {
    if (this.assemblyTimer !== undefined) this.timers.clearTimeout(this.assemblyTimer);
    this.assemblyTimer = undefined;
    this.assembly = [];
  }
}
