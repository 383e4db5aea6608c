import { z } from 'zod';
import { KMTRONIC_MAX_CHANNELS } from './protocol/kmtronic';
import { LCUS_MAX_CHANNELS } from './protocol/lcus';
import { MODBUS_MAX_SLAVE } from './protocol/modbus';
import { USB_RELAY_MAX_CHANNELS } from './protocol/usb-hid';

/**
 * Relay settings as a technician's settings file holds them, one object per board, chosen by `kind`.
 * Every timing field is in milliseconds. Parse with relayConfigSchema: defaults are filled in.
 */

/** How a lost device is retried: initialMs, then × factor up to maxMs. */
export const reconnectSchema = z
  .object({
    initialMs: z.number().int().min(1).max(60_000).default(250),
    maxMs: z.number().int().min(1).max(600_000).default(10_000),
    factor: z.number().min(1).max(10).default(2),
  })
  .refine((r) => r.maxMs >= r.initialMs, { message: 'maxMs must be at least initialMs', path: ['maxMs'] });
export type ReconnectConfig = z.infer<typeof reconnectSchema>;

/**
 * The serial line. Relay boards use 8 data bits; mark/space parity is left out because the serialport
 * driver refuses it on Linux and macOS. Modbus RTU's standard framing is 8E1, but most relay modules ship 8N1.
 */
export const serialPortSchema = z.object({
  /** /dev/ttyUSB0, /dev/serial/by-id/…, COM3. */
  path: z.string().min(1),
  baudRate: z.number().int().min(300).max(921_600).default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});
export type SerialPortConfig = z.infer<typeof serialPortSchema>;

const serialCommon = {
  port: serialPortSchema,
  reconnect: reconnectSchema.prefault({}),
  /**
   * How often to check that a POSIX device path still exists (a pty or a USB adapter can vanish without
   * the open port noticing); 0 turns it off. Not used for Windows COM names.
   */
  presenceCheckMs: z.number().int().min(0).max(60_000).default(1000),
  /** A write that has not drained by then fails with 'timeout'. */
  writeTimeoutMs: z.number().int().min(10).max(30_000).default(1000),
};

export const lcusRelayConfigSchema = z.object({
  kind: z.literal('lcus'),
  channels: z.number().int().min(1).max(LCUS_MAX_CHANNELS).default(1),
  ...serialCommon,
});

export const kmtronicRelayConfigSchema = z.object({
  kind: z.literal('kmtronic'),
  channels: z.number().int().min(1).max(KMTRONIC_MAX_CHANNELS).default(1),
  /** Read the state back after every switch and fail with 'mismatch' if it differs. */
  verify: z.boolean().default(false),
  responseTimeoutMs: z.number().int().min(10).max(30_000).default(500),
  ...serialCommon,
});

export const modbusRelayConfigSchema = z.object({
  kind: z.literal('modbus-rtu'),
  /** 1..247; 0 broadcasts (no replies, so nothing can be confirmed). */
  slave: z.number().int().min(0).max(MODBUS_MAX_SLAVE).default(1),
  /** Coil address of channel 1 (0-based protocol address, not the 00001 register number). */
  coilBase: z.number().int().min(0).max(0xffff).default(0),
  channels: z.number().int().min(1).max(64).default(1),
  responseTimeoutMs: z.number().int().min(10).max(30_000).default(500),
  /** Extra attempts after a timeout or garbled reply (not after an exception reply). */
  retries: z.number().int().min(0).max(5).default(1),
  ...serialCommon,
}).refine((c) => c.coilBase + c.channels <= 0x10000, { message: 'coilBase + channels must fit in 65536 coils', path: ['coilBase'] });

export const usbHidRelayConfigSchema = z.object({
  kind: z.literal('usb-hid'),
  /** The board's 5-character id (from its feature report) when several boards are plugged in. */
  boardId: z.string().length(5).optional(),
  /** A node-hid device path, instead of the board id. */
  path: z.string().min(1).optional(),
  /** Overrides the count from the product string ("USBRelay2" → 2). */
  channels: z.number().int().min(1).max(USB_RELAY_MAX_CHANNELS).optional(),
  reconnect: reconnectSchema.prefault({}),
});

export const simulatedRelayConfigSchema = z.object({
  kind: z.literal('simulated'),
  channels: z.number().int().min(1).max(64).default(1),
});

export const relayConfigSchema = z.discriminatedUnion('kind', [
  usbHidRelayConfigSchema,
  lcusRelayConfigSchema,
  kmtronicRelayConfigSchema,
  modbusRelayConfigSchema,
  simulatedRelayConfigSchema,
]);

/** A parsed relay configuration (defaults filled in). */
export type RelayConfig = z.infer<typeof relayConfigSchema>;
/** What a settings file may contain (defaults optional). */
export type RelayConfigInput = z.input<typeof relayConfigSchema>;
export type LcusRelayConfig = z.infer<typeof lcusRelayConfigSchema>;
export type KmtronicRelayConfig = z.infer<typeof kmtronicRelayConfigSchema>;
export type ModbusRelayConfig = z.infer<typeof modbusRelayConfigSchema>;
export type UsbHidRelayConfig = z.infer<typeof usbHidRelayConfigSchema>;
export type SimulatedRelayConfig = z.infer<typeof simulatedRelayConfigSchema>;
