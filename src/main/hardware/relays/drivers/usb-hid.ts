import type { Logger } from '../../../log';
import type { HidBackend, HidDevice, HidDeviceInfo } from '../../hid/backend';
import type { Clock, TimerHandle } from '../clock';
import type { UsbHidRelayConfig } from '../config';
import { RelayError } from '../errors';
import { hex } from '../protocol/bytes';
import {
  decodeUsbRelayReport,
  encodeUsbRelayAll,
  encodeUsbRelayCommand,
  maskToStates,
  USB_RELAY_PRODUCT_ID,
  USB_RELAY_REPORT_LENGTH,
  USB_RELAY_VENDOR_ID,
  usbRelayChannelsFromProduct,
} from '../protocol/usb-hid';
import { RelayBase } from '../relay-base';
import { backoffDelay } from '../serial-link';

export interface UsbHidRelayOptions {
  config: UsbHidRelayConfig;
  /** The backend, or a loader for it (node-hid is loaded on first use). */
  backend: HidBackend | (() => Promise<HidBackend>);
  clock: Clock;
  log: Logger;
}

interface OpenBoard {
  device: HidDevice;
  info: HidDeviceInfo;
  boardId: string;
  unsubscribe: () => void;
}

/**
 * A "USBRelayN" HID board. Every switch is a feature report followed by a read-back of the state
 * bitmask; a bit that did not follow is a 'mismatch'. A failing HID call or an error from the
 * device closes it and starts the reconnect loop, which looks the board up again.
 *
 * The channel count is config.channels, else the N of the product string once the board is found
 * (8 until then, so channels can be registered before the board is plugged in).
 */
export class UsbHidRelay extends RelayBase {
  readonly kind = 'usb-hid' as const;
  private board: OpenBoard | undefined;
  private backend: HidBackend | undefined;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: UsbHidRelayOptions) {
    super(options.config.channels ?? 8, options.log);
    // After the constructor returns, so the caller can subscribe before the first status event.
    queueMicrotask(() => void this.connect());
  }

  readState(): Promise<boolean[]> {
    return this.enqueue('read state', () => Promise.resolve(maskToStates(this.readMask(), this.channels)));
  }

  setAll(on: boolean): Promise<void> {
    return this.enqueue(`set all ${on ? 'on' : 'off'}`, () => {
      this.sendReport(encodeUsbRelayAll(on));
      const want = on ? (1 << this.channels) - 1 : 0;
      const mask = this.readMask() & ((1 << this.channels) - 1);
      if (mask !== want) {
        return Promise.reject(new RelayError('mismatch', `USB relay reads ${mask.toString(2)} after switching all ${on ? 'on' : 'off'}`));
      }
      return Promise.resolve();
    });
  }

  protected transportUp(): boolean {
    return this.board !== undefined;
  }

  protected writeChannel(channel: number, on: boolean): Promise<void> {
    this.sendReport(encodeUsbRelayCommand(channel, on));
    const mask = this.readMask();
    const state = (mask & (1 << (channel - 1))) !== 0;
    if (state !== on) {
      return Promise.reject(
        new RelayError('mismatch', `USB relay channel ${channel} reads ${state ? 'on' : 'off'} after switching it ${on ? 'on' : 'off'} (state 0x${mask.toString(16)})`),
      );
    }
    return Promise.resolve();
  }

  protected release(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    this.dropBoard();
    return Promise.resolve();
  }

  private sendReport(report: number[]): void {
    const board = this.requireBoard();
    let written: number;
    try {
      written = board.device.sendFeatureReport(report);
    } catch (error) {
      throw this.lost(board, 'sendFeatureReport failed', error);
    }
    if (written < 0) throw this.lost(board, `sendFeatureReport returned ${written}`);
    this.log.debug({ report: hex(report) }, 'usb relay report sent');
  }

  private readMask(): number {
    const board = this.requireBoard();
    let report: number[];
    try {
      report = board.device.getFeatureReport(0, USB_RELAY_REPORT_LENGTH);
    } catch (error) {
      throw this.lost(board, 'getFeatureReport failed', error);
    }
    const decoded = decodeUsbRelayReport(report);
    if (!decoded.ok) throw new RelayError('protocol', `USB relay state report ${hex(report)}: ${decoded.reason}`);
    return decoded.stateMask;
  }

  private requireBoard(): OpenBoard {
    if (!this.board) throw new RelayError('disconnected', 'USB relay is not connected');
    return this.board;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.retryTimer = undefined;
    let reason: string;
    try {
      this.backend ??= typeof this.options.backend === 'function' ? await this.options.backend() : this.options.backend;
      const found = this.find(this.backend);
      if (found.ok) {
        if (this.stopped) {
          found.board.unsubscribe();
          found.board.device.close();
          return;
        }
        this.board = found.board;
        this.attempt = 0;
        this.log.info({ path: found.board.info.path, boardId: found.board.boardId, product: found.board.info.product }, 'usb relay open');
        await this.transportConnected();
        return;
      }
      reason = found.reason;
    } catch (error) {
      reason = `HID backend failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (this.attempt === 0) this.log.warn({ reason }, 'usb relay unavailable; retrying');
    this.transportDisconnected(reason);
    this.scheduleRetry();
  }

  private find(backend: HidBackend): { ok: true; board: OpenBoard } | { ok: false; reason: string } {
    const { config } = this.options;
    const candidates = backend
      .devices()
      .filter((d) => d.vendorId === USB_RELAY_VENDOR_ID && d.productId === USB_RELAY_PRODUCT_ID && usbRelayChannelsFromProduct(d.product) !== undefined)
      .filter((d) => config.path === undefined || d.path === config.path);
    if (candidates.length === 0) return { ok: false, reason: 'no USBRelay board found' };
    const problems: string[] = [];
    for (const info of candidates) {
      let device: HidDevice | undefined;
      try {
        device = backend.open(info.path);
        const decoded = decodeUsbRelayReport(device.getFeatureReport(0, USB_RELAY_REPORT_LENGTH));
        if (!decoded.ok) throw new Error(decoded.reason);
        if (config.boardId !== undefined && decoded.boardId !== config.boardId) {
          device.close();
          continue;
        }
        const product = usbRelayChannelsFromProduct(info.product) ?? 8;
        if (config.channels === undefined) this.channelCount = product;
        else if (config.channels > product) this.log.warn({ configured: config.channels, product: info.product }, 'usb relay has fewer channels than configured');
        const opened = device;
        const unsubscribe = opened.onError((error) => {
          const board = this.board;
          if (board?.device === opened) this.lost(board, 'device error', error);
        });
        return { ok: true, board: { device: opened, info, boardId: decoded.boardId, unsubscribe } };
      } catch (error) {
        problems.push(`${info.path}: ${error instanceof Error ? error.message : String(error)}`);
        try {
          device?.close();
        } catch {
          // already gone
        }
      }
    }
    return { ok: false, reason: problems.length > 0 ? problems.join('; ') : `no USBRelay board with id ${config.boardId ?? '?'}` };
  }

  /** Drops the board, reports 'disconnected' and starts reconnecting; returns the error for the failed command. */
  private lost(board: OpenBoard, what: string, cause?: unknown): RelayError {
    const detail = cause instanceof Error ? `${what}: ${cause.message}` : what;
    if (this.board === board) {
      this.log.warn({ path: board.info.path, reason: detail }, 'usb relay lost');
      this.dropBoard();
      this.transportDisconnected(detail);
      this.scheduleRetry();
    }
    return new RelayError('write-failed', `USB relay ${detail}`, { cause });
  }

  private dropBoard(): void {
    const board = this.board;
    this.board = undefined;
    if (!board) return;
    board.unsubscribe();
    try {
      board.device.close();
    } catch {
      // already gone
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = backoffDelay(this.options.config.reconnect, this.attempt);
    this.attempt++;
    this.retryTimer = this.options.clock.setTimeout(() => void this.connect(), delay);
  }
}
