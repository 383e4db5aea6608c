import { crc16Reflected, hex, needMore, skip, type ParseStep } from './bytes';

/**
 * Modbus RTU, as far as a relay board needs it (Modbus Application Protocol v1.1b3 and
 * "Modbus over serial line" v1.02):
 * - frame = slave address, function, data, CRC-16/MODBUS (poly 0x8005 reflected = 0xA001, init 0xFFFF,
 *   no final xor; check value 0x4B37 for "123456789"), CRC low byte first. `01 05 00 00 FF 00` → `8C 3A`.
 * - 05 Write Single Coil: address (2 bytes, big endian), value FF 00 = on / 00 00 = off; the reply echoes the request.
 * - 01 Read Coils: start address, quantity; reply is byte count then the coils, LSB of the first byte = first coil.
 * - 02 Read Discrete Inputs: the same frames for the board's digital inputs (a door contact): `0B 02 00 00 00 0A F8 A7`
 *   asks slave 11 for inputs 0-9; `0B 02 02 01 00 20 29` answers input 0 on, the rest off (Beckhoff's example frames).
 * - Exception reply: function | 0x80, one exception code byte.
 * - Slave address 0 is broadcast: slaves act but never reply.
 */
export const MODBUS_READ_COILS = 0x01;
export const MODBUS_READ_DISCRETE_INPUTS = 0x02;
export const MODBUS_WRITE_SINGLE_COIL = 0x05;
export const MODBUS_BROADCAST = 0;
export const MODBUS_MAX_SLAVE = 247;

/**
 * The silence that must separate RTU frames: 3.5 character times (11 bits each), fixed at 1.75 ms
 * above 19200 baud ("Modbus over serial line" 2.5.1.1). Rounded up to whole milliseconds.
 */
export function modbusSilenceMs(baudRate: number): number {
  return Math.ceil(baudRate > 19_200 ? 1.75 : (3.5 * 11 * 1000) / baudRate);
}

export function crc16Modbus(bytes: ArrayLike<number>, length = bytes.length): number {
  return crc16Reflected(0xa001, bytes, length);
}

/** The PDU with the slave address in front and the CRC (low byte first) behind. */
export function modbusFrame(slave: number, pdu: ArrayLike<number>): Uint8Array {
  const frame = new Uint8Array(pdu.length + 3);
  frame[0] = slave;
  frame.set(Array.from(pdu), 1);
  const crc = crc16Modbus(frame, frame.length - 2);
  frame[frame.length - 2] = crc & 0xff;
  frame[frame.length - 1] = crc >>> 8;
  return frame;
}

/** True if the last two bytes are the CRC of the rest. */
export function modbusCrcOk(frame: ArrayLike<number>): boolean {
  if (frame.length < 4) return false;
  const crc = crc16Modbus(frame, frame.length - 2);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

function assertSlave(slave: number): void {
  if (!Number.isInteger(slave) || slave < 0 || slave > MODBUS_MAX_SLAVE) throw new RangeError(`Modbus slave address must be 0..247, got ${slave}`);
}

function assertAddress(address: number): void {
  if (!Number.isInteger(address) || address < 0 || address > 0xffff) throw new RangeError(`Modbus coil address must be 0..65535, got ${address}`);
}

export function encodeWriteSingleCoil(slave: number, address: number, on: boolean): Uint8Array {
  assertSlave(slave);
  assertAddress(address);
  return modbusFrame(slave, [MODBUS_WRITE_SINGLE_COIL, address >>> 8, address & 0xff, on ? 0xff : 0x00, 0x00]);
}

function encodeReadBits(fn: number, what: string, slave: number, address: number, quantity: number): Uint8Array {
  assertSlave(slave);
  assertAddress(address);
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 2000 || address + quantity > 0x10000) {
    throw new RangeError(`Modbus read ${what} quantity must be 1..2000 within the address space, got ${quantity}`);
  }
  return modbusFrame(slave, [fn, address >>> 8, address & 0xff, quantity >>> 8, quantity & 0xff]);
}

export function encodeReadCoils(slave: number, address: number, quantity: number): Uint8Array {
  return encodeReadBits(MODBUS_READ_COILS, 'coils', slave, address, quantity);
}

/** 02 Read Discrete Inputs: the board's digital inputs `address`… (`quantity` of them). */
export function encodeReadDiscreteInputs(slave: number, address: number, quantity: number): Uint8Array {
  return encodeReadBits(MODBUS_READ_DISCRETE_INPUTS, 'inputs', slave, address, quantity);
}

export const modbusExceptionNames: Readonly<Record<number, string>> = {
  0x01: 'illegal function',
  0x02: 'illegal data address',
  0x03: 'illegal data value',
  0x04: 'server device failure',
  0x05: 'acknowledge',
  0x06: 'server device busy',
  0x08: 'memory parity error',
  0x0a: 'gateway path unavailable',
  0x0b: 'gateway target device failed to respond',
};

export function describeModbusException(code: number): string {
  return `${modbusExceptionNames[code] ?? 'unknown exception'} (0x${code.toString(16).padStart(2, '0').toUpperCase()})`;
}

export type ModbusReply =
  | { kind: 'ok'; function: number; frame: Uint8Array }
  | { kind: 'exception'; function: number; code: number };

/** Length of a normal reply to `fn`, or need-more / unsupported. */
function replyLength(buffer: Uint8Array, fn: number): number | 'need-more' | 'unsupported' {
  switch (fn) {
    case 0x05:
    case 0x06:
    case 0x0f:
    case 0x10:
      return 8;
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04: {
      const count = buffer[2];
      return count === undefined ? 'need-more' : 5 + count;
    }
    default:
      return 'unsupported';
  }
}

/**
 * Finds the reply from `slave` to function `fn` at the start of `buffer`. Anything else there (noise,
 * another slave, a bad CRC) is skipped a byte at a time so the parser finds the frame behind it.
 */
export function parseModbusReply(buffer: Uint8Array, slave: number, fn: number): ParseStep<ModbusReply> {
  if (buffer.length === 0) return needMore;
  if (buffer[0] !== slave) return skip(`byte ${hex([buffer[0] ?? 0])} is not slave ${slave}`);
  if (buffer.length < 2) return needMore;
  const replyFn = buffer[1] ?? 0;
  if (replyFn === (fn | 0x80)) {
    if (buffer.length < 5) return needMore;
    const frame = buffer.subarray(0, 5);
    if (!modbusCrcOk(frame)) return skip('exception reply with a bad CRC');
    return { kind: 'frame', length: 5, value: { kind: 'exception', function: fn, code: frame[2] ?? 0 } };
  }
  if (replyFn !== fn) return skip(`function ${replyFn} is not the ${fn} asked for`);
  const length = replyLength(buffer, fn);
  if (length === 'unsupported') return skip(`function ${fn} is not supported`);
  if (length === 'need-more' || buffer.length < length) return needMore;
  const frame = buffer.subarray(0, length);
  if (!modbusCrcOk(frame)) return skip('reply with a bad CRC');
  return { kind: 'frame', length, value: { kind: 'ok', function: fn, frame: frame.slice() } };
}

/** A Write Single Coil reply must echo the request byte for byte. */
export function isWriteCoilEcho(reply: Uint8Array, request: Uint8Array): boolean {
  return reply.length === request.length && reply.every((b, i) => b === request[i]);
}

/** Bit states from a Read Coils or Read Discrete Inputs reply frame (`slave 01|02 count data… crc`). */
export function decodeReadCoils(frame: Uint8Array, quantity: number): boolean[] | undefined {
  const count = frame[2] ?? 0;
  if (count !== Math.ceil(quantity / 8) || frame.length !== 5 + count) return undefined;
  return Array.from({ length: quantity }, (_, i) => ((frame[3 + (i >> 3)] ?? 0) & (1 << (i & 7))) !== 0);
}
