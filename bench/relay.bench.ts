import { hex } from '../src/main/hardware/relays/protocol/bytes';
import { encodeKmtronicCommand } from '../src/main/hardware/relays/protocol/kmtronic';
import { encodeLcusCommand } from '../src/main/hardware/relays/protocol/lcus';
import { crc16Modbus, encodeWriteSingleCoil, parseModbusReply } from '../src/main/hardware/relays/protocol/modbus';
import { encodeUsbRelayCommand } from '../src/main/hardware/relays/protocol/usb-hid';
import { msSince } from './stats';
import type { BenchFigure } from './types';

/** Calls `fn` n times and returns operations per second; the checksum keeps the work from being optimised away. */
function opsPerSecond(n: number, fn: (i: number) => number): { ops: number; checksum: number } {
  let checksum = 0;
  for (let i = 0; i < 1000; i++) checksum ^= fn(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) checksum ^= fn(i);
  const ms = msSince(start);
  return { ops: (n / ms) * 1000, checksum };
}

/** Relay command encoding and reply parsing: all far below a serial line's 1 ms per byte at 9600 baud. */
export function run(): Promise<BenchFigure[]> {
  const n = 200_000;
  const lcus = opsPerSecond(n, (i) => encodeLcusCommand((i & 7) + 1, (i & 8) !== 0)[3]!);
  const kmtronic = opsPerSecond(n, (i) => encodeKmtronicCommand((i & 7) + 1, (i & 8) !== 0)[2]!);
  const hid = opsPerSecond(n, (i) => encodeUsbRelayCommand((i & 7) + 1, (i & 8) !== 0)[1]!);
  const modbus = opsPerSecond(n, (i) => encodeWriteSingleCoil(1, i & 0xffff, (i & 1) === 1)[7]!);
  const echo = encodeWriteSingleCoil(1, 0, true);
  const noisy = Uint8Array.from([0x13, 0x37, 0x00, ...echo]);
  const parse = opsPerSecond(n, (i) => {
    let buffer = i & 1 ? noisy : echo;
    for (;;) {
      const step = parseModbusReply(buffer, 1, 0x05);
      if (step.kind === 'frame') return step.length;
      if (step.kind === 'need-more') return 0;
      buffer = buffer.subarray(step.count);
    }
  });
  const block = new Uint8Array(256).map((_, i) => i);
  const crc = opsPerSecond(n / 10, (i) => crc16Modbus(block) ^ i);
  const checksum = lcus.checksum ^ kmtronic.checksum ^ hid.checksum ^ modbus.checksum ^ parse.checksum ^ crc.checksum;
  return Promise.resolve([
    { name: 'LCUS command encode', value: lcus.ops, unit: 'ops/s' },
    { name: 'KMTronic command encode', value: kmtronic.ops, unit: 'ops/s' },
    { name: 'USB HID relay report encode', value: hid.ops, unit: 'ops/s' },
    { name: 'Modbus write-coil encode (with CRC)', value: modbus.ops, unit: 'ops/s', note: `e.g. ${hex(echo)}` },
    { name: 'Modbus reply parse (half with leading noise)', value: parse.ops, unit: 'ops/s' },
    { name: 'CRC-16/MODBUS over 256 bytes', value: (crc.ops * 256) / 1e6, unit: 'MB/s', note: `checksum ${checksum & 0xff}` },
    { name: 'Modbus encode vs LCUS encode time ratio', value: lcus.ops / modbus.ops, unit: 'x' },
  ]);
}
